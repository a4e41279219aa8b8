"""The status report of a plan as an HTML file, a PDF, a Word document and a spreadsheet.

Every renderer takes the same :class:`~tallrapport.plans.selectors.PlanReport`,
so the four files say the same thing. The shape follows the published reports:
the 2017–2020 final report (overview table with the summary sentence, then per
focus area each measure with «Status:», «Ansvarlig:» and the status text) and
the 2016 measure report (each result goal followed by its goal achievement).

- HTML: one self-contained file (its stylesheet inside), for e-mail or archive.
- PDF: WeasyPrint, A4, ``lang="nb"``, tagged as PDF/UA-1 so screen readers get
  headings, tables and reading order; cover, contents with page numbers, footer.
- DOCX: python-docx with Word's own heading styles, so the directorate can edit
  the prose and regenerate the table of contents in Word.
- XLSX: openpyxl, an overview sheet and a sheet with every status of every year;
  numbers are stored as numbers.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.text import slugify
from django.utils.translation import gettext as _
from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from tallrapport.formatting import thousands
from tallrapport.plans.models import ActionPlan, Measure
from tallrapport.plans.selectors import (
    PlanReport,
    ReportMeasure,
    measure_history,
    plan_report,
    status_label,
)
from tallrapport.plans.summary import SENTENCE_ORDER
from tallrapport.spreadsheet_cells import neutralise

REPORT_CSS = "plans/report.css"


def _stylesheet_path() -> Path:
    found = finders.find(REPORT_CSS)
    if not found or isinstance(found, list):
        raise FileNotFoundError(REPORT_CSS)
    return Path(found)


def _has_illustrative(report: PlanReport) -> bool:
    return any(
        area.illustrative or any(m.illustrative for m in area.measures) for area in report.areas
    )


def _context(report: PlanReport, *, embedded_css: str = "") -> dict[str, object]:
    return {
        "report": report,
        "has_illustrative": _has_illustrative(report),
        "embedded_css": embedded_css,
    }


# --- HTML and PDF -------------------------------------------------------------------------


def render_html(report: PlanReport) -> bytes:
    """A standalone HTML file with the stylesheet inside it."""
    css = _stylesheet_path().read_text(encoding="utf-8")
    html = render_to_string("plans/report/document.html", _context(report, embedded_css=css))
    return html.encode("utf-8")


def render_pdf(report: PlanReport) -> bytes:
    """An accessible A4 PDF drawn from the same template as the HTML file."""
    from weasyprint import CSS, HTML  # imported late: loading Pango costs a second

    html = render_to_string("plans/report/document.html", _context(report))
    document = HTML(string=html, base_url=str(_stylesheet_path().parent))
    pdf: bytes = document.write_pdf(
        stylesheets=[CSS(filename=str(_stylesheet_path()))],
        pdf_variant="pdf/ua-1",
        custom_metadata=True,
    )
    return pdf


# --- DOCX ---------------------------------------------------------------------------------


def _set_language(document: DocxDocument, language: str = "nb-NO") -> None:
    """Mark the document's text as Norwegian bokmål, for spelling and screen readers."""
    normal = document.styles["Normal"]
    rpr = normal.element.get_or_add_rPr()
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), language)


def _labelled(document: DocxDocument, label: str, text: str) -> None:
    paragraph = document.add_paragraph()
    paragraph.add_run(f"{label} ").bold = True
    paragraph.add_run(text)


