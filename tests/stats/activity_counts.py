"""The report's activity counts (``stats.activity_frequencies`` and
``stats.target_group_frequencies``) read as dictionaries, for tests to check.

The product has one implementation of each count, the one the yearly report
uses; these helpers only index its tables.
"""

from __future__ import annotations

from collections.abc import Sequence

from tallrapport.activities.models import COMPETENCE_BUILDING_TYPES
from tallrapport.stats import selectors as stats


def counts_by_type(*, scheme: str, years: Sequence[int]) -> dict[tuple[str, int], int]:
    """Activities per (type code, year), every type and year, zeros included."""
    types, freq = stats.activity_frequencies(schemes=[scheme], years=years)
    return {
        (code, year): int(freq[0, t, y])
        for t, code in enumerate(types)
        for y, year in enumerate(years)
    }


def counts_by_target_group(*, scheme: str, years: Sequence[int]) -> dict[tuple[str, int], int]:
    """Activities per (target group code, year); one activity counts in each of its groups."""
    groups, freq = stats.target_group_frequencies(schemes=[scheme], years=years)
    return {
        (code, year): int(freq[0, g, y])
        for g, code in enumerate(groups)
        for y, year in enumerate(years)
    }


def competence_assignments(*, scheme: str, years: Sequence[int]) -> dict[int, int]:
    """Competence-building assignments per year: the report's «Kompetansehevingsoppdrag i alt»."""
    competence = {t.value for t in COMPETENCE_BUILDING_TYPES}
    by_type = counts_by_type(scheme=scheme, years=years)
    return {
        year: sum(n for (code, y), n in by_type.items() if y == year and code in competence)
        for year in years
    }
