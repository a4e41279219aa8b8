"""The demo's 2023 report as printed (issue 12): A4 and tagged, every table's header on
every page its rows are on, short tables on one page, figures with their alternative
text, and the draft mark on every page."""

from __future__ import annotations

import io
import re
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from pypdf import PdfReader

from tallrapport.demo.loader import LoadResult
from tallrapport.reports.build import build_report
from tallrapport.reports.render.html import ReportLayout, TableView, report_layout
from tallrapport.reports.render.pdf import render_pdf
from tallrapport.reports.report import Report

pytestmark = pytest.mark.django_db

A4 = (595.28, 841.89)


@pytest.fixture(scope="module")
def report(demo_with_activities: LoadResult, django_db_blocker: Any) -> Iterator[Report]:
    with django_db_blocker.unblock():
        yield build_report(year=2023)


@pytest.fixture(scope="module")
def pdf(report: Report) -> PdfReader:
    return PdfReader(io.BytesIO(render_pdf(report)))


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


def _tables(layout: ReportLayout) -> list[TableView]:
    return [t for s in layout.sections for topic in s.topics for t in topic.tables]


def _row_line(table: TableView, index: int) -> str:
    row = table.rows[index]
    return _flat(" ".join([row.label, *(c.text + c.mark for c in row.cells)]))


def test_every_page_is_a4_tagged_and_marked_as_a_draft(pdf: PdfReader) -> None:
    root: Any = pdf.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    for page in pdf.pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(A4, 0.1)
        assert "Utkast – ikke publisert" in page.extract_text()


def test_no_table_row_is_printed_on_a_page_without_its_header(
    pdf: PdfReader, report: Report
) -> None:
    # given each page's lines, and every table's header and row lines
    pages = [{_flat(line) for line in page.extract_text().splitlines()} for page in pdf.pages]
    tables = _tables(report_layout(report))
    lines = Counter(_row_line(t, i) for t in tables for i in range(len(t.rows)))
    checked = 0
    for table in tables:
        header = _flat(" ".join([table.row_title, *table.header]))
        # a row line another table prints too (a shared total) says nothing of where it is
        rows = {_row_line(table, i) for i in range(len(table.rows))} - {
            line for line, n in lines.items() if n > 1
        }
        on = [n for n, page in enumerate(pages) if rows & page]
        # then every page with a row of the table repeats its header
        assert on, table.caption
        assert all(header in pages[n] for n in on), (table.caption, on)
        # and a short table is never split over two pages
        if table.short:
            assert len(on) == 1, (table.caption, on)
        checked += 1
    assert checked == len(tables) > 15
