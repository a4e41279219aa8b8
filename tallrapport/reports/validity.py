"""Categories in years they did not exist: «–» with a footnote, never 0.

The category system changed over time (barneekteskap and «Tvunget til å
forbli i ekteskap» came in 2022, «Andre familierelaterte saker» ended after
2020). A 0 in a year before a category existed tells the reader that nobody
was registered in it, which is not what happened: nobody could be. The
periods come from the cases app through :mod:`tallrapport.stats`.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.translation import gettext as _

from tallrapport.reports.history import TOTAL_ROW
from tallrapport.reports.report import NOT_APPLICABLE, Cell, Table
from tallrapport.reports.text import join

Periods = Mapping[str, tuple[int, int | None]]
"""Category code → (first year, last year or None)."""


def existed(periods: Periods, category: str, year: int) -> bool:
    """Whether ``category`` could be registered in ``year`` (unknown codes: yes)."""
    start, end = periods.get(category, (year, None))
    return start <= year and (end is None or year <= end)


def _column_year(table: Table, column: str, year: int) -> int | None:
    if table.definition.column_dim == "year":
        return int(column) if column.isdigit() else None
    return year


def mark_not_applicable(table: Table, periods: Periods, year: int) -> None:
    """Print «–» where a category row's year is outside the category's period.

    Only printed zeros are marked: the protection holds a category's years
    outside its period as zeros every reader knows (the footnote says so), so
    it never hides them; a year from an earlier edition keeps what that
    edition printed. A real count is never overwritten. Rows that did not exist in any printed
    column are dropped; the footnote names what changed.
    """
    if table.definition.row_dim != "category":
        return
    for row, _label in table.rows:
        if row == TOTAL_ROW:
            continue
        for column, _column_label in table.columns:
            column_year = _column_year(table, column, year)
            if column_year is None or existed(periods, row, column_year):
                continue
            if table.cells[(row, column)].value == 0:
                table.cells[(row, column)] = Cell(None, NOT_APPLICABLE)
    gone = {
        row
        for row, _label in table.rows
        if all(table.cells[(row, c)].status == NOT_APPLICABLE for c, _l in table.columns)
    }
    table.rows = [(row, label) for row, label in table.rows if row not in gone]
    table.cells = {(r, c): cell for (r, c), cell in table.cells.items() if r not in gone}
    add_footnotes(table, periods)


def add_footnotes(table: Table, periods: Periods) -> None:
    """The footnote for every category row that prints «–» (a published edition's too)."""
    rows = [
        row
        for row, _label in table.rows
        if row in periods
        and any(table.cells[(row, c)].status == NOT_APPLICABLE for c, _l in table.columns)
    ]
    table.footnotes.extend(_footnotes(periods, rows, dict(table.rows)))


def _footnotes(periods: Periods, rows: list[str], labels: Mapping[str, str]) -> list[str]:
    introduced: dict[int, list[str]] = {}
    retired: dict[int, list[str]] = {}
    for row in rows:
        start, end = periods[row]
        if end is not None:
            retired.setdefault(end, []).append(f"«{labels[row]}»")
        else:
            introduced.setdefault(start, []).append(f"«{labels[row]}»")
    notes = [
        (
            _("– Kategorien fantes ikke før %(year)s: %(names)s.")
            if len(names) == 1
            else _("– Kategoriene fantes ikke før %(year)s: %(names)s.")
        )
        % {"year": start, "names": join(names)}
        for start, names in sorted(introduced.items())
    ]
    notes += [
        (
            _("– Kategorien ble brukt til og med %(year)s: %(names)s.")
            if len(names) == 1
            else _("– Kategoriene ble brukt til og med %(year)s: %(names)s.")
        )
        % {"year": end, "names": join(names)}
        for end, names in sorted(retired.items())
    ]
    return notes
