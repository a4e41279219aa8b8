"""The demo register obeys the register's own rules, loads once, and the demo
logins work."""

from __future__ import annotations

import datetime

import pytest
from django.db.models import Exists, F, OuterRef, Q

from tallrapport.accounts.models import Membership, Role, Unit, UnitKind, User
from tallrapport.cases.models import Case, Family, half_year_of
from tallrapport.demo.loader import LoadResult, load_demo_data
from tallrapport.demo.organisation import RADGIVER2_SCHOOL, RADGIVER_SCHOOL

pytestmark = pytest.mark.django_db

COUNTIES_2024 = {
    "Østfold", "Akershus", "Buskerud", "Oslo", "Innlandet", "Vestfold", "Telemark", "Agder",
    "Rogaland", "Vestland", "Møre og Romsdal", "Trøndelag", "Nordland", "Troms", "Finnmark",
}  # fmt: skip


def _membership_at_date() -> Exists:
    return Exists(
        Membership.objects.filter(
            user=OuterRef("registered_by"),
            unit=OuterRef("unit"),
            valid_from__lte=OuterRef("registered_on"),
        ).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=OuterRef("registered_on")))
    )


def test_loading_twice_duplicates_nothing(demo: LoadResult) -> None:
    # given a loaded demo
    before = [m.objects.count() for m in (Case, Family, Unit, User, Membership)]
    # when loading again
    again = load_demo_data()
    # then nothing new exists
    assert demo.created and demo.cases > 5000
    assert not again.created
    assert [m.objects.count() for m in (Case, Family, Unit, User, Membership)] == before


def test_demo_users_exist_with_password_demo(demo: LoadResult) -> None:
    # given the demo users
    users = {u.username: u for u in User.objects.filter(username__in=_NAMED)}
    # then each has its role and logs in with "demo"
    assert set(users) == set(_NAMED)
    assert users["analytiker"].role == Role.ANALYST
    assert users["admin"].is_staff and users["admin"].is_superuser
    for name in ("radgiver", "radgiver2", "utsending"):
        assert users[name].role == Role.ADVISOR
    # one hash serves every demo user (hashing is slow on purpose): checking it
    # once checks them all
    everyone = User.objects.filter(Q(username__in=_NAMED) | Q(username__startswith="radgiver"))
    assert everyone.values("password").distinct().count() == 1
    assert users["radgiver"].check_password("demo")


_NAMED = ("radgiver", "radgiver2", "utsending", "analytiker", "admin")


def test_advisors_work_where_the_brief_says(demo: LoadResult) -> None:
    today = datetime.date.today()

    def unit_of(username: str) -> Unit:
        membership = Membership.objects.select_related("unit").get(user__username=username)
        assert membership.covers(today)
        return membership.unit

    assert unit_of("radgiver").name == RADGIVER_SCHOOL
    assert unit_of("radgiver2").name == RADGIVER2_SCHOOL
    assert unit_of("radgiver").kind in {UnitKind.UPPER_SECONDARY, UnitKind.LOWER_SECONDARY}
    assert unit_of("radgiver2").kind in {UnitKind.UPPER_SECONDARY, UnitKind.LOWER_SECONDARY}
    nairobi = unit_of("utsending")
    assert (nairobi.kind, nairobi.host_country_code, nairobi.city) == (
        UnitKind.EMBASSY,
        "ke",
        "Nairobi",
    )


def test_organisation_is_shaped_like_the_reports(demo: LoadResult) -> None:
    schools = Unit.objects.filter(scheme__code="mangfoldsradgiver")
    in_2019 = schools.filter(valid_from__lte=datetime.date(2019, 12, 31)).exclude(
        valid_to__lt=datetime.date(2019, 1, 1)
    )
    assert 45 <= schools.count() <= 59
    assert in_2019.count() == 45
    assert set(schools.values_list("kind", flat=True)) == {
        UnitKind.LOWER_SECONDARY,
        UnitKind.UPPER_SECONDARY,
        UnitKind.ADULT_EDUCATION,
        UnitKind.GUIDANCE_CENTRE,
    }
    assert set(schools.values_list("county", flat=True)) <= COUNTIES_2024
    embassies = Unit.objects.filter(scheme__code="spesialutsending")
    assert set(embassies.values_list("city", "host_country_code")) == {
        ("Ankara", "tr"),
        ("Amman", "jo"),
        ("Islamabad", "pk"),
        ("Nairobi", "ke"),
    }

    def advisors_on(day: datetime.date) -> int:
        return (
            Membership.objects.filter(unit__scheme__code="mangfoldsradgiver", valid_from__lte=day)
            .exclude(valid_to__lt=day)
            .values("user")
            .distinct()
            .count()
        )

    assert advisors_on(datetime.date(2019, 10, 1)) == 49
    assert advisors_on(datetime.date(2023, 10, 1)) == 59


def test_every_case_is_registered_by_a_member_of_its_unit_on_its_date(demo: LoadResult) -> None:
    # when looking for cases whose registrar was not at the unit that day
    orphans = Case.objects.annotate(ok=_membership_at_date()).filter(ok=False)
    # then there are none
    assert not orphans.exists()
    assert not Case.objects.filter(registered_by__isnull=True).exists()


def test_cases_are_consistent_with_their_date(demo: LoadResult) -> None:
    today = datetime.date.today()
    assert not Case.objects.filter(registered_on__gt=today).exists()
    assert not Case.objects.exclude(scheme=F("unit__scheme")).exists()
    for case in Case.objects.select_related("main_category__scheme", "scheme").iterator():
        assert case.year == case.registered_on.year
        assert case.half_year == half_year_of(case.registered_on)
        assert case.main_category.is_valid_on(case.registered_on), case.main_category
        category_scheme = case.main_category.scheme
        assert category_scheme is None or category_scheme == case.scheme


def test_demo_users_units_have_cases_every_year(demo: LoadResult) -> None:
    for unit_name in (RADGIVER_SCHOOL, RADGIVER2_SCHOOL, "Ambassaden i Nairobi"):
        years = set(Case.objects.filter(unit__name=unit_name).values_list("year", flat=True))
        assert set(range(2019, 2026)) <= years, unit_name
    for city in ("Ankara", "Amman", "Islamabad", "Nairobi"):
        assert Case.objects.filter(unit__city=city, year=2023).count() > 20


def test_family_members_share_unit_and_date(demo: LoadResult) -> None:
    families = Family.objects.prefetch_related("cases")
    assert families.exists()
    for family in families:
        cases = list(family.cases.all())
        assert len(cases) >= 2
        assert {c.unit_id for c in cases} == {family.unit_id}
        assert len({c.registered_on for c in cases}) == 1
        assert {c.scheme.code for c in cases} == {"spesialutsending"}


def test_the_demo_closes_its_finished_years_once(demo: LoadResult) -> None:
    # given the demo register and its analyst
    from tallrapport.cases.models import ClosedYear
    from tallrapport.demo.years import close_reported_years

    analyst = User.objects.get(username="analytiker")
    today = datetime.date(2026, 11, 22)
    # when closing the reported years twice
    first = close_reported_years(analyst=analyst, today=today)
    second = close_reported_years(analyst=analyst, today=today)
    # then every finished year of both schemes is closed, and nothing the second time
    assert first == 2 * len(range(2019, 2026))
    assert second == 0
    assert not ClosedYear.objects.filter(year=2026).exists()
