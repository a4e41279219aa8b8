"""The demo organisation: fictional schools in real counties, the four embassies,
demo users and their memberships.

School names are invented compounds (no real school, no real person); counties
are the 15 of 2024 and each municipality really lies in its county. Sizes follow
the reports: 45 diversity-advisor units with 49 advisors in 2019, 59 advisors in
2023, four envoys. Everything has a deterministic id or natural key so that a
second load updates instead of duplicating.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Mapping
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password

from tallrapport.accounts.models import Membership, Role, Scheme, Unit, UnitKind, User

NAMESPACE = uuid.UUID("5b0f5f8e-2f0a-4c59-9a57-7d3c1e0d2a11")
DEMO_PASSWORD = "demo"  # noqa: S105 - printed at start; demo mode only

VGS = UnitKind.UPPER_SECONDARY
US = UnitKind.LOWER_SECONDARY
VO = UnitKind.ADULT_EDUCATION
VS = UnitKind.GUIDANCE_CENTRE

D = datetime.date
OPEN = None


@dataclass(frozen=True)
class SchoolSpec:
    name: str
    kind: str
    county: str
    municipality: str
    valid_from: datetime.date
    # Relative share of the scheme's cases (a big upper secondary school sees more).
    weight: float = 1.0
    valid_to: datetime.date | None = None


# 45 units in 2019 (one of them leaves in 2021), 8 join from 2020 to 2023.
# fmt: off
SCHOOLS: tuple[SchoolSpec, ...] = (
    SchoolSpec("Fjordtun videregående skole", VGS, "Vestland", "Bergen", D(2008, 8, 1), weight=2),
    SchoolSpec("Lyngbakken ungdomsskole", US, "Oslo", "Oslo", D(2013, 8, 1), weight=1.5),
    SchoolSpec("Havbris videregående skole", VGS, "Rogaland", "Stavanger", D(2008, 8, 1), weight=2),
    SchoolSpec("Nordlysåsen videregående skole", VGS, "Troms", "Tromsø", D(2011, 8, 1)),
    SchoolSpec("Tindeglimt ungdomsskole", US, "Innlandet", "Hamar", D(2015, 8, 1)),
    SchoolSpec("Elvesus voksenopplæring", VO, "Buskerud", "Drammen", D(2014, 8, 1), weight=1.5),
    SchoolSpec("Solsikkelia videregående skole", VGS, "Akershus", "Bærum", D(2009, 8, 1), weight=2),
    SchoolSpec("Måkeskjær ungdomsskole", US, "Agder", "Kristiansand", D(2015, 8, 1)),
    SchoolSpec("Skoddeheim videregående skole", VGS, "Møre og Romsdal", "Ålesund", D(2010, 8, 1)),
    SchoolSpec("Bølgetun voksenopplæring", VO, "Vestfold", "Sandefjord", D(2016, 8, 1)),
    SchoolSpec("Furuglimt videregående skole", VGS, "Trøndelag", "Trondheim", D(2008, 8, 1), 2),
    SchoolSpec("Vindkast ungdomsskole", US, "Østfold", "Fredrikstad", D(2014, 8, 1)),
    SchoolSpec("Sjøsprøyt videregående skole", VGS, "Telemark", "Skien", D(2012, 8, 1)),
    SchoolSpec("Kvitrypa ungdomsskole", US, "Nordland", "Bodø", D(2017, 8, 1), weight=0.7),
    SchoolSpec("Reinlav videregående skole", VGS, "Finnmark", "Alta", D(2016, 8, 1), weight=0.6),
    SchoolSpec("Blåbærlia ungdomsskole", US, "Akershus", "Lillestrøm", D(2014, 8, 1), 1.5),
    SchoolSpec("Tyttebærhaugen videregående skole", VGS, "Innlandet", "Gjøvik", D(2013, 8, 1)),
    SchoolSpec("Multemyra voksenopplæring", VO, "Trøndelag", "Steinkjer", D(2017, 8, 1), 0.7),
    SchoolSpec("Nøkkerosa videregående skole", VGS, "Østfold", "Sarpsborg", D(2010, 8, 1)),
    SchoolSpec("Kobberdalen ungdomsskole", US, "Buskerud", "Kongsberg", D(2016, 8, 1), 0.8),
    SchoolSpec("Sildebakken videregående skole", VGS, "Rogaland", "Haugesund", D(2012, 8, 1)),
    SchoolSpec("Taretun voksenopplæring", VO, "Rogaland", "Sandnes", D(2015, 8, 1)),
    SchoolSpec("Steinkobbe videregående skole", VGS, "Oslo", "Oslo", D(2008, 8, 1), weight=2.5),
    SchoolSpec("Lerkesang ungdomsskole", US, "Oslo", "Oslo", D(2012, 8, 1), weight=1.8),
    SchoolSpec("Hegreberget videregående skole", VGS, "Oslo", "Oslo", D(2009, 8, 1), weight=2.2),
    SchoolSpec("Ospeskogen voksenopplæring", VO, "Oslo", "Oslo", D(2013, 8, 1), weight=1.8),
    SchoolSpec("Fiskeørn videregående skole", VGS, "Vestland", "Øygarden", D(2017, 8, 1)),
    SchoolSpec("Regnbyge ungdomsskole", US, "Vestland", "Bergen", D(2014, 8, 1), weight=1.4),
    SchoolSpec("Lundefugl videregående skole", VGS, "Nordland", "Narvik", D(2015, 8, 1), 0.7),
    SchoolSpec("Snøkrystall ungdomsskole", US, "Troms", "Harstad", D(2018, 8, 1), weight=0.6),
    SchoolSpec("Korsnebb videregående skole", VGS, "Agder", "Arendal", D(2011, 8, 1)),
    SchoolSpec("Sandlo ungdomsskole", US, "Vestfold", "Tønsberg", D(2016, 8, 1)),
    SchoolSpec("Kvernsteinen videregående skole", VGS, "Vestfold", "Larvik", D(2013, 8, 1)),
    SchoolSpec("Bekkasin voksenopplæring", VO, "Telemark", "Porsgrunn", D(2018, 8, 1), 0.8),
    SchoolSpec("Linerla videregående skole", VGS, "Akershus", "Asker", D(2012, 8, 1), 1.4),
    SchoolSpec("Jordbærstien ungdomsskole", US, "Akershus", "Lørenskog", D(2015, 8, 1), 1.4),
    SchoolSpec("Vardeglød videregående skole", VGS, "Akershus", "Nordre Follo", D(2014, 8, 1)),
    SchoolSpec("Tårnfalk videregående skole", VGS, "Buskerud", "Ringerike", D(2017, 8, 1), 0.8),
    SchoolSpec("Rimfrost ungdomsskole", US, "Innlandet", "Lillehammer", D(2018, 8, 1), 0.7),
    SchoolSpec("Lyngheia veiledningssenter", VS, "Oslo", "Oslo", D(2013, 1, 1), weight=1.2),
    SchoolSpec("Kystlys veiledningssenter", VS, "Vestland", "Bergen", D(2014, 1, 1)),
    SchoolSpec("Sørvestvind veiledningssenter", VS, "Rogaland", "Stavanger", D(2015, 1, 1)),
    SchoolSpec("Midtlia veiledningssenter", VS, "Trøndelag", "Trondheim", D(2016, 1, 1)),
    SchoolSpec("Polarstjerna veiledningssenter", VS, "Nordland", "Bodø", D(2017, 1, 1), 0.6),
    SchoolSpec(
        "Granskauen ungdomsskole", US, "Østfold", "Moss", D(2015, 8, 1), 0.8, D(2021, 6, 30)
    ),
    SchoolSpec("Myrsnipa videregående skole", VGS, "Østfold", "Halden", D(2020, 8, 1)),
    SchoolSpec("Elgtråkket ungdomsskole", US, "Innlandet", "Elverum", D(2020, 8, 1), 0.8),
    SchoolSpec("Havørna voksenopplæring", VO, "Møre og Romsdal", "Molde", D(2021, 8, 1), 0.8),
    SchoolSpec("Kaiefjell videregående skole", VGS, "Møre og Romsdal", "Kristiansund",
               D(2021, 8, 1)),
    SchoolSpec("Nordkappkyst voksenopplæring", VO, "Finnmark", "Vadsø", D(2022, 1, 1), 0.5),
    SchoolSpec("Bjølleblom ungdomsskole", US, "Agder", "Grimstad", D(2022, 8, 1), 0.8),
    SchoolSpec("Fossedur videregående skole", VGS, "Telemark", "Notodden", D(2023, 1, 1), 0.8),
    SchoolSpec("Østavind veiledningssenter", VS, "Innlandet", "Hamar", D(2023, 1, 1), 0.8),
)
# fmt: on

EMBASSIES: tuple[tuple[str, str, str], ...] = (
    ("Ankara", "tr", "Ankara"),
    ("Amman", "jo", "Amman"),
    ("Islamabad", "pk", "Islamabad"),
    ("Nairobi", "ke", "Nairobi"),
)
# Share of the envoys' cases per embassy (the reports: Somalia and Iraq dominate).
EMBASSY_WEIGHTS = {"Ankara": 1.2, "Amman": 1.0, "Islamabad": 0.8, "Nairobi": 1.3}

RADGIVER_SCHOOL = "Fjordtun videregående skole"
RADGIVER2_SCHOOL = "Lyngbakken ungdomsskole"
ENVOY_CITY = "Nairobi"

# Units that got a second advisor: four before 2019, three more in August 2022.
SECOND_ADVISOR_EARLY = (
    "Steinkobbe videregående skole",
    "Hegreberget videregående skole",
    "Havbris videregående skole",
    "Furuglimt videregående skole",
)
SECOND_ADVISOR_LATE = (
    "Solsikkelia videregående skole",
    "Ospeskogen voksenopplæring",
    "Lerkesang ungdomsskole",
)
# Units whose first advisor left; a new one took over the next day.
HANDOVERS = {
    "Tindeglimt ungdomsskole": D(2021, 7, 31),
    "Sjøsprøyt videregående skole": D(2020, 12, 31),
    "Sildebakken videregående skole": D(2022, 7, 31),
    "Korsnebb videregående skole": D(2019, 12, 31),
    "Linerla videregående skole": D(2023, 7, 31),
    "Rimfrost ungdomsskole": D(2024, 7, 31),
}
ENVOY_HANDOVERS = {"Ankara": D(2021, 8, 31), "Islamabad": D(2022, 8, 31)}
# The demo users' memberships start before the first register year, so that
# they see the whole history of their unit.
DEMO_MEMBER_SINCE = D(2018, 8, 1)


@dataclass(frozen=True)
class Login:
    username: str
    role: str
    where: str


def unit_id(name: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"unit:{name}")


def embassy_name(city: str) -> str:
    return f"Ambassaden i {city}"


def _unit(scheme: Scheme, **fields: object) -> Unit:
    name = str(fields["name"])
    unit, _ = Unit.objects.update_or_create(id=unit_id(name), defaults={"scheme": scheme, **fields})
    return unit


class _PasswordHash:
    """The demo password's hash, computed once and only if a user is created:
    hashing is deliberately slow, and a restart creates nobody."""

    def __init__(self) -> None:
        self._value: str | None = None

    def __str__(self) -> str:
        if self._value is None:
            self._value = make_password(DEMO_PASSWORD)
        return self._value


def _user(username: str, role: str, password_hash: _PasswordHash, **fields: object) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        return User.objects.create(
            username=username, role=role, password=str(password_hash), **fields
        )
    if user.role != role:
        user.role = role
        user.save(update_fields=["role"])
    return user


def _member(
    user: User, unit: Unit, since: datetime.date, until: datetime.date | None = None
) -> None:
    Membership.objects.update_or_create(
        user=user, unit=unit, valid_from=since, defaults={"valid_to": until}
    )


def ensure_organisation() -> list[Login]:
    """Create or update the demo units, users and memberships; return the logins.

    Passwords are set only when a user is created, so a restart neither resets a
    changed password nor logs everybody out. One hash is computed and shared by
    all demo users: hashing is deliberately slow and there are about 70 of them.
    """
    password_hash = _PasswordHash()
    units = _units()
    _named_logins(units, password_hash)
    advisors = _Numbered("radgiver", "Rådgiver", password_hash, number=3)
    _staff_schools(units, advisors)
    envoys = _Numbered("utsending", "Spesialutsending", password_hash, number=2)
    _staff_embassies(units, envoys)
    return [
        Login("radgiver", "mangfoldsrådgiver", RADGIVER_SCHOOL),
        Login("radgiver2", "mangfoldsrådgiver", RADGIVER2_SCHOOL),
        Login("utsending", "spesialutsending", embassy_name(ENVOY_CITY)),
        Login("analytiker", "analytiker", "alle enheter"),
        Login("admin", "administrator", "startside med admin, revisjonslogg og planer"),
        Login(f"radgiver03 … radgiver{advisors.last:02d}", "mangfoldsrådgiver", "andre skoler"),
        Login(f"utsending02 … utsending{envoys.last:02d}", "spesialutsending", "andre ambassader"),
    ]


def _units() -> dict[str, Unit]:
    """Every school by its name and every embassy by its city."""
    diversity = Scheme.objects.get(code=Scheme.DIVERSITY_ADVISORS)
    envoys = Scheme.objects.get(code=Scheme.SPECIAL_ENVOYS)
    units: dict[str, Unit] = {}
    for spec in SCHOOLS:
        units[spec.name] = _unit(
            diversity,
            name=spec.name,
            kind=spec.kind,
            county=spec.county,
            municipality=spec.municipality,
            host_country_code="",
            city="",
            valid_from=spec.valid_from,
            valid_to=spec.valid_to,
        )
    for city, country, _ in EMBASSIES:
        units[city] = _unit(
            envoys,
            name=embassy_name(city),
            kind=UnitKind.EMBASSY,
            county="",
            municipality="",
            host_country_code=country,
            city=city,
            valid_from=D(2008, 1, 1),
            valid_to=None,
        )
    return units


def _named_logins(units: Mapping[str, Unit], password_hash: _PasswordHash) -> None:
    """The five users the start-up message names, one per role and scheme."""
    radgiver = _user(
        "radgiver", Role.ADVISOR, password_hash, first_name="Demo", last_name="Rådgiver"
    )
    _member(radgiver, units[RADGIVER_SCHOOL], DEMO_MEMBER_SINCE)
    radgiver2 = _user(
        "radgiver2", Role.ADVISOR, password_hash, first_name="Demo", last_name="Rådgiver to"
    )
    _member(radgiver2, units[RADGIVER2_SCHOOL], DEMO_MEMBER_SINCE)
    utsending = _user(
        "utsending", Role.ADVISOR, password_hash, first_name="Demo", last_name="Spesialutsending"
    )
    _member(utsending, units[ENVOY_CITY], DEMO_MEMBER_SINCE)
    _user("analytiker", Role.ANALYST, password_hash, first_name="Demo", last_name="Analytiker")
    _user(
        "admin",
        Role.ADMINISTRATOR,
        password_hash,
        first_name="Demo",
        last_name="Administrator",
        is_staff=True,
        is_superuser=True,
    )


class _Numbered:
    """Advisors named by a running number in the order they are created
    (radgiver03, radgiver04, …), so a second load finds the same users again."""

    def __init__(
        self, prefix: str, last_name: str, password_hash: _PasswordHash, *, number: int
    ) -> None:
        self._prefix = prefix
        self._last_name = last_name
        self._password_hash = password_hash
        self._number = number

    def next(self) -> User:
        user = _user(
            f"{self._prefix}{self._number:02d}",
            Role.ADVISOR,
            self._password_hash,
            first_name="Demo",
            last_name=f"{self._last_name} {self._number:02d}",
        )
        self._number += 1
        return user

    @property
    def last(self) -> int:
        """The number of the last advisor created."""
        return self._number - 1


def _staff_schools(units: Mapping[str, Unit], advisors: _Numbered) -> None:
    """One advisor per school (two in turn where it changed hands), and a second
    advisor at the schools that got one in 2018 or 2022."""
    for spec in SCHOOLS:
        if spec.name in (RADGIVER_SCHOOL, RADGIVER2_SCHOOL):
            continue
        unit = units[spec.name]
        handover = HANDOVERS.get(spec.name)
        if handover:
            _member(advisors.next(), unit, spec.valid_from, handover)
            _member(advisors.next(), unit, handover + datetime.timedelta(days=1), spec.valid_to)
        else:
            _member(advisors.next(), unit, spec.valid_from, spec.valid_to)
    for name in SECOND_ADVISOR_EARLY:
        _member(advisors.next(), units[name], D(2018, 8, 1))
    for name in SECOND_ADVISOR_LATE:
        _member(advisors.next(), units[name], D(2022, 8, 1))


def _staff_embassies(units: Mapping[str, Unit], envoys: _Numbered) -> None:
    """One envoy per embassy since 2017, and a successor where the post changed hands."""
    for city, _, _ in EMBASSIES:
        if city == ENVOY_CITY:
            continue
        unit = units[city]
        handover = ENVOY_HANDOVERS.get(city)
        _member(envoys.next(), unit, D(2017, 9, 1), handover)
        if handover:
            _member(envoys.next(), unit, handover + datetime.timedelta(days=1))