def _docx_measure(document: DocxDocument, measure: ReportMeasure, *, sub: bool) -> None:
    heading = (_("Tiltak %(label)s %(title)s") if sub else _("Tiltak %(label)s. %(title)s")) % {
        "label": measure.label,
        "title": measure.title,
    }
    document.add_heading(heading, level=3 if sub else 2)
    if measure.illustrative:
        run = document.add_paragraph().add_run(_("Oppdiktet eksempel"))
        run.italic = True
    for paragraph in measure.description:
        document.add_paragraph(paragraph)
    if measure.executing_body:
        _labelled(document, _("Ansvarlig utfører:"), measure.executing_body)
    if measure.contact_role:
        _labelled(document, _("Kontakt:"), measure.contact_role)
    if measure.budget_amount is not None or measure.budget_text:
        amount = (
            _("Kr %(amount)s") % {"amount": thousands(measure.budget_amount)}
            if measure.budget_amount is not None
            else ""
        )
        post = f" {_('på')} {measure.budget_post}" if measure.budget_post and amount else ""
        budget = " ".join(
            part for part in (f"{amount}{post}." if amount else "", measure.budget_text) if part
        )
        _labelled(document, _("Budsjett:"), budget)
    if measure.sub_measures:
        return
    # «Status:» and «Ansvarlig:» on two lines of one paragraph, as in the final report.
    status = document.add_paragraph()
    status.add_run(_("Status:") + " ").bold = True
    status.add_run(measure.status_label)
    if measure.ministry:
        status.add_run().add_break()
        status.add_run(_("Ansvarlig:") + " ").bold = True
        status.add_run(measure.ministry)
    for paragraph in measure.status_text:
        document.add_paragraph(paragraph)
    for goal in measure.goals:
        _labelled(document, _("Resultatmål %(number)d:") % {"number": goal.number}, goal.goal)
        _labelled(
            document,
            _("Måloppnåelse %(number)d:") % {"number": goal.number},
            goal.achievement or _("Ikke rapportert."),
        )


def _docx_overview_table(document: DocxDocument, report: PlanReport) -> None:
    table = document.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    header = table.rows[0]
    for cell, text in zip(
        header.cells, (_("Nr."), _("Tiltak"), _("Ansvarlig dep."), _("Status")), strict=True
    ):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    # Repeat the header row on every page.
    tr_pr = header._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    tr_pr.append(repeat)
    for area in report.overview.areas:
        row = table.add_row()
        merged = row.cells[0].merge(row.cells[3])
        merged.text = ""
        merged.paragraphs[0].add_run(
            _("Innsatsområde %(number)d: %(title)s") % {"number": area.number, "title": area.title}
        ).bold = True
        for item in area.rows:
            cells = table.add_row().cells
            cells[0].text = f"  {item.label}" if item.is_sub else item.label
            cells[1].text = item.title
            cells[2].text = item.ministry
            cells[3].text = item.status_label
    # Word reads the cell widths, LibreOffice the grid columns: set both.
    table.autofit = False
    widths = (Mm(11), Mm(95), Mm(26), Mm(28))
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=False):
            cell.width = width
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(9.5)


def _docx_document(report: PlanReport) -> DocxDocument:
    """An A4 document in Norwegian with the report's title and the house's styles."""
    document = Document()
    _set_language(document)
    for section in document.sections:  # the default template is US Letter
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = Mm(25)
        section.top_margin, section.bottom_margin = Mm(22), Mm(22)
    document.core_properties.title = report.title
    document.core_properties.subject = _("Rapportering på tiltak %(year)d") % {"year": report.year}
    document.core_properties.language = "nb-NO"
    document.core_properties.author = "Tallrapport"
    normal = document.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(11)
    for style_name in ("Heading 1", "Heading 2", "Heading 3", "Title"):
        document.styles[style_name].font.color.rgb = RGBColor(0x0B, 0x3C, 0x5D)
    return document


