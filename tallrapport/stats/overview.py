"""What each role's start page counts: internal, scoped counts by aggregation.

These are not published numbers, so they go through no disclosure protection:
an advisor sees counts of the very cases they can list, an analyst of cases
they can open anyway. Every count here is scoped by the same selectors as the
lists (:func:`~tallrapport.cases.selectors.cases_visible_to` and
:func:`~tallrapport.activities.selectors.activities_visible_to`) and computed
by the database, one ``GROUP BY`` per table, never by a loop over rows, so that
a page's query count does not grow with the register.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from tallrapport.accounts.models import Scheme, Unit, User
from tallrapport.accounts.selectors import units_of_user
from tallrapport.activities.models import Activity
from tallrapport.activities.selectors import activities_visible_to
from tallrapport.cases.models import AgeGroup, Case, Category, ClosedYear, Country, Gender
from tallrapport.cases.selectors import YearStatus, cases_visible_to, category_counts, year_statuses

# The code of «Ukjent» among the countries (see cases/data/countries.csv).
UNKNOWN_COUNTRY = "xx"


# --- the advisor -----------------------------------------------------------------


@dataclass(frozen=True)
class CategoryYears:
    """One category's count in last year and this year."""

    category: Category
    last_year: int
    this_year: int


@dataclass(frozen=True)
class AdvisorCounts:
    this_year: int
    last_year: int
    rows: list[CategoryYears]

    @property
    def total_this_year(self) -> int:
        return sum(r.this_year for r in self.rows)

    @property
    def total_last_year(self) -> int:
        return sum(r.last_year for r in self.rows)


def advisor_category_years(*, user: User, this_year: int) -> AdvisorCounts:
    """The advisor's cases per category this year and last year.

    The same selectors as «Mine saker» (its scope, its category list with zeros
    for the categories in use), so a number here is the total that list shows
    for the year.
    """
    visible = cases_visible_to(user)
    schemes = list(Scheme.objects.filter(units__in=units_of_user(user=user)).distinct())
    last_year = this_year - 1
    now = category_counts(visible.filter(year=this_year), year=this_year, schemes=schemes)
    before = {
        c.category.pk: c.count
        for c in category_counts(visible.filter(year=last_year), year=last_year, schemes=schemes)
    }
    rows = [CategoryYears(c.category, before.pop(c.category.pk, 0), c.count) for c in now]
    # A category of last year that is no longer in use still shows last year's cases.
    if before:
        gone = Category.objects.filter(pk__in=list(before))
        rows += [CategoryYears(category, before[category.pk], 0) for category in gone]
    return AdvisorCounts(this_year=this_year, last_year=last_year, rows=rows)


# --- the analyst -----------------------------------------------------------------


def half_year_period(day: datetime.date) -> tuple[int, int, datetime.date, datetime.date]:
    """(year, half-year, first day, last day) of the half-year ``day`` falls in."""
    if day.month <= 6:
        return day.year, 1, datetime.date(day.year, 1, 1), datetime.date(day.year, 6, 30)
    return day.year, 2, datetime.date(day.year, 7, 1), datetime.date(day.year, 12, 31)


@dataclass(frozen=True)
class UnitHalfYear:
    unit: Unit
    cases: int
    activities: int

    @property
    def has_none(self) -> bool:
        return self.cases == 0 and self.activities == 0


def _units_during(first: datetime.date, last: datetime.date) -> QuerySet[Unit]:
    return (
        Unit.objects.filter(valid_from__lte=last)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=first))
        .select_related("scheme")
        .prefetch_related("scheme__names")
    )


def unit_registrations(*, user: User, day: datetime.date) -> list[UnitHalfYear]:
    """Every unit of the half-year ``day`` falls in, with its cases and activities
    registered for that half-year; units with none first, so they stand out."""
    year, half, first, last = half_year_period(day)
    cases = dict(
        cases_visible_to(user)
        .filter(year=year, half_year=half)
        .order_by()
        .values_list("unit_id")
        .annotate(n=Count("id"))
        .values_list("unit_id", "n")
    )
    activities = dict(
        activities_visible_to(user)
        .filter(date__range=(first, last))
        .order_by()
        .values_list("unit_id")
        .annotate(n=Count("id"))
        .values_list("unit_id", "n")
    )
    rows = [
        UnitHalfYear(unit, cases.get(unit.pk, 0), activities.get(unit.pk, 0))
        for unit in _units_during(first, last)
    ]
    return sorted(rows, key=lambda r: (not r.has_none, r.unit.scheme.sort_order, r.unit.name))


