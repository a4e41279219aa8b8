"""Which tables the yearly report holds, and the order of their rows and columns.

The report has the shape of IMDi's 2023 report: per scheme, cases by category
and by country background over five years, gender and age group over five
years, category × gender and category × age group, who reported the cases and
the two half-years of the report year; then two activity tables. This module
decides positions and names only; counts, protection and history live
elsewhere, and labels come from :mod:`tallrapport.stats`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.utils.translation import gettext as _

from tallrapport.disclosure import TOTAL
from tallrapport.reports.history import OTHERS_ROW, TOTAL_ROW
from tallrapport.reports.models import Edition, EditionCell
from tallrapport.reports.report import TableDef
from tallrapport.stats import selectors as stats

MAX_N = 5
"""Counts of 1 to MAX_N are never printed (the reports' rule since 2023)."""
YEARS_SHOWN = 5
DIMENSIONS = (
    "scheme",
    "year",
    "half_year",
    "category",
    "country",
    "gender",
    "age_group",
    "reported_by",
)
"""The case dimensions every case table of the report is a margin of."""

TABLES: tuple[TableDef, ...] = (
    TableDef("kategori", "Saker fordelt på kategori", "category", "year", "Kategori"),
    TableDef("landbakgrunn", "Saker fordelt på landbakgrunn", "country", "year", "Landbakgrunn"),
    TableDef("kjonn", "Saker fordelt på kjønn", "gender", "year", "Kjønn"),
    TableDef("alder", "Saker fordelt på alder", "age_group", "year", "Alder"),
    TableDef(
        "kategori_kjonn", "Kategori og kjønn", "category", "gender", "Kategori", over_years=False
    ),
    TableDef(
        "kategori_alder", "Kategori og alder", "category", "age_group", "Kategori", over_years=False
    ),
    TableDef(
        "kategori_meldt_av",
        "Kategori og saker meldt av skoleansatte",
        "category",
        "reported_by",
        "Kategori",
        over_years=False,
        column_levels=("skoleansatt",),
        # As in the 2023 report: school staff report the advisors' cases, hardly the envoys'.
        schemes=("mangfoldsradgiver",),
    ),
    TableDef("meldt_av", "Hvem meldte saken", "reported_by", "year", "Meldt av", over_years=False),
    TableDef("halvar", "Saker per halvår", "half_year", "year", "Halvår", over_years=False),
)
ACTIVITY_TABLES: tuple[TableDef, ...] = (
    TableDef(
        "aktiviteter_type",
        "Aktiviteter etter type",
        "activity_type",
        "year",
        "Type aktivitet",
        over_years=False,
    ),
    TableDef(
        "aktiviteter_malgruppe",
        "Aktiviteter etter målgruppe",
        "target_group",
        "year",
        "Målgruppe",
        over_years=False,
    ),
)
TABLE_BY_KEY: dict[str, TableDef] = {t.key: t for t in TABLES}
SHARE_TABLES = ("kategori", "landbakgrunn", "kjonn", "alder")
"""Tables printed with the report year's share beside its counts, as the 2023 report does
(gender and age, which it draws as shares, too)."""
HISTORY_TABLES = ("kategori", "landbakgrunn")
"""The only tables the published history holds."""
STRUCTURAL = "strukturelle_nuller"
"""Known zeros the protection must know about but no renderer prints."""

History = Mapping[int, tuple[Edition, dict[str, EditionCell]]]
"""Per year the register lacks: the newest edition that printed it, and its cells by row."""


def years_shown(year: int) -> list[int]:
    """The five years a report for ``year`` covers, ending with ``year``."""
    return list(range(year - YEARS_SHOWN + 1, year + 1))


def others_code(scheme: str) -> str:
    """The country group «Øvrige land» of one scheme: each scheme has its own members."""
    return f"{OTHERS_ROW}:{scheme}"


def problem_labels(definition: TableDef, scheme: str, row: str, column: str) -> dict[str, str]:
    """A printed position (row and column code of a table) as the problem's labels."""
    labels = {"scheme": scheme}
    for dim, code in ((definition.row_dim, row), (definition.column_dim, column)):
        labels[dim] = TOTAL if code == TOTAL_ROW else code
    return labels


def column_codes(
    definition: TableDef,
    *,
    year: int,
    years: Sequence[int],
    register: Sequence[str],
    history: History,
) -> list[str]:
    """A table's columns; none when neither the register nor an edition has its years."""
    if definition.over_years:
        return [str(y) for y in years if str(y) in register or y in history]
    if definition.key == "halvar":
        return [y for y in (str(year - 1), str(year)) if y in register]
    if definition.column_dim == "year":
        return [str(year)] if str(year) in register else []
    levels = definition.column_levels or stats.labels(definition.column_dim)
    return [*levels, TOTAL_ROW] if str(year) in register else []


def row_codes(
    definition: TableDef,
    *,
    categories: Sequence[str],
    countries: Sequence[str],
    has_others: bool,
    history: History,
) -> list[str]:
    """A table's rows in printed order, total last.

    ``categories`` and ``countries`` are the register's rows (the named
    countries only); rows an earlier edition printed for a year the register
    lacks are added, so that history and register meet row by row.
    """
    if definition.row_dim == "category":
        codes = list(categories)
        for _edition, printed in history.values():
            codes += [r for r in printed if r not in codes and r not in (TOTAL_ROW,)]
        order = stats.sort_orders("category")
        codes.sort(key=lambda c: order.get(c, 10_000))
        return [*codes, TOTAL_ROW]
    if definition.row_dim == "country":
        codes = list(countries)
        for _edition, printed in history.values():
            codes += [r for r in printed if r not in codes and r not in (TOTAL_ROW, OTHERS_ROW)]
        order = stats.sort_orders("country")
        codes.sort(key=lambda c: order.get(c, 10_000))
        has_others = has_others or any(OTHERS_ROW in printed for _e, printed in history.values())
        return [*codes, *([OTHERS_ROW] if has_others else []), TOTAL_ROW]
    return [*stats.labels(definition.row_dim), TOTAL_ROW]


def row_labels(definition: TableDef, codes: Sequence[str]) -> list[str]:
    names = stats.labels(definition.row_dim)
    out = []
    for code in codes:
        if code == TOTAL_ROW:
            out.append(_("Totalt"))
        elif code == OTHERS_ROW:
            out.append(_("Øvrige land"))
        else:
            out.append(names.get(code, code))
    return out


def column_labels(definition: TableDef, codes: Sequence[str]) -> list[str]:
    if definition.column_dim == "year":
        return list(codes)
    names = stats.labels(definition.column_dim)
    return [_("Totalt") if c == TOTAL_ROW else names.get(c, c) for c in codes]


def table_title(definition: TableDef, year: int, columns: Sequence[str]) -> str:
    """The caption's text: the title and the years its columns cover."""
    if definition.over_years:
        return f"{_(definition.title)} {columns[0]}–{columns[-1]}"
    if definition.key == "halvar" or definition in ACTIVITY_TABLES:
        return (
            f"{_(definition.title)} {columns[0]}–{columns[-1]}"
            if len(columns) > 1
            else (f"{_(definition.title)} {year}")
        )
    return f"{_(definition.title)} {year}"
