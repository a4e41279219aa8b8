"""From protected cells to the report's tables: labels, history columns, shares, key figures.

A register position prints its count when the protection shows it and it is
not a small count; years the register does not cover print what the newest
edition printed, marked as such; a number an earlier edition printed
differently is marked revised. Shares and key figures are computed from shown
cells only, so they can never give back a hidden one.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence

from django.utils.translation import gettext as _

from tallrapport.disclosure import Protection, Status, cell_index
from tallrapport.reports import catalogue
from tallrapport.reports.activity_tables import COMPETENCE_ROW, group_label, type_label
from tallrapport.reports.catalogue import ACTIVITY_TABLES, MAX_N, TABLES, History
from tallrapport.reports.history import OTHERS_ROW, TOTAL_ROW
from tallrapport.reports.knowledge import PreviousValues, history_of, previous_values
from tallrapport.reports.models import EditionCell
from tallrapport.reports.protect import CaseProtection
from tallrapport.reports.report import (
    FROM_EDITION,
    HIDDEN,
    NOT_APPLICABLE,
    REVISED,
    SHOWN,
    ActivityProtection,
    Cell,
    KeyFigures,
    Section,
    Table,
    TableDef,
    percent,
)
from tallrapport.reports.validity import Periods, mark_not_applicable
from tallrapport.stats import selectors as stats


def assemble_sections(
    *,
    year: int,
    years: list[int],
    schemes: Sequence[str],
    cases: CaseProtection | None,
    activities: ActivityProtection | None,
    earlier: Sequence[EditionCell],
    today: datetime.date | None,
) -> list[Section]:
    """One section per scheme, its tables in catalogue order, texts still empty."""
    sections = []
    periods = stats.category_periods()
    for scheme in schemes:
        previous = previous_values(scheme, year, earlier)
        register = cases.plan.register[scheme] if cases is not None else []
        tables = _scheme_tables(
            scheme=scheme,
            year=year,
            years=years,
            cases=cases,
            history=history_of(scheme, years, register),
            previous=previous,
            periods=periods,
        )
        if activities is not None:
            tables.update(_activity_tables(scheme, activities, previous))
        name, title = stats.scheme_name(scheme, year)
        sections.append(
            Section(
                scheme=scheme,
                name=name,
                advisor_title=title,
                key_figures=key_figures(scheme, year, tables, today),
                tables=tables,
                countries=cases.stated.get(scheme, {}) if cases is not None else {},
                year_closed=stats.year_is_closed(scheme=scheme, year=year),
            )
        )
    return sections


def _activity_tables(
    scheme: str, activities: ActivityProtection, previous: PreviousValues
) -> dict[str, Table]:
    counts = activities.by_scheme[scheme]
    tables = {}
    for definition, cells, label in (
        (ACTIVITY_TABLES[0], counts.types, type_label),
        (ACTIVITY_TABLES[1], counts.groups, group_label),
    ):
        # A row of zeros in every year says nothing; the total still covers it.
        rows = [
            row
            for row in dict.fromkeys(row for row, _y in cells)
            if any(value != 0 for (r, _y), value in cells.items() if r == row)
        ]
        table_cells = {}
        for (row, column), value in cells.items():
            if row not in rows:
                continue
            if value is None:
                table_cells[(row, column)] = Cell(None, HIDDEN)
                continue
            before = [
                (title, old)
                for title, old in previous.get((definition.key, row, column), [])
                if old != value
            ]
            table_cells[(row, column)] = (
                Cell(value, SHOWN, REVISED, tuple(before)) if before else Cell(value, SHOWN)
            )
        tables[definition.key] = Table(
            scheme=scheme,
            definition=definition,
            title=catalogue.table_title(definition, int(activities.years[-1]), activities.years),
            rows=[(row, label(row)) for row in rows],
            columns=[(y, y) for y in activities.years],
            cells=table_cells,
        )
    return tables


def _scheme_tables(
    *,
    scheme: str,
    year: int,
    years: list[int],
    cases: CaseProtection | None,
    history: Mapping[str, History],
    previous: PreviousValues,
    periods: Periods,
) -> dict[str, Table]:
    plan = cases.plan if cases is not None else None
    register = plan.register[scheme] if plan is not None else []
    tables: dict[str, Table] = {}
    for definition in TABLES:
        if not definition.printed_for(scheme):
            continue
        printed = history.get(definition.key, {})
        column_codes = catalogue.column_codes(
            definition, year=year, years=years, register=register, history=printed
        )
        if not column_codes:
            continue
        row_codes = catalogue.row_codes(
            definition,
            categories=plan.categories[scheme] if plan is not None else [],
            countries=plan.named[scheme] if plan is not None else [],
            has_others=plan is not None and plan.has_others(scheme),
            history=printed,
        )
        row_labels = catalogue.row_labels(definition, row_codes)
        column_labels = catalogue.column_labels(definition, column_codes)
        cells: dict[tuple[str, str], Cell] = {}
        for row in row_codes:
            for column in column_codes:
                if definition.column_dim == "year" and int(column) in printed:
                    cells[(row, column)] = _history_cell(printed[int(column)][1].get(row))
                    continue
                if cases is None:
                    raise RuntimeError("a register column without a protection")
                cells[(row, column)] = _register_cell(
                    cases, definition, scheme, row, column, year, previous
                )
        table = Table(
            scheme=scheme,
            definition=definition,
            title=catalogue.table_title(definition, year, column_codes),
            rows=list(zip(row_codes, row_labels, strict=True)),
            columns=list(zip(column_codes, column_labels, strict=True)),
            cells=cells,
        )
        mark_not_applicable(table, periods, year)
        if definition.key in catalogue.SHARE_TABLES and str(year) in column_codes:
            add_shares(table, str(year))
        tables[definition.key] = table
    return tables


def _history_cell(printed: EditionCell | None) -> Cell:
    """A position of a year the register does not hold: as its newest edition printed it.

    A small count that edition printed stays public there; this report does not
    repeat it.
    """
    if printed is None or printed.value is None or 0 < printed.value <= MAX_N:
        return Cell(None, HIDDEN, FROM_EDITION)
    return Cell(printed.value, SHOWN, FROM_EDITION)


def _register_cell(
    cases: CaseProtection,
    definition: TableDef,
    scheme: str,
    row: str,
    column: str,
    year: int,
    previous: PreviousValues,
) -> Cell:
    problem = cases.plan.problem
    protection: Protection = cases.protection
    labels = catalogue.problem_labels(definition, scheme, row, column)
    if row == OTHERS_ROW:
        labels["country"] = catalogue.others_code(scheme)
    if definition.column_dim != "year":
        labels["year"] = str(year)
    try:
        index = cell_index(problem, labels)
    except KeyError:
        # A row that only an earlier edition's year has (a country or category
        # without a case in the register's years, or "Øvrige land" where the
        # register names every country): the register holds none of it.
        return Cell(0, SHOWN)
    value = int(problem.layout.values[index])
    status = protection.status[index]
    # A small count the earlier editions give away is public there and listed
    # in «Om tallene», but the table does not repeat it. A small «ukjent» is
    # not sensitive and is printed.
    shown = status is Status.SHOWN and not protection.sensitive[index]
    if not shown:
        return Cell(None, HIDDEN)
    before = [
        (title, old)
        for title, old in previous.get((definition.key, row, column), [])
        if old != value
    ]
    if before:
        return Cell(value, SHOWN, REVISED, tuple(before))
    return Cell(value, SHOWN)


def _share(cell: Cell, total: Cell) -> Cell:
    """A count's share of its total: only when both are shown (never of a hidden count)."""
    if cell.status == NOT_APPLICABLE:
        return Cell(None, NOT_APPLICABLE)
    if not (cell.shown and total.shown) or cell.value is None or not total.value:
        return Cell(None, HIDDEN)
    return Cell(percent(cell.value, total.value), SHOWN)


