"""The HTML document and the partial: bokmål, no scripts or inline styles, tables with
captions and header scopes, and a data table for every chart."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any

import pytest
from django.template.loader import render_to_string

from tallrapport.reports.catalogue import TABLE_BY_KEY
from tallrapport.reports.history import TOTAL_ROW
from tallrapport.reports.render.html import HIDDEN_NOTE, render_document
from tallrapport.reports.report import (
    FROM_EDITION,
    HIDDEN,
    REVISED,
    SHOWN,
    Cell,
    KeyFigures,
    Report,
    Section,
    Table,
)
from tests.reports.render_samples import rolled_back, small_report

pytestmark = pytest.mark.django_db


class Collected(HTMLParser):
    """Every start tag with its attributes, and which tables have a caption."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.ids: dict[str, str] = {}
        self.table_captions: list[bool] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if attributes.get("id"):
            self.ids[str(attributes["id"])] = tag
        if tag == "table":
            self.table_captions.append(False)
        if tag == "caption":
            self.table_captions[-1] = True


def _parse(html: str) -> Collected:
    parser = Collected()
    parser.feed(html)
    return parser


@pytest.fixture(scope="module")
def report(django_db_setup: None, django_db_blocker: Any) -> Iterator[Report]:
    with rolled_back(django_db_blocker):
        yield small_report()


def test_document_is_bokmal_titled_and_without_scripts_or_inline_styles(report: Report) -> None:
    # when the standalone file is rendered
    html = render_document(report)
    parsed = _parse(html)
    # then it is a whole document in bokmål with a title
    assert html.startswith("<!doctype html>")
    assert ("html", {"lang": "nb"}) in parsed.tags
    assert f"<title>Tallrapportering {report.year}</title>" in html
    # and it runs no script and has no style attribute (a strict CSP is coming);
    # its stylesheet is inside, since the file must open offline
    assert all(tag != "script" for tag, _a in parsed.tags)
    assert all("style" not in attributes for _t, attributes in parsed.tags)
    assert sum(1 for tag, _a in parsed.tags if tag == "style") == 1
    assert ".report-table" in html
    assert "&quot;" not in html.split("</style>")[0]  # the CSS is not HTML-escaped


def test_every_table_has_a_caption_and_every_header_a_scope(report: Report) -> None:
    parsed = _parse(render_document(report))
    assert parsed.table_captions and all(parsed.table_captions)
    headers = [a for tag, a in parsed.tags if tag == "th"]
    assert headers
    assert all(a.get("scope") in {"col", "row", "colgroup"} for a in headers)


def test_every_chart_is_an_image_named_by_its_data_table(report: Report) -> None:
    parsed = _parse(render_document(report))
    charts = [a for tag, a in parsed.tags if tag == "svg"]
    # then the gender, age and category figures of both schemes are drawn
    assert len(charts) == 3 * len(report.sections)
    for attributes in charts:
        assert attributes["role"] == "img"
        title_id, caption_id = str(attributes["aria-labelledby"]).split()
        # and each names itself by its <title> and by the caption of a table in the document
        assert parsed.ids[title_id] == "title"
        assert parsed.ids[caption_id] == "caption"


def test_hidden_cells_print_a_star_and_the_note(report: Report) -> None:
    html = render_document(report)
    assert '*<span class="ds-sr-only"> (skjult)</span>' in html
    assert HIDDEN_NOTE in html


def test_the_partial_fits_inside_the_app_page(report: Report) -> None:
    # when the lead's page includes the partial with only the report in its context
    html = render_to_string("reports/_report_body.html", {"report": report})
    # then it has no document parts, and uses Designsystemet's classes
    for part in ("<html", "<head", "<body", "<style", "<script"):
        assert part not in html
    assert 'class="ds-table report-table' in html
    assert "Om tallene" in html
    for section in report.sections:
        assert section.name in html


def _hand_built_report() -> Report:
    """One scheme, one table: a revised, an earlier edition's and a hidden cell."""
    definition = TABLE_BY_KEY["kategori"]
    rows = [("negativ-sosial-kontroll", "Negativ sosial kontroll"), (TOTAL_ROW, "Totalt")]
    columns = [("2019", "2019"), ("2023", "2023")]
    cells = {
        ("negativ-sosial-kontroll", "2019"): Cell(120, SHOWN, FROM_EDITION),
        (TOTAL_ROW, "2019"): Cell(None, HIDDEN, FROM_EDITION),
        ("negativ-sosial-kontroll", "2023"): Cell(316, SHOWN, REVISED, (("Årsrapport X", 309),)),
        (TOTAL_ROW, "2023"): Cell(None, HIDDEN),
    }
    table = Table(
        "mangfoldsradgiver", definition, "Saker fordelt på kategori", rows, columns, cells
    )
    key = KeyFigures(Cell(None, HIDDEN), Cell(None, HIDDEN), None, 3, 2)
    section = Section(
        "mangfoldsradgiver",
        "Testordningen",
        "testrådgiver",
        key,
        {"kategori": table},
        {"innledning": "En innledning."},
    )
    return Report(
        year=2023,
        years=[2019, 2023],
        sections=[section],
        protection=None,
        audit=None,
        reference_editions=[],
        generated_at=datetime.datetime(2024, 2, 1, 9, 0, tzinfo=datetime.UTC),
        unprotectable=[],
    )


def test_revised_and_earlier_edition_cells_are_marked_and_explained() -> None:
    html = render_document(_hand_built_report())
    # then the revised cell has an "r" and a note naming the earlier number and edition
    assert '316<sup class="report-mark" aria-hidden="true">r</sup>' in html
    assert "Revidert: Negativ sosial kontroll, 2023: 316 (tidligere 309 i «Årsrapport X»)." in html
    # and the earlier edition's cell has a "p" and its note
    assert '120<sup class="report-mark" aria-hidden="true">p</sup>' in html
    assert "Hentet fra en tidligere utgave av rapporten" in html
    # and the hidden key figure prints as "*", the text as given
    assert "<dd>*</dd>" in html
    assert "En innledning." in html
    # and the revision list in "Om tallene" has the change
    assert "Årsrapport X" in html.split('id="om-tallene"')[1]


def _derivable(report: Report) -> list[tuple[str, str, tuple[str, str], int]]:
    """Hidden cells a reader gets by subtracting a line's printed cells from its printed total."""
    found = []
    for section in report.sections:
        for table in section.tables.values():
            if table.key == "aktiviteter_type":
                continue  # one of its rows is a subtotal of others, not a plain sum
            rows = [r for r, _l in table.rows if r != TOTAL_ROW]
            columns = [c for c, _l in table.columns if c != TOTAL_ROW]
            lines = []
            if len(rows) < len(table.rows):
                lines += [([(r, c) for r in rows], (TOTAL_ROW, c)) for c, _l in table.columns]
            if len(columns) < len(table.columns):
                lines += [([(r, c) for c in columns], (r, TOTAL_ROW)) for r, _l in table.rows]
            for members, total in lines:
                # «–» (no such category that year) is not hidden: it is 0, said so.
                hidden = [m for m in members if table.cells[m].hidden]
                printed = [table.cells[m].value for m in members]
                total_value = table.cells[total].value
                if total_value is not None and len(hidden) == 1:
                    rest = sum(v for v in printed if v is not None)
                    found.append((section.scheme, table.key, hidden[0], total_value - rest))
    return found


def test_no_hidden_cell_is_its_printed_total_minus_the_printed_cells(report: Report) -> None:
    # given the small register (3 cases of one category in 2023)
    # then no table lets a reader subtract its way to a hidden number
    assert _derivable(report) == []
