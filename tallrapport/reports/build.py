"""The yearly report (tallrapportering): every table of both schemes, protected as one.

One call, four steps, each in its own module: count the register
(:mod:`tallrapport.stats`), read what earlier editions printed
(:mod:`.knowledge`), protect every case table as one problem and audit it
(:mod:`.protect`), and assemble the printed tables (:mod:`.assemble`) in the
catalogue's order (:mod:`.catalogue`). The result is plain data
(:class:`~tallrapport.reports.report.Report`); every renderer reads the same
cells, so a number hidden in one is hidden in all.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence

from tallrapport.reports.activity_tables import protect_activities
from tallrapport.reports.assemble import assemble_sections
from tallrapport.reports.catalogue import DIMENSIONS, MAX_N, years_shown
from tallrapport.reports.knowledge import edition_cells, reference_editions
from tallrapport.reports.models import EditionCell
from tallrapport.reports.parts import report_texts, section_texts
from tallrapport.reports.protect import CaseProtection, protect_cases
from tallrapport.reports.report import Report
from tallrapport.stats import selectors as stats


def build_report(*, year: int, today: datetime.date | None = None) -> Report:
    """The yearly report for ``year``: both schemes, protected as one problem."""
    years = years_shown(year)
    schemes = stats.scheme_codes()
    register = {s: [str(y) for y in stats.register_years(scheme=s, years=years)] for s in schemes}
    editions = reference_editions(year)
    earlier = edition_cells(editions, schemes)
    cases = _protect_register(year=year, register=register, earlier=earlier)
    activities = protect_activities(schemes=schemes, year=year, max_n=MAX_N, earlier=earlier)
    sections = assemble_sections(
        year=year,
        years=years,
        schemes=schemes,
        cases=cases,
        activities=activities,
        earlier=earlier,
        today=today,
    )
    report = Report(
        year=year,
        years=years,
        sections=sections,
        protection=cases.protection if cases is not None else None,
        audit=cases.audit if cases is not None else None,
        reference_editions=editions,
        generated_at=datetime.datetime.now(tz=datetime.UTC),
        unprotectable=cases.unprotectable if cases is not None else [],
        public=cases.public if cases is not None else [],
        activities=activities,
    )
    for section in sections:
        section.texts = section_texts(report, section)
    report.texts = report_texts(report)
    return report


def _protect_register(
    *, year: int, register: Mapping[str, list[str]], earlier: Sequence[EditionCell]
) -> CaseProtection | None:
    """The register's counts and levels for the years it holds, protected; None without any."""
    in_register = sorted({int(y) for ys in register.values() for y in ys})
    if not in_register:
        return None
    counts = stats.count_cases(by=DIMENSIONS, years=in_register)
    levels = {
        name: stats.dimension_levels(name, years=in_register)
        for name in DIMENSIONS
        if name != "country"
    }
    levels["year"] = [str(y) for y in in_register]
    levels["country"] = stats.in_country_order(counts.used("country"))
    categories = {
        s: stats.dimension_levels("category", years=in_register, scheme=s) for s in register
    }
    return protect_cases(
        year=year,
        register=register,
        counts=counts,
        levels=levels,
        categories=categories,
        earlier=earlier,
    )
