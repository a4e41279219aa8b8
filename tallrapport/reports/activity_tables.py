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

from django.utils.translation import gettext as _

from tallrapport.disclosure import (
    TOTAL,
    Dimension,
    Problem,
    Protection,
    Status,
    TableSpec,
    audit,
    cell_index,
    protect,
)
from tallrapport.reports.catalogue import ACTIVITY_TABLES
from tallrapport.reports.history import TOTAL_ROW
from tallrapport.reports.knowledge import edition_knowledge
from tallrapport.reports.models import EditionCell
from tallrapport.reports.report import ActivityCounts, ActivityProtection
from tallrapport.stats import selectors as stats

COMPETENCE_ROW = "kompetanseheving"


def type_label(code: str) -> str:
    if code == COMPETENCE_ROW:
        return _("Kompetansehevingsoppdrag i alt")
    if code == TOTAL_ROW:
        return _("Alle aktiviteter")
    return stats.labels("activity_type")[code]


def group_label(code: str) -> str:
    return stats.labels("target_group")[code]


def protect_activities(
    *, schemes: Sequence[str], year: int, max_n: int, earlier: Sequence[EditionCell] = ()
) -> ActivityProtection | None:
    """Both activity tables of both schemes, protected; None when there are no activities.

    ``earlier`` are the cells of every earlier edition: last year's report
    printed this report's first column, perhaps with other partners hidden,
    so its numbers are the reader's knowledge here as for the case tables.
    """
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
    type_problem = with_earlier(type_problem, earlier)
    group_problem = with_earlier(group_problem, earlier)
    type_protection = protect(type_problem, max_n=max_n)
    group_protection = protect(group_problem, max_n=max_n)

    def value(protection: Protection, labels_: dict[str, str]) -> int | None:
        index = cell_index(protection.problem, labels_)
        number = int(protection.layout.values[index])
        shown = protection.status[index] is Status.SHOWN and not protection.sensitive[index]
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


ACTIVITY_TABLE_BY_KEY = {t.key: t for t in ACTIVITY_TABLES}


def with_earlier(problem: Problem, earlier: Sequence[EditionCell]) -> Problem:
    """The problem with what earlier editions printed of its tables as known sums."""
    known = edition_knowledge(problem, earlier, ACTIVITY_TABLE_BY_KEY)
    return Problem(problem.dimensions, problem.freq, problem.tables, known)