def render_docx(report: PlanReport) -> bytes:
    """A Word document with real heading styles, editable as the directorate's own."""
    document = _docx_document(report)
    document.add_paragraph(
        _("Rapportering på tiltak %(year)d") % {"year": report.year}, style="Subtitle"
    )
    document.add_heading(report.plan_name, level=0)
    document.add_paragraph(_("Handlingsplan %(period)s") % {"period": report.period})
    if _has_illustrative(report):
        document.add_paragraph(
            _(
                "Merk: Tiltak merket «Oppdiktet eksempel» er demodata, "
                "ikke innhold i den vedtatte planen."
            )
        )
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    if report.plan_note:
        document.add_heading(_("Om denne rapporten"), level=1)
        document.add_paragraph(report.plan_note)
    document.add_heading(_("Oversikt over status for tiltak"), level=1)
    summary = document.add_paragraph()
    summary.add_run(report.overview.sentence).bold = True
    _docx_overview_table(document, report)
    if report.ministries:
        document.add_heading(_("Ansvarlige departementer"), level=2)
        for ministry in report.ministries:
            document.add_paragraph(f"{ministry.name} ({ministry.code})", style="List Bullet")

    for area in report.areas:
        document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        title = _("Innsatsområde %(number)d: %(title)s") % {
            "number": area.number,
            "title": area.title,
        }
        document.add_heading(title, level=1)
        for paragraph in area.introduction:
            document.add_paragraph(paragraph)
        for measure in area.measures:
            _docx_measure(document, measure, sub=False)
            for sub in measure.sub_measures:
                _docx_measure(document, sub, sub=True)

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# --- XLSX ---------------------------------------------------------------------------------

_HEADER_FONT = Font(bold=True, color="FFFFFF")
_HEADER_FILL = PatternFill("solid", fgColor="0B3C5D")
# What the plan's sheets hold: numbers stay numbers, empty cells stay empty.
_XlsxValue = int | str | None
_AREA_FONT = Font(bold=True)


def _header(sheet: Worksheet, row: int, titles: tuple[str, ...]) -> None:
    for column, title in enumerate(titles, start=1):
        cell = sheet.cell(row=row, column=column, value=neutralise(title))
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL


def _widths(sheet: Worksheet, widths: tuple[int, ...]) -> None:
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width


def render_xlsx(report: PlanReport, plan: ActionPlan) -> bytes:
    """An overview sheet for ``report.year`` and a sheet with every reported year's status."""
    workbook = Workbook()
    overview = workbook.create_sheet(_("Oversikt"), 0)
    for extra in workbook.sheetnames[1:]:
        del workbook[extra]
    _xlsx_overview(overview, report)
    measures = plan.measures.select_related("focus_area").order_by(
        "focus_area__number", "number", "letter"
    )
    _xlsx_statuses(workbook.create_sheet(_("Alle statuser")), measures)
    _xlsx_goals(workbook.create_sheet(_("Måloppnåelse")), measures)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_overview(sheet: Worksheet, report: PlanReport) -> None:
    """Title, year and summary sentence, the count per status, then one row per measure."""
    sheet["A1"] = neutralise(report.title)
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A2"] = _("Rapporteringsår")
    sheet["B2"] = report.year
    sheet["A3"] = neutralise(report.overview.sentence)
    row = _xlsx_status_counts(sheet, report, header_row=5)
    _xlsx_measure_table(sheet, report, header_row=row + 2)
    _widths(sheet, (14, 8, 10, 80, 16, 16))


def _xlsx_status_counts(sheet: Worksheet, report: PlanReport, *, header_row: int) -> int:
    """The number of measures per status and in total; returns the total's row."""
    _header(sheet, header_row, (_("Status"), _("Antall tiltak")))
    row = header_row
    for status in SENTENCE_ORDER:
        row += 1
        sheet.cell(row=row, column=1, value=neutralise(status_label(status)))
        sheet.cell(row=row, column=2, value=report.overview.counts.get(status, 0))
    row += 1
    sheet.cell(row=row, column=1, value=_("Totalt")).font = _AREA_FONT
    sheet.cell(row=row, column=2, value=report.overview.total).font = _AREA_FONT
    return row