def add_shares(table: Table, year: str) -> None:
    """The report year's share per row, and every column's shares, from shown counts only."""
    table.share_column = (f"andel_{year}", _("Andel %(year)s (%%)") % {"year": year})
    for row, _label in table.rows:
        table.shares[row] = _share(table.cells[(row, year)], table.cells[(TOTAL_ROW, year)])
    for column, _label in table.columns:
        total = table.cells.get((TOTAL_ROW, column))
        if total is None:
            continue
        for row, _label in table.rows:
            if row != TOTAL_ROW and (row, column) in table.cells:
                table.column_shares[(row, column)] = _share(table.cells[(row, column)], total)


def key_figures(
    scheme: str, year: int, tables: Mapping[str, Table], today: datetime.date | None
) -> KeyFigures:
    """The section's headline numbers: new cases from the printed total, staff and countries."""
    return printed_key_figures(
        year,
        tables,
        advisors=stats.advisor_count(scheme=scheme, year=year, today=today),
        countries=stats.distinct_countries(scheme=scheme, year=year),
    )


def printed_key_figures(
    year: int, tables: Mapping[str, Table], *, advisors: int | None, countries: int | None
) -> KeyFigures:
    """Key figures read off the printed tables, so they can never show a hidden count."""
    categories = tables.get("kategori")
    empty = Cell(None, HIDDEN)
    new = categories.cells.get((TOTAL_ROW, str(year)), empty) if categories else empty
    before = categories.cells.get((TOTAL_ROW, str(year - 1)), empty) if categories else empty
    change = None
    if new.value is not None and before.value is not None:
        change = new.value - before.value
    return KeyFigures(
        new_cases=new,
        previous_cases=before,
        change=change,
        advisors=advisors,
        countries=countries,
        competence=_cell_or_none(tables, "aktiviteter_type", COMPETENCE_ROW, str(year)),
        competence_before=_cell_or_none(tables, "aktiviteter_type", COMPETENCE_ROW, str(year - 1)),
    )


def _cell_or_none(tables: Mapping[str, Table], table: str, row: str, column: str) -> Cell | None:
    found = tables.get(table)
    return None if found is None else found.cells.get((row, column))