@dataclass(frozen=True)
class UnknownShares:
    """How many of a unit's cases have «Ukjent» gender, age group and country."""

    unit: Unit
    cases: int
    gender: int
    age_group: int
    country: int

    def percent(self, count: int) -> int:
        return round(100 * count / self.cases) if self.cases else 0

    @property
    def gender_percent(self) -> int:
        return self.percent(self.gender)

    @property
    def age_group_percent(self) -> int:
        return self.percent(self.age_group)

    @property
    def country_percent(self) -> int:
        return self.percent(self.country)

    @property
    def worst_percent(self) -> int:
        return max(self.gender_percent, self.age_group_percent, self.country_percent)


def unknown_shares(*, user: User, year: int) -> list[UnknownShares]:
    """Per unit with cases in ``year``: the cases with «Ukjent» in each field that
    has it, counted with conditional aggregates in one ``GROUP BY``; the units
    with the largest share first."""
    grouped = (
        cases_visible_to(user)
        .filter(year=year, unit__isnull=False)
        .order_by()
        .values("unit_id")
        .annotate(
            n=Count("id"),
            gender=Count("id", filter=Q(gender=Gender.UNKNOWN)),
            age=Count("id", filter=Q(age_group=AgeGroup.UNKNOWN)),
            country=Count("id", filter=Q(country__in=Country.objects.filter(code=UNKNOWN_COUNTRY))),
        )
    )
    counts = {row["unit_id"]: row for row in grouped}
    units = Unit.objects.filter(pk__in=list(counts)).select_related("scheme")
    rows = [
        UnknownShares(
            unit=unit,
            cases=counts[unit.pk]["n"],
            gender=counts[unit.pk]["gender"],
            age_group=counts[unit.pk]["age"],
            country=counts[unit.pk]["country"],
        )
        for unit in units
    ]
    return sorted(rows, key=lambda r: (-r.worst_percent, r.unit.name))


@dataclass(frozen=True)
class LateCount:
    """Registrations and changes made in a closed year, after it was closed."""

    scheme: Scheme
    year: int
    closed_at: datetime.datetime
    cases_registered: int
    cases_changed: int
    activities_registered: int
    activities_changed: int


def _late_counts(rows: QuerySet[Case] | QuerySet[Activity]) -> dict[tuple[int, int], list[int]]:
    """(scheme id, year) → [registered after closing, changed after closing]."""
    closed = ClosedYear.objects.filter(scheme=OuterRef("scheme"), year=OuterRef("year"))
    after = closed.filter(closed_at__lt=OuterRef("created_at"))
    changed = closed.filter(closed_at__lt=OuterRef("updated_at"))
    grouped = (
        rows.filter(Exists(closed))
        .annotate(late=Exists(after), late_change=Exists(changed))
        .order_by()
        .values("scheme_id", "year")
        .annotate(
            registered=Count("id", filter=Q(late=True)),
            changed=Count("id", filter=Q(late=False, late_change=True)),
        )
    )
    return {(r["scheme_id"], r["year"]): [r["registered"], r["changed"]] for r in grouped}


def late_registrations(*, user: User) -> list[LateCount]:
    """Per closed year: cases and activities registered, or changed, after it was closed.

    A closed year's rows can only be written by the analysts' late registration
    (the database refuses anything else), so a row created after its year's
    closing time is a late registration and a row updated after it a late change.
    A year reopened and closed again counts from its latest closing.
    """
    # Retention rewrites old closed years' cases; that is no late change.
    cases = _late_counts(cases_visible_to(user).filter(reduced=False))
    activities = _late_counts(activities_visible_to(user))
    rows = []
    for closed in ClosedYear.objects.select_related("scheme").prefetch_related("scheme__names"):
        key = (closed.scheme_id, closed.year)
        c, a = cases.get(key, [0, 0]), activities.get(key, [0, 0])
        if any(c) or any(a):
            rows.append(LateCount(closed.scheme, closed.year, closed.closed_at, *c, *a))
    return sorted(rows, key=lambda r: (-r.year, r.scheme.sort_order))


def years_waiting(*, this_year: int) -> list[YearStatus]:
    """Past years, per scheme, that have cases and are not closed yet, oldest first."""
    # year_statuses lists the years with cases, the closed ones, and always last year.
    waiting = [
        s for s in year_statuses(this_year=this_year) if s.closed is None and s.year < this_year
    ]
    return sorted(waiting, key=lambda s: (s.year, s.scheme.sort_order))
