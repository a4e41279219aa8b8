"""The PDF: A4, tagged, bokmål; the cover, every protected table as printed, `*` and its note."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import Any

import pytest
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject

from tallrapport.reports.render.html import HIDDEN_NOTE
from tallrapport.reports.render.pdf import render_pdf
from tallrapport.reports.report import REVISED, Report
from tests.reports.render_samples import SMALL_CATEGORY, YEAR, rolled_back, small_report

pytestmark = pytest.mark.django_db

A4 = (595.28, 841.89)


def _flat(text: str) -> str:
    """One line, single spaces: notes wrap at the page's width."""
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


@pytest.fixture(scope="module")
def report(django_db_setup: None, django_db_blocker: Any) -> Iterator[Report]:
    with rolled_back(django_db_blocker):
        yield small_report()


@pytest.fixture(scope="module")
def pdf(report: Report) -> PdfReader:
    return PdfReader(io.BytesIO(render_pdf(report)))


def test_pdf_is_a4_tagged_norwegian_with_title_and_page_numbers(pdf: PdfReader) -> None:
    # given the small register's report rendered to PDF
    # then every page is A4, the document is tagged with a structure tree in bokmål
    for page in pdf.pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(A4, 0.1)
    root: Any = pdf.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert str(root["/Lang"]).startswith("nb")
    assert root["/MarkInfo"]["/Marked"]
    assert pdf.metadata is not None and pdf.metadata.title == f"Tallrapportering {YEAR}"
    # and the pages after the cover carry "Side n av N"
    assert f"Side 2 av {len(pdf.pages)}" in pdf.pages[1].extract_text()


def _structure(node: Any, found: list[Any]) -> list[Any]:
    """Every element of the PDF's structure tree, depth first."""
    node = node.get_object() if hasattr(node, "get_object") else node
    if isinstance(node, ArrayObject):
        for child in node:
            _structure(child, found)
    elif isinstance(node, DictionaryObject):
        if "/S" in node:
            found.append(node)
        if "/K" in node:
            _structure(node["/K"], found)
    return found


def test_tables_headings_and_figures_are_tagged(pdf: PdfReader, report: Report) -> None:
    root: Any = pdf.trailer["/Root"]
    elements = _structure(root["/StructTreeRoot"], [])
    roles = [str(e["/S"]) for e in elements]
    # then screen readers get tables with captions and header cells, and headings
    tables = sum(len(s.tables) for s in report.sections)
    assert roles.count("/Table") >= tables
    assert roles.count("/Caption") >= tables
    assert "/TH" in roles and "/H1" in roles and "/H2" in roles
    # and every chart is a figure with its alternative text pointing to its table
    figures = [e for e in elements if e["/S"] == "/Figure"]
    assert len(figures) == 3 * len(report.sections)
    assert all(str(f["/Alt"]).startswith("Stolpediagram: Figur") for f in figures)
    assert all("Tallene står i tabell" in str(f["/Alt"]) for f in figures)


def test_cover_names_title_both_schemes_date_and_source(pdf: PdfReader, report: Report) -> None:
    # when the first page is read
    cover = _flat(pdf.pages[0].extract_text())
    # then it has the title, both schemes' names of that year, and the source
    assert f"Tallrapportering {YEAR}" in cover
    for section in report.sections:
        assert section.name in cover
    assert "Kilde" in cover and "Tallrapport" in cover
    assert "Laget" in cover


def test_every_table_row_prints_the_protected_cells_and_never_a_hidden_value(
    pdf: PdfReader, report: Report
) -> None:
    # given the PDF's text, line by line
    lines = {_flat(line) for page in pdf.pages for line in page.extract_text().splitlines()}
    checked = 0
    for section in report.sections:
        for table in section.tables.values():
            for _code, label, cells in table.body():
                printed = [
                    c.text.replace("\u00a0", " ") + ("r" if c.note == REVISED and c.shown else "")
                    for c in cells
                ]
                # then the row reads exactly as the protected table: hidden cells are "*"
                assert _flat(f"{label} {' '.join(printed)}") in lines, (table.key, label)
                checked += 1
    assert checked > 50
    # and the three cases of the small category print as "*" in the report year, not as 3
    category = report.section("mangfoldsradgiver").tables["kategori"]
    assert category.cell(SMALL_CATEGORY, str(YEAR)).value is None
    row = next(c for code, _label, c in category.body() if code == SMALL_CATEGORY)
    label = dict(category.rows)[SMALL_CATEGORY]
    row_text = " ".join(c.text + ("r" if c.note == REVISED else "") for c in row)
    assert row_text.endswith("* *")  # 2023 and its share
    assert _flat(f"{label} {row_text}") in lines


def test_hidden_cells_are_explained_under_the_tables(pdf: PdfReader, report: Report) -> None:
    text = _flat(" ".join(page.extract_text() for page in pdf.pages))
    # then "*" and the footnote are printed, once under each table that hides a cell
    tables_with_stars = sum(
        1
        for section in report.sections
        for table in section.tables.values()
        if any(c.hidden for _code, _label, cells in table.body() for c in cells)
    )
    assert tables_with_stars > 0
    assert text.count(_flat(HIDDEN_NOTE)) == tables_with_stars


def test_revisions_are_marked_and_listed_in_om_tallene(pdf: PdfReader, report: Report) -> None:
    # given a register whose 2019 differs from what the 2019 report printed
    assert report.revisions
    text = _flat(" ".join(page.extract_text() for page in pdf.pages))
    about = text[text.rindex("Om tallene") :]
    # then each revised cell has a note under its table naming the earlier number and edition
    for revision in report.revisions:
        old_title, old_value = revision.previous[0]
        assert (
            f"Revidert: {revision.row}, {revision.column}: {revision.value} "
            f"(tidligere {old_value} i «{old_title}»)."
        ) in text
    # and the last section explains the protection and its audit
    assert "Om tallene" in about
    assert "sekundær prikking" in about
    assert "Ingen skjulte tall kan regnes ut nøyaktig, utenom dem" in about
    assert "Reviderte tall" in about
