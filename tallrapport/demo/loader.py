"""The demo register's rows: the planner's counts become cases, loaded once.

``load_demo_data`` makes the demo organisation, asks ``planner`` for every
scheme's and year's counts, turns each plan into cases with dates, units and
advisors (``cases_for``) and writes them in one transaction. The same seed gives
the same register, with the same ids, so a second load can see that it is there.
"""

from __future__ import annotations

import datetime
import random
import time
import uuid
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from tallrapport.accounts.models import Membership, Scheme, Unit
from tallrapport.cases.models import (
    Case,
    Category,
    Country,
    Family,
    GuidedPerson,
    ReferralSource,
    half_year_of,
)
from tallrapport.demo.fitting import fit_table, shuffled_labels
from tallrapport.demo.organisation import (
    EMBASSY_WEIGHTS,
    NAMESPACE,
    SCHOOLS,
    Login,
    embassy_name,
    ensure_organisation,
)
from tallrapport.demo.planner import (
    EMPLOYEE_GUIDED_SHARE,
    FIRST_YEAR,
    MONTH_WEIGHTS,
    MUTILATION,
    MUTILATION_COUNTRIES,
    SCHEMES,
    SEED,
    Classifications,
    YearPlan,
    plan_register,
)


def _uuid(*parts: object) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, ":".join(str(part) for part in parts))


def marker_case_id() -> uuid.UUID:
    """The id of the first demo case; the load writes all cases in one transaction,
    so if this one exists, the demo register is complete."""
    return _uuid("case", Scheme.DIVERSITY_ADVISORS, FIRST_YEAR, 0)


def classifications_load() -> Classifications:
    """Today's classifications with every printed name and alias, for the planner."""
    categories = {c.code: c for c in Category.objects.select_related("scheme")}
    countries = {c.code: c for c in Country.objects.all()}
    sources = {s.code: s for s in ReferralSource.objects.all()}
    category_names = {c.name: c.code for c in categories.values()}
    for category in categories.values():
        for alias in category.aliases.all():
            category_names[alias.name] = category.code
    country_names = {c.name: c.code for c in countries.values()}
    for country in countries.values():
        for country_alias in country.aliases.all():
            country_names[country_alias.name] = country.code
    source_names = {s.name.lower(): s.code for s in sources.values()}
    for source in sources.values():
        for source_alias in source.aliases.all():
            source_names[source_alias.name.lower()] = source.code
    return Classifications(
        categories, countries, sources, category_names, country_names, source_names
    )


# --- cases -----------------------------------------------------------------


