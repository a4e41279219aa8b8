"""The activities section of the yearly report: what the advisors did to build competence.

Two tables per scheme, the report year beside the year before: activities by
type (with competence-building assignments as a group row, the figure the
2023 report gives as "i overkant av 200 ... en dobling sammenliknet med
2022"), and activities by target group. Activities are protected like every
other count, in a problem of their own: an activity is not a case, so no
table here shares a margin with the case tables. Target groups overlap (one
course can reach staff and parents), so a group's count is not a part of any
printed total; each is its own cell and only the small-count rule applies.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from tallrapport.disclosure import (
    TOTAL,
    AuditResult,
    Dimension,
    Problem,
    Protection,
    Status,
    TableSpec,
    audit,
    cell_index,
    protect,
)
from tallrapport.reports.history import TOTAL_ROW
from tallrapport.stats import selectors as stats

COMPETENCE_ROW = "kompetanseheving"


@dataclass(frozen=True)
class ActivityCounts:
    """One scheme's protected activity counts: (row code, year) → value or None."""

    types: dict[tuple[str, str], int | None]
    groups: dict[tuple[str, str], int | None]


@dataclass(frozen=True)
class ActivityProtection:
    by_scheme: dict[str, ActivityCounts]
    years: list[str]
    protections: tuple[Protection, Protection]
    audits: tuple[AuditResult, AuditResult]

    @property
    def safe(self) -> bool:
        return all(a.safe for a in self.audits)

    @property
    def hidden_count(self) -> int:
        return sum(p.count(Status.PRIMARY) + p.count(Status.SECONDARY) for p in self.protections)


def type_label(code: str) -> str:
    if code == COMPETENCE_ROW:
        return _("Kompetansehevingsoppdrag i alt")
    if code == TOTAL_ROW:
        return _("Alle aktiviteter")
    return stats.labels("activity_type")[code]


def group_label(code: str) -> str:
    return stats.labels("target_group")[code]


def protect_activities(
    *, schemes: Sequence[str], year: int, max_n: int
) -> ActivityProtection | None:
    """Both activity tables of both schemes, protected; None when there are no activities."""
    years = [year - 1, year]
    labels = [str(y) for y in years]
    types, type_freq = stats.activity_frequencies(schemes=schemes, years=years)
    groups, group_freq = stats.target_group_frequencies(schemes=schemes, years=years)
    if not type_freq.any():
        return None
    competence_types = stats.competence_building_types()
    competence = tuple(t for t in types if t in competence_types)
    type_problem = Problem(
        [
            Dimension("scheme", tuple(schemes)),
            Dimension("activity_type", types, {COMPETENCE_ROW: competence}),
            Dimension("year", tuple(labels)),
        ],
        type_freq,
        [
            TableSpec(
                f"{scheme}/aktiviteter_type",
                ("scheme", "activity_type", "year"),
                {"scheme": (scheme,)},
                without_total=("scheme", "year"),
            )
            for scheme in schemes
        ],
    )
    group_problem = Problem(
        [
            Dimension("scheme", tuple(schemes)),
            Dimension("target_group", groups),
            Dimension("year", tuple(labels)),
        ],
        group_freq,
        [
            TableSpec(
                f"{scheme}/aktiviteter_malgruppe",
                ("scheme", "target_group", "year"),
                {"scheme": (scheme,)},
                without_total=("scheme", "target_group", "year"),
            )
            for scheme in schemes
        ],
    )
    type_protection = protect(type_problem, max_n=max_n)
    group_protection = protect(group_problem, max_n=max_n)

    def value(protection: Protection, labels_: dict[str, str]) -> int | None:
        index = cell_index(protection.problem, labels_)
        number = int(protection.layout.values[index])
        shown = protection.status[index] is Status.SHOWN and not 0 < number <= max_n
        return number if shown else None

    by_scheme = {}
    for scheme in schemes:
        type_cells = {
            (row, y): value(
                type_protection,
                {
                    "scheme": scheme,
                    "activity_type": TOTAL if row == TOTAL_ROW else row,
                    "year": y,
                },
            )
            for row in (*types, COMPETENCE_ROW, TOTAL_ROW)
            for y in labels
        }
        group_cells = {
            (row, y): value(group_protection, {"scheme": scheme, "target_group": row, "year": y})
            for row in groups
            for y in labels
        }
        by_scheme[scheme] = ActivityCounts(type_cells, group_cells)
    return ActivityProtection(
        by_scheme,
        labels,
        (type_protection, group_protection),
        (audit(type_problem, type_protection), audit(group_problem, group_protection)),
    )
