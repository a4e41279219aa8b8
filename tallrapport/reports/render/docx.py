"""The report as a Word document, for the communication department to lay out.

Made from the same HTML document as the exported file and the PDF
(``reports/document.html``), read element by element: a heading becomes a
Word heading (``h1`` the title, ``h2`` «Overskrift 1» and so on), a paragraph
a paragraph, a list a list, a table a real Word table whose header row repeats
on every page, a figure its chart as a PNG with the figure's alternative text
(the picture's ``descr``) beside its data table. Whatever part a later version
adds to the report's template therefore reaches the DOCX without a change
here, and the cells, ``*``, «–», «Kilde:» lines and notes are the ones the
other formats print. Text for screen readers only (``ds-sr-only``) is left
out: Word has no such text, and the printed notes say what ``*`` and «–» mean.

Every page's header says «Utkast – ikke publisert» until an edition is
published, then the edition's name and date (see :mod:`.marks`).
"""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Iterator
from typing import Any

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import _Cell, _Row
from docx.text.paragraph import Paragraph

from tallrapport.reports.render.chart_png import bar_chart_png
from tallrapport.reports.render.html import FigureView, ReportLayout, report_layout
from tallrapport.reports.render.html_tree import Node, inline_runs, parse_html, text_of
from tallrapport.reports.report import Report

BLUE = RGBColor(0x0B, 0x3C, 0x5D)
RED = RGBColor(0xB3, 0x26, 0x1E)
MUTED = RGBColor(0x4D, 0x4D, 0x4D)
TEXT_WIDTH = Mm(170)
# Paragraph classes that print small and grey, as under the tables of the PDF.
NOTE_CLASSES = {"report-note", "report-source", "report-figure-note"}
SKIP_TAGS = {"script", "style", "form", "button", "svg", "img", "head", "title", "template"}

Container = DocxDocument | _Cell


def _figures(value: Any) -> Iterator[FigureView]:
    """Every figure anywhere in the layout, wherever a later layout puts them."""
    if isinstance(value, FigureView):
        yield value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for item in dataclasses.fields(value):
            yield from _figures(getattr(value, item.name))
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _figures(item)