def _xlsx_measure_table(sheet: Worksheet, report: PlanReport, *, header_row: int) -> None:
    """One row per measure and sub-measure with its status, filterable, header frozen.

    The measure's label («3b») is split into its number and letter so that the
    number sorts and filters as a number.
    """
    _header(
        sheet,
        header_row,
        (
            _("Innsatsområde"),
            _("Nr."),
            _("Deltiltak"),
            _("Tiltak"),
            _("Ansvarlig dep."),
            _("Status"),
        ),
    )
    row = header_row
    for area in report.overview.areas:
        for item in area.rows:
            row += 1
            measure_number = int(item.url_label.rstrip("abcdefghijklmnopqrstuvwxyz"))
            sub_letter = item.url_label[len(str(measure_number)) :]
            sheet.cell(row=row, column=1, value=area.number)
            sheet.cell(row=row, column=2, value=measure_number)
            sheet.cell(row=row, column=3, value=neutralise(sub_letter or None))
            sheet.cell(row=row, column=4, value=neutralise(item.title)).alignment = Alignment(
                wrap_text=True
            )
            sheet.cell(row=row, column=5, value=neutralise(item.ministry or None))
            sheet.cell(row=row, column=6, value=neutralise(item.status_label or None))
    sheet.freeze_panes = f"A{header_row + 1}"
    sheet.auto_filter.ref = f"A{header_row}:F{row}"


def _xlsx_statuses(sheet: Worksheet, measures: Iterable[Measure]) -> None:
    """Every reported status of every measure in every year, one row each."""
    titles = (
        _("År"),
        _("Innsatsområde"),
        _("Nr."),
        _("Deltiltak"),
        _("Tiltak"),
        _("Ansvarlig dep."),
        _("Status"),
        _("Statustekst"),
        _("Låst"),
    )
    _header(sheet, 1, titles)
    out_row = 1
    for measure in measures:
        for entry in measure_history(measure):
            if not entry.reported:
                continue
            out_row += 1
            values: tuple[_XlsxValue, ...] = (
                entry.year,
                measure.focus_area.number,
                measure.number,
                measure.letter or None,
                measure.title,
                entry.ministry or None,
                entry.status_label,
                entry.text,
                _("ja") if entry.closed else _("nei"),
            )
            _xlsx_row(sheet, out_row, values)
            sheet.cell(row=out_row, column=8).alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:I{max(out_row, 1)}"
    _widths(sheet, (8, 14, 8, 10, 60, 16, 14, 90, 8))


def _xlsx_goals(sheet: Worksheet, measures: Iterable[Measure]) -> None:
    """Every result goal's reported achievement, one row per goal and year."""
    _header(
        sheet,
        1,
        (
            _("År"),
            _("Nr."),
            _("Deltiltak"),
            _("Resultatmål nr."),
            _("Resultatmål"),
            _("Måloppnåelse"),
        ),
    )
    goal_row = 1
    for measure in measures:
        for entry in measure_history(measure):
            for goal in entry.goals:
                if not goal.achievement:
                    continue
                goal_row += 1
                values = (
                    entry.year,
                    measure.number,
                    measure.letter or None,
                    goal.number,
                    goal.goal,
                    goal.achievement,
                )
                _xlsx_row(sheet, goal_row, values)
    sheet.freeze_panes = "A2"
    _widths(sheet, (8, 8, 10, 16, 60, 80))


def _xlsx_row(sheet: Worksheet, row: int, values: tuple[_XlsxValue, ...]) -> None:
    """One row of values from column A, none of them able to become a formula."""
    for column, value in enumerate(values, start=1):
        sheet.cell(row=row, column=column, value=neutralise(value))


# --- dispatch -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportFormat:
    extension: str
    content_type: str
    render: Callable[[PlanReport, ActionPlan], bytes]


FORMATS: dict[str, ReportFormat] = {
    "html": ReportFormat("html", "text/html; charset=utf-8", lambda r, _p: render_html(r)),
    "pdf": ReportFormat("pdf", "application/pdf", lambda r, _p: render_pdf(r)),
    "docx": ReportFormat(
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        lambda r, _p: render_docx(r),
    ),
    "xlsx": ReportFormat(
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        render_xlsx,
    ),
}


def report_filename(plan: ActionPlan, year: int, extension: str) -> str:
    return f"handlingsplan-{slugify(plan.slug)}-status-{year}.{extension}"


def render_report(plan: ActionPlan, year: int, fmt: str) -> tuple[bytes, ReportFormat]:
    """The report of ``plan`` for ``year`` in format ``fmt`` (html, pdf, docx, xlsx)."""
    report_format = FORMATS[fmt]
    return report_format.render(plan_report(plan, year), plan), report_format
