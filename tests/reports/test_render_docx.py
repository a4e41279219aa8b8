"""The DOCX of the demo's 2023 report (issue 12): Word's own headings, real tables with
repeating header rows and the cells the other formats print, every figure a PNG with
its alternative text beside its data table, «Kilde:» under each."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from docx import Document
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from PIL import Image

from tallrapport.accounts.models import User
from tallrapport.audit.models import Action, AuditEntry
from tallrapport.demo.loader import LoadResult
from tallrapport.reports.build import build_report
from tallrapport.reports.render.docx import render_docx
from tallrapport.reports.render.html import ReportLayout, TableView, report_layout
from tallrapport.reports.report import NOT_APPLICABLE_TEXT, Report

pytestmark = pytest.mark.django_db

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
SOURCE = "Kilde: Tallrapport (IMDi), 2023"


@pytest.fixture(scope="module")
def report(demo_with_activities: LoadResult, django_db_blocker: Any) -> Iterator[Report]:
    with django_db_blocker.unblock():
        yield build_report(year=2023)


@pytest.fixture(scope="module")
def layout(report: Report) -> ReportLayout:
    return report_layout(report)


@pytest.fixture(scope="module")
def document(report: Report) -> DocxDocument:
    return Document(io.BytesIO(render_docx(report)))


def _tables(layout: ReportLayout) -> list[TableView]:
    return [t for s in layout.sections for topic in s.topics for t in topic.tables]


def _printed(cell_text: str, mark: str) -> str:
    return cell_text + mark


def test_headings_are_words_own_heading_styles(
    document: DocxDocument, layout: ReportLayout
) -> None:
    # given the demo's 2023 report as DOCX
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style is not None]
    # then the title is Word's title, each scheme and «Om tallene» a first-level heading
    assert ("Title", "Tallrapportering 2023") in headings
    for section in layout.sections:
        assert ("Heading 1", section.name) in headings
        # and every topic of the scheme a second-level heading
        for topic in section.topics:
            assert ("Heading 2", topic.title) in headings
    assert ("Heading 1", "Om tallene") in headings
    # and the document is A4 in bokmål
    page = document.sections[0]
    assert page.page_width is not None and page.page_height is not None
    assert (round(page.page_width.mm), round(page.page_height.mm)) == (210, 297)
    assert document.core_properties.language == "nb-NO"
    assert document.core_properties.title == "Tallrapportering 2023"


def test_every_table_is_a_word_table_with_the_printed_cells(
    document: DocxDocument, layout: ReportLayout
) -> None:
    # given the Word tables, by their first row
    word = [[[c.text for c in row.cells] for row in table.rows] for table in document.tables]
    captions = [p.text for p in document.paragraphs if p.style is not None]
    hidden = not_applicable = 0
    for table in _tables(layout):
        # then each table of the report is there under its caption, header first
        assert table.caption in captions
        expected_header = [table.row_title, *table.header]
        expected_rows = [
            [row.label, *(_printed(c.text, c.mark) for c in row.cells)] for row in table.rows
        ]
        matches = [w for w in word if w[0] == expected_header and w[1:] == expected_rows]
        assert matches, table.caption
        hidden += sum(c.hidden for row in table.rows for c in row.cells)
        not_applicable += sum(c.not_applicable for row in table.rows for c in row.cells)
    # and hidden cells print «*», categories that did not exist «–», as everywhere else
    cells = [c for t in word for row in t for c in row]
    assert hidden and cells.count("*") >= hidden
    assert not_applicable and cells.count(NOT_APPLICABLE_TEXT) >= not_applicable


def test_table_header_rows_repeat_on_every_page(document: DocxDocument) -> None:
    # given the Word tables with more than one column of numbers
    data_tables = [t for t in document.tables if len(t.columns) > 1 and len(t.rows) > 2]
    assert len(data_tables) > 15
    for table in data_tables:
        first = table.rows[0]._tr
        # then the first row is marked as the header Word repeats, and no row splits
        assert first.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
        no_split = f"{qn('w:trPr')}/{qn('w:cantSplit')}"
        assert all(r._tr.find(no_split) is not None for r in table.rows)


def test_every_figure_is_a_png_with_its_alternative_text(
    document: DocxDocument, layout: ReportLayout
) -> None:
    figures = [t.figure for t in _tables(layout) if t.figure is not None]
    pictures = document.inline_shapes
    # then there is one picture per figure, in order, with the figure's alt text and title
    assert len(pictures) == len(figures) == 6
    for picture, figure in zip(pictures, figures, strict=True):
        properties = picture._inline.docPr
        assert properties.get("descr") == figure.alt
        assert properties.get("title") == figure.caption
        assert "Tallene står i tabell" in figure.alt
        # and it is a real PNG, wide enough to print sharply over the text column
        image_id = picture._inline.graphic.graphicData.pic.blipFill.blip.embed
        blob = document.part.related_parts[image_id].blob
        image = Image.open(io.BytesIO(blob))
        assert image.format == "PNG" and image.width >= 1200


def test_sources_notes_and_key_figures_are_printed(
    document: DocxDocument, layout: ReportLayout
) -> None:
    texts = [p.text for p in document.paragraphs]
    tables = _tables(layout)
    figures = [t for t in tables if t.figure is not None]
    # then «Kilde:» stands under every table and every figure, as in the PDF
    assert texts.count(SOURCE) == len(tables) + len(figures)
    # and the note on hidden cells under each table that hides one
    assert sum("* Tallet er skjult" in t for t in texts) == sum(t.has_hidden for t in tables)
    # and each scheme's key figures, label and value, in a grid
    cells = {c.text for t in document.tables for row in t.rows for c in row.cells}
    for section in layout.sections:
        for figure in section.key_figures:
            assert f"{figure.label.replace(chr(0xAD), '')}\n{figure.value}" in cells


def test_the_analyst_downloads_the_docx_and_the_export_is_audited(analyst: User) -> None:
    # given the analyst on the report page
    client = Client()
    client.force_login(analyst)
    page = client.get(reverse("report", args=[2023])).content.decode()
    url = reverse("report_download", args=[2023, "docx"])
    # then the page links the DOCX
    assert f'href="{url}"' in page
    # when downloading it
    response = client.get(url)
    # then it is a Word document named after the report, and the export is in the trail
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="tallrapport-2023.docx"'
    assert Document(io.BytesIO(response.content)).paragraphs
    assert AuditEntry.objects.filter(
        action=Action.EXPORT, target_id="tallrapport:2023:docx"
    ).exists()
