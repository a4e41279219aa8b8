"""The demo's 2023 report read as a publication (issue 12): «–» for categories
that did not exist, no rows of zeros, and «Kilde:» under every table and figure."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from tallrapport.demo.loader import LoadResult
from tallrapport.reports.build import build_report
from tallrapport.reports.history import TOTAL_ROW
from tallrapport.reports.render.html import render_document, report_layout
from tallrapport.reports.render.pdf import render_pdf
from tallrapport.reports.render.xlsx import render_xlsx
from tallrapport.reports.report import NOT_APPLICABLE, Report

pytestmark = pytest.mark.django_db

NEW = "tvunget-til-a-forbli-i-ekteskap"
RETIRED = "andre-familierelaterte-saker"


@pytest.fixture(scope="module")
def report(demo_with_activities: LoadResult, django_db_blocker: object) -> Iterator[Report]:
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        yield build_report(year=2023)


def test_a_category_before_it_existed_prints_a_dash_with_a_footnote(report: Report) -> None:
    # given the diversity advisors' category table 2019–2023
    table = report.section("mangfoldsradgiver").tables["kategori"]
    # then «Tvunget til å forbli i ekteskap» (from 2022) prints «–» in 2019–2021, never 0
    assert [table.cell(NEW, str(y)).text for y in (2019, 2020, 2021)] == ["–"] * 3
    assert table.cell(NEW, "2023").status != NOT_APPLICABLE
    # and a footnote says why
    assert any("fantes ikke før 2022" in note for note in table.footnotes)
    # and no cell of a category in a year it existed is marked
    assert table.cell("negativ-sosial-kontroll", "2019").status != NOT_APPLICABLE


def test_a_retired_category_prints_a_dash_and_gets_no_bar(report: Report) -> None:
    # given the envoys' category table
    section = report.section("spesialutsending")
    table = section.tables["kategori"]
    # then «Andre familierelaterte saker» (until 2020) prints «–» after 2020, share too
    assert [table.cell(RETIRED, str(y)).text for y in (2021, 2022, 2023)] == ["–"] * 3
    assert table.shares[RETIRED].text == "–"
    assert any("brukt til og med 2020" in note for note in table.footnotes)
    # and the report-year-only tables have no row for it at all
    assert RETIRED not in dict(section.tables["kategori_kjonn"].rows)
    # and the figure of the report year draws no bar for it
    html = render_document(report)
    figure = html.split('id="spesialutsending-kategori-figur"', 1)[1].split("</svg>", 1)[0]
    assert "Andre familierelaterte saker" not in figure
    assert "Negativ sosial kontroll" in figure


def test_activity_tables_have_no_row_of_zeros(report: Report) -> None:
    # given both schemes' activity tables
    for section in report.sections:
        for key in ("aktiviteter_type", "aktiviteter_malgruppe"):
            table = section.tables.get(key)
            if table is None:
                continue
            # then every printed row has a count that is not 0 in some year (or a hidden one)
            for row, label, cells in table.body():
                assert row == TOTAL_ROW or any(c.value != 0 for c in cells), (key, label)


def _words_on_pages(pdf_bytes: bytes) -> list[tuple[int, str, float, float]]:
    """Every text run of the PDF with its page and its horizontal extent (points)."""
    reader = PdfReader(io.BytesIO(pdf_bytes))
    found: list[tuple[int, str, float, float]] = []
    for number, page in enumerate(reader.pages):

        def visit(text: str, cm: Any, tm: Any, font: Any, size: float, page_: int = number) -> None:
            if text.strip():
                x = cm[0] * tm[4] + cm[2] * tm[5] + cm[4]
                scale = (tm[0] ** 2 + tm[1] ** 2) ** 0.5 * (cm[0] ** 2 + cm[1] ** 2) ** 0.5
                # Inter's figures and letters are narrower than 0.6 em: an upper bound.
                found.append((page_, text.strip(), x, x + 0.6 * size * scale * len(text.strip())))

        page.extract_text(visitor_text=visit)
    return found


def test_every_key_figure_is_inside_the_a4_page(report: Report) -> None:
    # given the 2023 report as PDF, and the key figures each scheme prints (six cards)
    pdf = render_pdf(report)
    words = _words_on_pages(pdf)
    width = PdfReader(io.BytesIO(pdf)).pages[1].mediabox.width
    for section in report_layout(report).sections:
        assert len(section.key_figures) >= 6
        for figure in section.key_figures:
            value = figure.value.replace("\u00a0", " ")
            # then each value is printed, and starts and ends inside the page
            runs = [w for w in words if w[1].replace("\u00a0", " ") == value]
            assert runs, (section.name, figure.label, value)
            assert any(x0 >= 0 and x1 <= float(width) for _p, _t, x0, x1 in runs), (
                section.name,
                figure.label,
                runs,
            )


def test_every_table_and_figure_has_its_source_in_html_and_xlsx(report: Report) -> None:
    # given the report as HTML and as a workbook
    source = "Kilde: Tallrapport (IMDi), 2023"
    html = render_document(report)
    layout = report_layout(report)
    tables = [t for s in layout.sections for topic in s.topics for t in topic.tables]
    figures = [t.figure for t in tables if t.figure is not None]
    # then «Kilde:» stands under every table and every figure of the HTML
    assert html.count(f'<p class="report-source">{source}</p>') == len(tables) + len(figures)
    for table in tables:
        block = html.split(f'id="{table.caption_id}"', 1)[1].split('class="report-block"', 1)[0]
        assert source in block.split("</table>", 1)[1], table.caption
    # and under every table sheet of the workbook
    workbook = load_workbook(io.BytesIO(render_xlsx(report)))
    sheets = workbook.worksheets[1:-1]
    assert len(sheets) == sum(len(s.tables) for s in report.sections)
    for sheet in sheets:
        values = [c for row in sheet.iter_rows(values_only=True) for c in row]
        assert source in values, sheet.title


def test_the_country_table_has_the_report_years_share_from_shown_cells_only(
    report: Report,
) -> None:
    for section in report.sections:
        # given a scheme's country table
        table = section.tables["landbakgrunn"]
        total = table.cell(TOTAL_ROW, "2023")
        # then it has a share column for the report year
        assert table.header()[-1] == "Andel 2023 (%)"
        hidden_rows = 0
        for row, label in table.rows:
            cell, share = table.cell(row, "2023"), table.shares[row]
            if cell.value is None or total.value is None:
                # and a hidden count (or total) has a hidden share: it cannot give it back
                assert share.value is None and share.hidden, label
                hidden_rows += 1
            else:
                assert share.value == round(100 * cell.value / total.value), label
        assert table.shares[TOTAL_ROW].value == 100
        assert hidden_rows < len(table.rows)