@dataclass(frozen=True)
class Posting:
    """That a user could register cases at a unit between two dates."""

    unit_id: uuid.UUID
    user_id: int
    valid_from: datetime.date
    valid_to: datetime.date | None

    def covers(self, day: datetime.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


@dataclass
class Staffing:
    """Units of one scheme with their case weights and who worked there when."""

    units: list[Unit]
    weights: dict[uuid.UUID, float]
    postings: dict[uuid.UUID, list[Posting]]

    @classmethod
    def load(cls, scheme: str, unit_weights: Mapping[str, float]) -> Staffing:
        units = list(Unit.objects.filter(scheme__code=scheme).order_by("name"))
        postings: dict[uuid.UUID, list[Posting]] = defaultdict(list)
        for membership in Membership.objects.filter(unit__scheme__code=scheme).order_by(
            "unit_id", "valid_from", "user_id"
        ):
            postings[membership.unit_id].append(
                Posting(
                    membership.unit_id,
                    membership.user_id,
                    membership.valid_from,
                    membership.valid_to,
                )
            )
        weights = {unit.id: unit_weights.get(unit.name, 0.0) for unit in units}
        return cls(units, weights, dict(postings))

    def staffed_on(self, day: datetime.date) -> list[tuple[Unit, list[Posting]]]:
        """Units open on ``day`` that had at least one advisor that day."""
        result = []
        for unit in self.units:
            if not (unit.valid_from <= day and (unit.valid_to is None or day <= unit.valid_to)):
                continue
            staff = [p for p in self.postings.get(unit.id, []) if p.covers(day)]
            if staff:
                result.append((unit, staff))
        return result


def _days(
    scheme: str, year: int, half: int, end: datetime.date
) -> tuple[list[datetime.date], list[float]]:
    first = datetime.date(year, 1 if half == 1 else 7, 1)
    last = min(datetime.date(year, 6 if half == 1 else 12, 30 if half == 1 else 31), end)
    days: list[datetime.date] = []
    weights: list[float] = []
    day = first
    while day <= last:
        # Fewer cases at weekends: they arrive through school and embassy staff.
        weekday = 1.0 if day.weekday() < 5 else 0.15
        days.append(day)
        weights.append(MONTH_WEIGHTS[scheme][day.month - 1] * weekday)
        day += datetime.timedelta(days=1)
    return days, weights


def _stamp(day: datetime.date, rng: random.Random) -> datetime.datetime:
    moment = datetime.datetime.combine(
        day, datetime.time(rng.randint(8, 15), rng.randint(0, 59), rng.randint(0, 59))
    )
    return timezone.make_aware(moment)


def cases_for(
    plan: YearPlan, staffing: Staffing, scheme_id: int, seed: int = SEED
) -> tuple[list[Case], list[Family]]:
    """Turn a plan into unsaved cases (and envoy family links) with exact counts."""
    rng = random.Random(f"{seed}:cases:{plan.scheme}:{plan.year}")
    cls_ids = classification_ids()
    categories = shuffled_labels(plan.categories, rng)
    # Countries: mutilation cases take countries where it is practised, the
    # rest of the column goes to the other categories at random.
    country_rows = fit_table(
        plan.categories,
        plan.countries,
        {
            code: {
                country: (
                    (20.0 if country in MUTILATION_COUNTRIES else 0.05)
                    if code in MUTILATION
                    else 1.0
                )
                for country in plan.countries
            }
            for code in plan.categories
        },
    )
    per_category = {
        code: {
            "gender": shuffled_labels(plan.gender.get(code, {}), rng),
            "age": shuffled_labels(plan.age.get(code, {}), rng),
            "referral": shuffled_labels(plan.referral.get(code, {}), rng),
            "country": shuffled_labels(country_rows.get(code, {}), rng),
        }
        for code in plan.categories
    }
    halves = shuffled_labels(plan.half_years, rng)
    day_tables = {
        half: _days(plan.scheme, plan.year, half, plan.period_end) for half in plan.half_years
    }
    staff_cache: dict[datetime.date, list[tuple[Unit, list[Posting]]]] = {}
    employee_share = EMPLOYEE_GUIDED_SHARE[plan.scheme]
    cases: list[Case] = []
    for index, code in enumerate(categories):
        labels = per_category[code]
        half = halves[index]
        days, weights = day_tables[half]
        day = rng.choices(days, weights=weights, k=1)[0]
        if day not in staff_cache:
            staff_cache[day] = staffing.staffed_on(day)
        staffed = staff_cache[day]
        unit, staff = rng.choices(
            staffed, weights=[staffing.weights[u.id] or 0.5 for u, _ in staffed], k=1
        )[0]
        posting = rng.choice(staff)
        stamp = _stamp(day, rng)
        cases.append(
            Case(
                id=_uuid("case", plan.scheme, plan.year, index),
                submission_token=_uuid("token", plan.scheme, plan.year, index),
                scheme_id=scheme_id,
                unit_id=unit.id,
                registered_on=day,
                year=day.year,
                half_year=half_year_of(day),
                main_category_id=cls_ids["category"][code],
                gender=labels["gender"].pop(),
                age_group=labels["age"].pop(),
                country_id=cls_ids["country"][labels["country"].pop()],
                reported_by_id=cls_ids["source"][labels["referral"].pop()],
                guided=(
                    GuidedPerson.EMPLOYEE if rng.random() < employee_share else GuidedPerson.EXPOSED
                ),
                registered_by_id=posting.user_id,
                created_at=stamp,
                updated_at=stamp,
            )
        )
    families = _link_families(plan, cases, rng) if plan.scheme == Scheme.SPECIAL_ENVOYS else []
    return cases, families


def _link_families(plan: YearPlan, cases: list[Case], rng: random.Random) -> list[Family]:
    """Envoys count each person in a family as a case; link some siblings.

    Cases of one unit, half-year and country background are grouped in twos and
    threes and given the date of the first, so the counts do not move.
    """
    groups: dict[tuple[uuid.UUID, int, int], list[Case]] = defaultdict(list)
    for case in cases:
        groups[(case.unit_id, case.half_year, case.country_id)].append(case)
    families: list[Family] = []
    for key in sorted(groups, key=str):
        members = groups[key]
        while len(members) >= 2 and rng.random() < 0.35:
            size = min(len(members), rng.choice((2, 2, 3)))
            linked, members = members[:size], members[size:]
            family = Family(
                id=_uuid("family", plan.scheme, plan.year, len(families)), unit_id=key[0]
            )
            families.append(family)
            first = min(case.registered_on for case in linked)
            registrar = next(c for c in linked if c.registered_on == first).registered_by_id
            for case in linked:
                case.family_id = family.id
                case.registered_on = first
                case.registered_by_id = registrar
    return families


def classification_ids() -> dict[str, dict[str, int]]:
    return {
        "category": dict(Category.objects.values_list("code", "id")),
        "country": dict(Country.objects.values_list("code", "id")),
        "source": dict(ReferralSource.objects.values_list("code", "id")),
    }


def unit_weights() -> dict[str, float]:
    weights = {spec.name: spec.weight for spec in SCHOOLS}
    weights.update({embassy_name(city): w for city, w in EMBASSY_WEIGHTS.items()})
    return weights


@dataclass
class LoadResult:
    created: bool
    cases: int
    families: int
    seconds: float
    logins: list[Login]
    notes: list[str]


def load_demo_data(today: datetime.date | None = None, seed: int = SEED) -> LoadResult:
    """Create the demo organisation and register, unless the register is there.

    Everything happens in one transaction, so an interrupted load leaves
    nothing behind and the marker case means "complete".
    """
    started = time.monotonic()
    today = today or timezone.localdate()
    with transaction.atomic():
        logins = ensure_organisation()
        if Case.objects.filter(id=marker_case_id()).exists():
            return LoadResult(False, 0, 0, time.monotonic() - started, logins, [])
        plans = plan_register(today, classifications_load(), seed)
        schemes = dict(Scheme.objects.values_list("code", "id"))
        weights = unit_weights()
        staffing = {scheme: Staffing.load(scheme, weights) for scheme in SCHEMES}
        all_cases: list[Case] = []
        all_families: list[Family] = []
        notes: list[str] = []
        for plan in plans:
            cases, families = cases_for(plan, staffing[plan.scheme], schemes[plan.scheme], seed)
            all_cases += cases
            all_families += families
            notes += [f"{plan.scheme} {plan.year}: {note}" for note in plan.notes]
        Family.objects.bulk_create(all_families, batch_size=1000)
        # created_at and updated_at are defaults, not auto_now: the stamps set in
        # cases_for (when a synthetic case was registered) are what is written.
        Case.objects.bulk_create(all_cases, batch_size=1000)
    return LoadResult(
        True, len(all_cases), len(all_families), time.monotonic() - started, logins, notes
    )
