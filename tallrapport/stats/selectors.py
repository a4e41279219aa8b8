"""Counts out of the case register, ready for the disclosure protection.

Everything here reads; nothing writes. Counting is one ``GROUP BY`` in the
database over the stored year and half-year and the foreign keys themselves
(no join to the classification tables: a million rows group faster on the ids,
and the few hundred ids map to codes in Python afterwards). Counts are keyed by
codes, never by display names, so that a renamed category still meets its own
history.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from tallrapport.accounts.models import Membership, Role, Scheme, SchemeName, Unit, UnitKind
from tallrapport.activities.models import (
    COMPETENCE_BUILDING_TYPES,
    Activity,
    ActivityTargetGroup,
    ActivityType,
    TargetGroup,
)
from tallrapport.cases import selectors as cases
from tallrapport.cases.models import (
    AgeGroup,
    Case,
    Category,
    CategoryAlias,
    Country,
    Gender,
    ReferralSource,
)


@dataclass(frozen=True)
class CaseDimension:
    """A variable a case can be counted by: its column, and how an id becomes a code."""

    name: str
    column: str
    codes: type[Category] | type[Country] | type[ReferralSource] | type[Scheme] | None = None


CASE_DIMENSIONS: Mapping[str, CaseDimension] = {
    d.name: d
    for d in (
        CaseDimension("scheme", "scheme_id", Scheme),
        CaseDimension("year", "year"),
        CaseDimension("half_year", "half_year"),
        CaseDimension("category", "main_category_id", Category),
        CaseDimension("country", "country_id", Country),
        CaseDimension("gender", "gender"),
        CaseDimension("age_group", "age_group"),
        CaseDimension("reported_by", "reported_by_id", ReferralSource),
        CaseDimension("unit", "unit_id"),
        CaseDimension("county", "unit__county"),
    )
}


def _code_maps(names: Sequence[str]) -> dict[str, dict[object, str]]:
    maps: dict[str, dict[object, str]] = {}
    for name in names:
        model = CASE_DIMENSIONS[name].codes
        if model is not None:
            maps[name] = dict(model.objects.values_list("pk", "code"))
    return maps


@dataclass(frozen=True)
class CaseCounts:
    """Grouped case counts as columns: one code array per dimension, and the counts.

    Columns rather than a dict of tuples, because a million-case register
    groups into a quarter of a million combinations, and turning them into a
    dense table is one vectorised step instead of a Python loop.
    """

    by: tuple[str, ...]
    codes: tuple[npt.NDArray[np.str_], ...]
    n: npt.NDArray[np.int64]

    def column(self, name: str) -> npt.NDArray[np.str_]:
        return self.codes[self.by.index(name)]

    def used(self, name: str, **where: str) -> set[str]:
        """The codes of ``name`` that have cases, optionally where other columns equal codes."""
        mask = self.n > 0
        for other, code in where.items():
            mask &= self.column(other) == code
        return set(np.unique(self.column(name)[mask]).tolist())

    def total(self, **where: str) -> int:
        """How many cases have the given codes (``scheme="…", year="2023"``)."""
        mask = np.ones(len(self.n), dtype=bool)
        for name, code in where.items():
            mask &= self.column(name) == code
        return int(self.n[mask].sum())

    def as_dict(self) -> dict[tuple[str, ...], int]:
        return {tuple(str(c[i]) for c in self.codes): int(self.n[i]) for i in range(len(self.n))}

    def frequencies(self, levels: Sequence[Sequence[str]]) -> npt.NDArray[np.int64]:
        """The dense table over ``levels`` (one list per dimension): zeros included.

        A counted code that is not among its dimension's levels is an error:
        leaving it out would make the totals lie.
        """
        freq = np.zeros(tuple(len(lv) for lv in levels), dtype=np.int64)
        if not len(self.n):
            return freq
        index = []
        for name, column, dimension_levels in zip(self.by, self.codes, levels, strict=True):
            position = {code: i for i, code in enumerate(dimension_levels)}
            unique, inverse = np.unique(column, return_inverse=True)
            missing = [str(u) for u in unique if str(u) not in position]
            if missing:
                raise ValueError(f"{name}: counted code {missing[0]!r} is not a level")
            index.append(np.array([position[str(u)] for u in unique], dtype=np.int64)[inverse])
        np.add.at(freq, tuple(index), self.n)
        return freq


def count_cases(
    *,
    by: Sequence[str],
    years: Iterable[int],
    scheme: str | None = None,
) -> CaseCounts:
    """Cases counted by the named dimensions: one ``GROUP BY`` in the database.

    Only the combinations that have cases come back; codes are text (years
    and half-years too).
    """
    unknown = [name for name in by if name not in CASE_DIMENSIONS]
    if unknown:
        raise ValueError(f"unknown case dimension {unknown[0]!r}")
    columns = [CASE_DIMENSIONS[name].column for name in by]
    rows = Case.objects.filter(year__in=list(years))
    if scheme is not None:
        rows = rows.filter(scheme__code=scheme)
    grouped = list(rows.order_by().values_list(*columns).annotate(n=Count("id")))
    maps = _code_maps(by)
    raw = list(zip(*grouped, strict=True)) if grouped else [() for _ in range(len(by) + 1)]
    codes = []
    for name, values in zip(by, raw[:-1], strict=True):
        ids = np.asarray(values)
        unique, inverse = np.unique(ids, return_inverse=True) if len(ids) else (ids, ids)
        mapping = maps.get(name)
        names = [mapping[u] if mapping is not None else str(u) for u in unique.tolist()]
        codes.append(
            np.asarray(names, dtype=np.str_)[inverse] if len(ids) else np.zeros(0, dtype=np.str_)
        )
    return CaseCounts(tuple(by), tuple(codes), np.asarray(raw[-1], dtype=np.int64))


def register_years(*, scheme: str, years: Iterable[int]) -> list[int]:
    """The years among ``years`` for which the register holds cases of ``scheme``."""
    return sorted(
        Case.objects.filter(scheme__code=scheme, year__in=list(years))
        .order_by()
        .values_list("year", flat=True)
        .distinct()
    )


def _classification_levels(name: str, *, years: Sequence[int], scheme: str | None) -> list[str]:
    """Categories or referral sources valid in at least one of ``years``."""
    start, end = datetime.date(min(years), 1, 1), datetime.date(max(years), 12, 31)
    valid = Q(valid_from__lte=end) & (Q(valid_to__isnull=True) | Q(valid_to__gte=start))
    if name == "reported_by":
        return list(ReferralSource.objects.filter(valid).values_list("code", flat=True))
    categories = Category.objects.filter(valid)
    if scheme is not None:
        categories = categories.filter(Q(scheme__isnull=True) | Q(scheme__code=scheme))
    return list(categories.values_list("code", flat=True))


def dimension_levels(name: str, *, years: Sequence[int], scheme: str | None = None) -> list[str]:
    """Every level a dimension can take in ``years``: the zero combinations count too.

    Categories are those valid in at least one of the years (and for the
    scheme, where a category belongs to one scheme only), in today's names and
    order. Countries are those the cases of the years use: listing all 250
    would only add empty rows.
    """
    fixed = {
        "half_year": ["1", "2"],
        "gender": [g.value for g in Gender],
        "age_group": [a.value for a in AgeGroup],
    }
    if name in fixed:
        return fixed[name]
    if name == "year":
        return [str(y) for y in years]
    if name == "scheme":
        return list(Scheme.objects.values_list("code", flat=True))
    if name in ("category", "reported_by"):
        return _classification_levels(name, years=years, scheme=scheme)
    if name == "country":
        used = Case.objects.filter(year__in=list(years))
        if scheme is not None:
            used = used.filter(scheme__code=scheme)
        return list(
            Country.objects.filter(pk__in=used.order_by().values("country_id").distinct())
            .order_by("sort_order", "name")
            .values_list("code", flat=True)
        )
    raise ValueError(f"no level list for dimension {name!r}")


def advisor_count(*, scheme: str, year: int, today: datetime.date | None = None) -> int:
    """How many advisors the scheme had at the end of ``year`` (or today, in the current year).

    The reports give a head count at a point in time ("IMDi har 59
    mangfoldsrådgivere"), not everyone who passed through in the year. Staff
    numbers are public and count no exposed person, so they do not go
    through the small-count rule.
    """
    day = min(datetime.date(year, 12, 31), today or datetime.date.today())
    return (
        Membership.objects.filter(unit__scheme__code=scheme, user__role=Role.ADVISOR)
        .filter(valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .values("user_id")
        .distinct()
        .count()
    )


@dataclass(frozen=True)
class SchemeUnits:
    """Where a scheme worked at the end of a year: its units by kind code, counties, cities."""

    kinds: dict[str, int]
    counties: int
    embassy_cities: list[str]

    @property
    def total(self) -> int:
        return sum(self.kinds.values())


def scheme_units(*, scheme: str, year: int) -> SchemeUnits:
    """The scheme's schools, centres and embassies valid at the end of ``year``.

    Units are public (IMDi names the embassies in every report) and count no
    exposed person, so they do not go through the small-count rule.
    """
    day = datetime.date(year, 12, 31)
    units = list(
        Unit.objects.filter(scheme__code=scheme, valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .values_list("kind", "county", "city")
    )
    kinds: dict[str, int] = {}
    for kind, _county, _city in units:
        kinds[kind] = kinds.get(kind, 0) + 1
    return SchemeUnits(
        kinds=kinds,
        counties=len({county for _k, county, _c in units if county}),
        embassy_cities=sorted(
            city for kind, _c, city in units if kind == UnitKind.EMBASSY and city
        ),
    )


def category_aliases() -> dict[str, str]:
    """Every earlier name of a category → the category's code («Ekstrem kontroll» → …)."""
    return dict(CategoryAlias.objects.values_list("name", "category__code"))


def distinct_countries(*, scheme: str, year: int) -> int:
    """How many different country backgrounds the year's cases have ("67 ulike land")."""
    return (
        Case.objects.filter(scheme__code=scheme, year=year)
        .order_by()
        .values("country_id")
        .distinct()
        .count()
    )


def activity_frequencies(
    *, schemes: Sequence[str], years: Sequence[int]
) -> tuple[tuple[str, ...], npt.NDArray[np.int64]]:
    """Activities per scheme × type × year as a dense table (one ``GROUP BY``).

    Returns the type codes (the table's second axis) and the table.
    """
    types = tuple(t.value for t in ActivityType)
    freq = np.zeros((len(schemes), len(types), len(years)), dtype=np.int64)
    grouped = (
        Activity.objects.filter(scheme__code__in=list(schemes), year__in=list(years))
        .order_by()
        .values_list("scheme__code", "activity_type", "year")
        .annotate(n=Count("id"))
    )
    for scheme, activity_type, year, n in grouped:
        freq[schemes.index(scheme), types.index(activity_type), list(years).index(year)] = n
    return types, freq


def target_group_frequencies(
    *, schemes: Sequence[str], years: Sequence[int]
) -> tuple[tuple[str, ...], npt.NDArray[np.int64]]:
    """Activities per scheme × target group × year (one ``GROUP BY``).

    An activity aimed at two groups counts in both, so a group's count is not
    a part of a whole and the groups have no total.
    """
    groups = tuple(g.value for g in TargetGroup)
    freq = np.zeros((len(schemes), len(groups), len(years)), dtype=np.int64)
    grouped = (
        ActivityTargetGroup.objects.filter(
            activity__scheme__code__in=list(schemes), activity__year__in=list(years)
        )
        .order_by()
        .values_list("activity__scheme__code", "code", "activity__year")
        .annotate(n=Count("id"))
    )
    for scheme, group, year, n in grouped:
        freq[schemes.index(scheme), groups.index(group), list(years).index(year)] = n
    return groups, freq


# --- labels and orders ----------------------------------------------------------
# The report prints codes under today's names and in today's order; these are
# the only places it learns them, so that reports never reads the cases' or
# activities' models itself.


def labels(dimension: str) -> dict[str, str]:
    """Code → Norwegian label of every level of ``dimension``, in today's names."""
    if dimension == "category":
        return dict(Category.objects.values_list("code", "name"))
    if dimension == "country":
        return dict(Country.objects.values_list("code", "name"))
    if dimension == "reported_by":
        return dict(ReferralSource.objects.values_list("code", "name"))
    if dimension == "gender":
        return {g.value: str(g.label) for g in Gender}
    if dimension == "age_group":
        return {a.value: str(a.label) for a in AgeGroup}
    if dimension == "half_year":
        return {"1": _("1. halvår"), "2": _("2. halvår")}
    if dimension == "activity_type":
        return {t.value: str(t.label) for t in ActivityType}
    if dimension == "target_group":
        return {g.value: str(g.label) for g in TargetGroup}
    raise ValueError(dimension)


def sort_orders(dimension: str) -> dict[str, int]:
    """Code → position of a classification that the analysts order (categories, countries)."""
    if dimension == "category":
        return dict(Category.objects.values_list("code", "sort_order"))
    if dimension == "country":
        return dict(Country.objects.values_list("code", "sort_order"))
    raise ValueError(dimension)


def category_periods() -> dict[str, tuple[int, int | None]]:
    """Category code → (first year, last year or None) in which it could be registered.

    New categories (barneekteskap, 2022) did not exist before, and «Andre
    familierelaterte saker» ended after 2020: the report prints «–» there, not 0.
    """
    return {
        code: (start.year, end.year if end is not None else None)
        for code, start, end in Category.objects.values_list("code", "valid_from", "valid_to")
    }


def in_country_order(codes: Iterable[str]) -> list[str]:
    """Country codes in the printed order: position, then name; unknown codes last."""
    order = {
        code: (position, name)
        for code, position, name in Country.objects.values_list("code", "sort_order", "name")
    }
    return sorted(codes, key=lambda code: order.get(code, (10_000, code)))


def competence_building_types() -> frozenset[str]:
    """The activity types that build the competence of staff and services."""
    return frozenset(t.value for t in COMPETENCE_BUILDING_TYPES)


def scheme_codes() -> list[str]:
    """Every scheme's code, in the order the report prints them."""
    return list(Scheme.objects.order_by("sort_order").values_list("code", flat=True))


def scheme_name(scheme: str, year: int) -> tuple[str, str]:
    """The scheme's name and advisor title as they were in ``year`` (the code when unnamed)."""
    day = datetime.date(year, 12, 31)
    name = (
        SchemeName.objects.filter(scheme__code=scheme, valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .first()
    )
    if name is None:
        return scheme, scheme
    return name.name, name.advisor_title


def year_is_closed(*, scheme: str, year: int) -> bool:
    """Whether the analysts have closed ``year`` of ``scheme`` (late registrations aside)."""
    return cases.year_is_closed(scheme=Scheme.objects.get(code=scheme), year=year)


def case_years() -> set[int]:
    """Every year the register holds cases for."""
    return set(Case.objects.order_by().values_list("year", flat=True).distinct())