class _Writer:
    """Walks the HTML document and writes each block into the Word document."""

    def __init__(self, document: DocxDocument, layout: ReportLayout) -> None:
        self.document = document
        self.figures: dict[str, FigureView] = {}
        for figure in _figures(layout):
            self.figures[figure.id] = figure
            self.figures[figure.alt] = figure

    # --- blocks ------------------------------------------------------------------------

    def blocks(self, node: Node, into: Container) -> None:
        for child in node.children:
            if isinstance(child, Node):
                self.block(child, into)

    def block(self, node: Node, into: Container) -> None:
        tag = node.tag
        if tag in SKIP_TAGS or node.has_class("ds-sr-only"):
            return
        if tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            self.heading(node, into)
        elif tag == "p":
            self.paragraph(node, into)
        elif tag in {"ul", "ol"}:
            self.listing(node, into)
        elif tag == "table":
            self.table(node, into)
        elif tag == "figure":
            self.figure(node, into)
        elif tag == "dl":
            self.definitions(node, into)
        elif node.has_class("ds-alert"):
            self.alert(node, into)
        elif tag == "header" and node.has_class("report-cover"):
            self.blocks(node, into)
            into.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        else:
            self.blocks(node, into)

    def heading(self, node: Node, into: Container) -> None:
        level = int(node.tag[1]) - 1
        # The contents list's heading is no chapter of its own (Word's navigation pane).
        if isinstance(into, _Cell) or _inside(node, "nav"):
            run = into.add_paragraph().add_run(text_of(node))
            run.bold = True
            return
        self.document.add_heading(text_of(node), level=min(level, 9))

    def paragraph(self, node: Node, into: Container, style: str | None = None) -> Paragraph:
        paragraph = into.add_paragraph(style=style)
        for text, superscript in inline_runs(node):
            run = paragraph.add_run(text)
            run.font.superscript = superscript or None
        classes = node.classes
        if classes & NOTE_CLASSES:
            for run in paragraph.runs:
                run.font.size = Pt(8.5)
                run.font.color.rgb = MUTED
                run.italic = "report-source" in classes or None
        if classes & {"report-status-draft", "report-alert-title", "report-audit-failed"}:
            for run in paragraph.runs:
                run.bold = True
                run.font.color.rgb = RED
        if "report-kicker" in classes:
            for run in paragraph.runs:
                run.font.color.rgb = MUTED
        if "report-subtitle" in classes:
            for run in paragraph.runs:
                run.font.size = Pt(14)
        return paragraph

    def listing(self, node: Node, into: Container) -> None:
        style = "List Number" if node.tag == "ol" else "List Bullet"
        for item in node.children:
            if isinstance(item, Node) and item.tag == "li":
                self.paragraph(item, into, style=style)

    def definitions(self, node: Node, into: Container) -> None:
        """Key figures as a grid of boxes; any other list of terms as «term: value» lines."""
        pairs: list[tuple[str, str]] = []
        term = ""
        for element in node.descendants():
            if element.tag == "dt":
                term = text_of(element)
            elif element.tag == "dd":
                pairs.append((term, text_of(element)))
        if node.has_class("report-keys"):
            self.key_figures(pairs, into)
            return
        for label, value in pairs:
            paragraph = into.add_paragraph()
            paragraph.add_run(f"{label}: ").bold = True
            paragraph.add_run(value)

    def key_figures(self, pairs: list[tuple[str, str]], into: Container) -> None:
        columns = 3
        rows = (len(pairs) + columns - 1) // columns
        if not rows:
            return
        table = into.add_table(rows=rows, cols=columns)
        table.style = "Table Grid"
        for index, (label, value) in enumerate(pairs):
            cell = table.cell(index // columns, index % columns)
            cell.text = ""
            caption = cell.paragraphs[0].add_run(label.replace("\u00ad", ""))
            caption.font.size = Pt(8.5)
            caption.font.color.rgb = MUTED
            number = cell.add_paragraph().add_run(value)
            number.bold = True
            number.font.size = Pt(16)
            number.font.color.rgb = BLUE
        for row in table.rows:
            _no_split(row._tr)
        into.add_paragraph()

    def alert(self, node: Node, into: Container) -> None:
        """Designsystemet's alert as a framed, tinted box of one cell."""
        table = into.add_table(rows=1, cols=1)
        table.style = "Table Grid"
        cell = table.cell(0, 0)
        _shade(cell, "FDF1F0")
        _cell_borders(cell, "B3261E")
        self.blocks(node, cell)
        if not cell.paragraphs[0].text:
            cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)
        into.add_paragraph()

    def figure(self, node: Node, into: Container) -> None:
        chart = self._chart(node)
        if chart is not None and node.find("figcaption") is None:
            self.picture(chart, into)
        for child in node.children:
            if not isinstance(child, Node):
                continue
            if child.tag == "figcaption":
                caption = self.paragraph(child, into, style="Caption")
                caption.paragraph_format.keep_with_next = True
                if chart is not None:
                    self.picture(chart, into)
            else:
                self.block(child, into)

    def _chart(self, node: Node) -> FigureView | None:
        for element in node.descendants():
            key = element.attrs.get("id", "").removesuffix("-tekst")
            if element.tag == "figcaption" and key in self.figures:
                return self.figures[key]
            if element.tag == "img" and element.attrs.get("alt", "") in self.figures:
                return self.figures[element.attrs["alt"]]
        return None

    def picture(self, figure: FigureView, into: Container) -> None:
        png, _ratio = bar_chart_png(
            groups=figure.groups, series=figure.series, orientation=figure.orientation
        )
        paragraph = into.add_paragraph()
        paragraph.paragraph_format.keep_with_next = True
        shape = paragraph.add_run().add_picture(io.BytesIO(png), width=Mm(160))
        # The picture's alternative text, as Word's «Alternativ tekst» shows it.
        doc_pr = shape._inline.docPr
        doc_pr.set("descr", figure.alt)
        doc_pr.set("title", figure.caption)

    # --- tables ------------------------------------------------------------------------

    def table(self, node: Node, into: Container) -> None:
        rows = [r for r in node.descendants() if r.tag == "tr"]
        header_rows = [r for r in rows if r.parent is not None and r.parent.tag == "thead"]
        width = max((sum(_span(c) for c in _cells(r)) for r in rows), default=0)
        caption = node.find("caption")
        if caption is not None:
            paragraph = self.paragraph(caption, into, style="Caption")
            paragraph.paragraph_format.keep_with_next = True
        if not rows or not width:
            return
        table = into.add_table(rows=len(rows), cols=width)
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        short = len(rows) <= 16
        for target, row in zip(table.rows, rows, strict=True):
            self._row(target, row, header=row in header_rows, keep=short)
        into.add_paragraph().paragraph_format.space_after = Pt(0)

    def _row(self, row: _Row, node: Node, *, header: bool, keep: bool) -> None:
        _no_split(row._tr)
        if header:
            _repeat_header(row._tr)
        bold = header or node.has_class("report-total") or node.has_class("report-group-row")
        column = 0
        for source in _cells(node):
            span = _span(source)
            cell = row.cells[column]
            if span > 1:
                cell = cell.merge(row.cells[min(column + span, len(row.cells)) - 1])
            column += span
            paragraph = cell.paragraphs[0]
            for text, superscript in inline_runs(source):
                run = paragraph.add_run(text)
                run.font.size = Pt(9)
                run.font.superscript = superscript or None
                run.bold = bold or None
            if source.has_class("report-num"):
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            if header:
                _shade(cell, "E6EDF3")
            # A short table stays on one page: every row keeps with the next.
            paragraph.paragraph_format.keep_with_next = keep
            paragraph.paragraph_format.space_after = Pt(0)


