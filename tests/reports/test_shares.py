"""Shares are computed from shown cells only, and the audit proves it.

A share of a hidden count narrows the count down (12 % of 245 is 29 or 30),
so the share audit (:func:`share_problems`, part of ``Report.safe``) fails a
report with any printed share whose numerator or denominator is not printed.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tallrapport.reports.assemble import add_shares
from tallrapport.reports.catalogue import TABLE_BY_KEY
from tallrapport.reports.history import TOTAL_ROW
from tallrapport.reports.report import (
    HIDDEN,
    SHOWN,
    Cell,
    KeyFigures,
    Report,
    Section,
    ShareUse,
    Table,
    percent,
    share_problems,
    text_share,
)

YEAR = "2023"

# (value, shown) per row; the total is the sum, shown or not.
rows_strategy = st.lists(st.tuples(st.integers(0, 400), st.booleans()), min_size=1, max_size=8)


def _table(rows: list[tuple[int, bool]], total_shown: bool) -> Table:
    cells = {
        (f"r{i}", YEAR): Cell(value, SHOWN) if shown else Cell(None, HIDDEN)
        for i, (value, shown) in enumerate(rows)
    }
    total = sum(value for value, _shown in rows)
    cells[(TOTAL_ROW, YEAR)] = Cell(total, SHOWN) if total_shown else Cell(None, HIDDEN)
    definition = TABLE_BY_KEY["kategori"]
    return Table(
        "mangfoldsradgiver",
        definition,
        definition.title,
        [(f"r{i}", f"Rad {i}") for i in range(len(rows))] + [(TOTAL_ROW, "Totalt")],
        [(YEAR, YEAR)],
        cells,
    )


def _report(table: Table) -> tuple[Report, Section]:
    key = KeyFigures(Cell(None, HIDDEN), Cell(None, HIDDEN), None, None, None)
    section = Section(
        "mangfoldsradgiver", "Ordningen", "mangfoldsrådgiver", key, {"kategori": table}
    )
    return Report(2023, [2023], [section], None, None, [], None, []), section


@given(rows=rows_strategy, total_shown=st.booleans())
def test_every_printed_share_comes_from_two_shown_cells(
    rows: list[tuple[int, bool]], total_shown: bool
) -> None:
    # given any column of shown and hidden counts, and its total shown or hidden
    table = _table(rows, total_shown)
    report, _section = _report(table)
    # when the share column is added
    add_shares(table, YEAR)
    # then every printed share is the rounded quotient of two shown cells, and the audit agrees
    for row, _label in table.rows:
        share = table.shares[row]
        cell, total = table.cells[(row, YEAR)], table.cells[(TOTAL_ROW, YEAR)]
        if share.value is not None:
            assert cell.shown and total.shown and total.value
            assert share.value == percent(cell.value or 0, total.value)
        else:
            assert not (cell.shown and total.shown and total.value)
    assert share_problems(report) == []


@given(rows=rows_strategy, total_shown=st.booleans(), row=st.integers(0, 7))
def test_a_text_share_is_printed_only_from_shown_cells(
    rows: list[tuple[int, bool]], total_shown: bool, row: int
) -> None:
    table = _table(rows, total_shown)
    report, section = _report(table)
    code = f"r{row % len(rows)}"
    share = text_share(section, "x", ("kategori", code, YEAR), ("kategori", TOTAL_ROW, YEAR))
    shown = table.cells[(code, YEAR)].shown and table.cells[(TOTAL_ROW, YEAR)].shown
    assert (share is not None) == (shown and bool(table.cells[(TOTAL_ROW, YEAR)].value))
    assert share_problems(report) == []


def test_a_share_of_a_hidden_count_fails_the_audit_and_the_report_is_not_safe() -> None:
    # given a column with a hidden row and a shown total
    table = _table([(30, True), (4, False)], total_shown=True)
    report, section = _report(table)
    assert report.safe
    # when a text prints the hidden row's share (12 % of 34 gives the 4 back)
    section.shares.append(
        ShareUse("r1", 12, ("kategori", "r1", YEAR), ("kategori", TOTAL_ROW, YEAR))
    )
    # then the share audit names it and the report fails the audit
    problems = share_problems(report)
    assert len(problems) == 1 and "ikke vises" in problems[0]
    assert not report.safe


def test_a_share_that_does_not_match_its_printed_cells_fails_the_audit() -> None:
    table = _table([(30, True), (10, True)], total_shown=True)
    report, _section = _report(table)
    add_shares(table, YEAR)
    table.shares["r0"] = Cell(80, SHOWN)  # 30 of 40 is 75 %
    assert "stemmer ikke" in share_problems(report)[0]
    assert not report.safe


def test_percent_rounds_halves_up() -> None:
    assert percent(1, 8) == 13  # 12,5 %
    assert percent(1, 3) == 33
    assert percent(2, 3) == 67
