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

from tallrapport.accounts.models import Membership, Role, Scheme
from tallrapport.activities.models import Activity, ActivityTargetGroup, ActivityType, TargetGroup
from tallrapport.cases.models import AgeGroup, Case, Category, Country, Gender, ReferralSource


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