def _inside(node: Node, tag: str) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.tag == tag:
            return True
        parent = parent.parent
    return False


def _cells(row: Node) -> list[Node]:
    return [c for c in row.children if isinstance(c, Node) and c.tag in {"th", "td"}]


def _span(cell: Node) -> int:
    try:
        return max(1, int(cell.attrs.get("colspan", "1")))
    except ValueError:
        return 1


def _repeat_header(tr: Any) -> None:
    """Word repeats a row marked ``tblHeader`` at the top of every page the table runs onto."""
    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    tr.get_or_add_trPr().append(marker)


def _no_split(tr: Any) -> None:
    marker = OxmlElement("w:cantSplit")
    marker.set(qn("w:val"), "true")
    tr.get_or_add_trPr().append(marker)


def _shade(cell: _Cell, colour: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), colour)
    cell._tc.get_or_add_tcPr().append(shading)


def _cell_borders(cell: _Cell, colour: str) -> None:
    borders = OxmlElement("w:tcBorders")
    for side in ("top", "left", "bottom", "right"):
        border = OxmlElement(f"w:{side}")
        border.set(qn("w:val"), "single")
        border.set(qn("w:sz"), "24" if side == "left" else "12")
        border.set(qn("w:color"), colour)
        borders.append(border)
    cell._tc.get_or_add_tcPr().append(borders)


def _field(paragraph: Paragraph, code: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word fills in when it lays out the pages."""

    def char(kind: str) -> None:
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        paragraph.add_run()._r.append(element)

    char("begin")
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = f" {code} "
    paragraph.add_run()._r.append(instruction)
    char("separate")
    paragraph.add_run("1")  # shown until Word updates the field
    char("end")


def _header_and_footer(document: DocxDocument, layout: ReportLayout) -> None:
    """The status on every page's header (a failed audit on a second line); page numbers."""
    section = document.sections[0]
    header = section.header
    lines = [layout.status_mark, layout.draft_mark]
    first = header.paragraphs[0]
    for index, line in enumerate(line for line in lines if line):
        paragraph = first if index == 0 else header.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(line)
        run.font.size = Pt(9)
        run.bold = True
        run.font.color.rgb = MUTED if layout.published else RED
    footer = section.footer.paragraphs[0]
    footer.add_run(f"{layout.title}\t\t")
    footer.add_run(_("Side") + " ")
    _field(footer, "PAGE")
    footer.add_run(" " + _("av") + " ")
    _field(footer, "NUMPAGES")
    for run in footer.runs:
        run.font.size = Pt(8)
        run.font.color.rgb = MUTED


def _document(layout: ReportLayout) -> DocxDocument:
    """An A4 document in bokmål with the report's title and the house's colours."""
    document = Document()
    rpr = document.styles["Normal"].element.get_or_add_rPr()
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "nb-NO")
    rpr.append(lang)
    for section in document.sections:  # the default template is US Letter
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin, section.right_margin = Mm(20), Mm(20)
        section.top_margin, section.bottom_margin = Mm(22), Mm(22)
    properties = document.core_properties
    properties.title = layout.title
    properties.subject = layout.subtitle
    properties.language = "nb-NO"
    properties.author = "Tallrapport"
    properties.keywords = layout.status_mark
    normal = document.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(10.5)
    for name in ("Title", "Heading 1", "Heading 2", "Heading 3"):
        document.styles[name].font.color.rgb = BLUE
    return document


def render_docx(report: Report) -> bytes:
    """The DOCX's bytes."""
    layout = report_layout(report)
    html = render_to_string(
        "reports/document.html",
        {"report": report, "report_view": layout, "embedded_css": "", "charts_as_images": True},
    )
    document = _document(layout)
    _header_and_footer(document, layout)
    body = parse_html(html).find("body")
    if body is not None:
        _Writer(document, layout).blocks(body, document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
