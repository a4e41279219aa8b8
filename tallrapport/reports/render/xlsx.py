"""The report as a spreadsheet: a cover sheet, then one sheet per table per scheme.

Numbers are stored as numbers (int), so an analyst can sum and chart them; a
hidden cell is the text ``*`` (never an empty cell, which a formula would read
as zero, and never the value). A revised cell carries a comment naming what the
earlier edition printed. Like the CSV, only the protected cells are written.
"""

from __future__ import annotations

import io
import re

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from tallrapport.reports.history import TOTAL_ROW
from tallrapport.reports.render.html import (
    HIDDEN_NOTE,
    ReportLayout,
    report_layout,
    scheme_short,
)
from tallrapport.reports.render.marks import made_line, source_line
from tallrapport.reports.report import (
    ABSENT,
    FROM_EDITION,
    NOT_APPLICABLE,
    REVISED,
    Cell,
    Report,
    Table,
    draft_mark,
)
from tallrapport.spreadsheet_cells import neutralise

SHEET_NAME_MAX = 31
# Short names for sheet tabs ("MR kategori og kjønn" fits in Excel's 31 characters).
TABLE_SHORT = {
    "kategori": "kategori",
    "landbakgrunn": "landbakgrunn",
    "kjonn": "kjønn",
    "alder": "alder",
    "kategori_kjonn": "kategori og kjønn",
    "kategori_alder": "kategori og alder",
    "kategori_meldt_av": "kategori og skoleansatte",
    "meldt_av": "meldt av",
    "halvar": "halvår",
    "aktiviteter_type": "aktiviteter etter type",
    "aktiviteter_malgruppe": "aktiviteter etter målgruppe",
}
_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")

_TITLE_FONT = Font(bold=True, size=14, color="0B3C5D")
_HEADER_FONT = Font(bold=True, color="FFFFFF")
_HEADER_FILL = PatternFill("solid", fgColor="0B3C5D")
_BOLD = Font(bold=True)
_NOTE_FONT = Font(italic=True, color="4D4D4D")
_DRAFT_FONT = Font(bold=True, size=12, color="B3261E")
_RIGHT = Alignment(horizontal="right")
_WRAP = Alignment(wrap_text=True, vertical="top")
COMMENT_AUTHOR = "Tallrapport"


def sheet_name(scheme: str, table_key: str, taken: set[str]) -> str:
    """``MR kategori``: ≤ 31 characters, none Excel forbids, unique in the workbook."""
    base = _FORBIDDEN.sub("", f"{scheme_short(scheme)} {TABLE_SHORT.get(table_key, table_key)}")
    name = base[:SHEET_NAME_MAX]
    counter = 2
    while name.lower() in taken:
        suffix = f" {counter}"
        name = base[: SHEET_NAME_MAX - len(suffix)] + suffix
        counter += 1
    taken.add(name.lower())
    return name


def _value(cell: Cell) -> int | str | None:
    if cell.status == ABSENT:
        return None  # the edition printed nothing here
    if cell.status == NOT_APPLICABLE:
        return cell.text  # «–»: the category did not exist, which is not 0
    return "*" if cell.value is None else int(cell.value)


def _mark_draft(sheet: Worksheet, report: Report) -> None:
    """A report that fails the audit says so in row 2 of every sheet, under the title."""
    mark = draft_mark(report)
    if mark:
        sheet["A2"] = mark
        sheet["A2"].font = _DRAFT_FONT


def _comment(cell: Cell) -> Comment | None:
    if cell.note == REVISED and cell.value is not None and cell.previous:
        text = _("Revidert. Tidligere trykt: %(before)s.") % {
            "before": "; ".join(f"{old} ({title})" for title, old in cell.previous)
        }
        return Comment(text, COMMENT_AUTHOR, width=320, height=90)
    if cell.note == FROM_EDITION and cell.value is not None:
        return Comment(
            _("Hentet fra en tidligere utgave: registeret har ingen saker for dette året."),
            COMMENT_AUTHOR,
        )
    return None


def _mark_status(sheet: Worksheet, layout: ReportLayout) -> int:
    """The first sheet says «Utkast – ikke publisert» (or the edition and its date) in row 2,
    and a failed audit with its reason under it; returns the first free row."""
    sheet["A2"] = neutralise(layout.status_mark)
    sheet["A2"].font = _BOLD if layout.published else _DRAFT_FONT
    if not layout.draft_mark:
        return 3
    sheet["A3"] = layout.draft_mark
    sheet["A3"].font = _DRAFT_FONT
    sheet["A4"] = neutralise(layout.audit_reason)
    return 5


def _cover(sheet: Worksheet, report: Report) -> None:
    layout = report_layout(report)
    sheet["A1"] = _("Om rapporten")
    sheet["A1"].font = _TITLE_FONT
    row = _mark_status(sheet, layout)
    rows: list[tuple[str, str | int]] = [
        (_("Rapport"), layout.title),
        (_("Ordninger"), layout.subtitle),
        (_("År"), report.year),
        made_line(report, "j. F Y H:i"),
        (_("Kilde"), "Tallrapport"),
    ]
    for label, value in rows:
        sheet.cell(row=row, column=1, value=label).font = _BOLD
        sheet.cell(row=row, column=2, value=neutralise(value))
        row += 1
    row += 1
    sheet.cell(row=row, column=1, value=_("Prikking")).font = _BOLD
    for paragraph in [HIDDEN_NOTE, *layout.about.protection, layout.about.audit]:
        sheet.cell(row=row, column=2, value=neutralise(paragraph)).alignment = _WRAP
        row += 1
    row += 1
    sheet.cell(row=row, column=1, value=_("Allerede offentlige")).font = _BOLD
    for line in layout.about.public or [_("Ingen.")]:
        sheet.cell(row=row, column=2, value=neutralise(line)).alignment = _WRAP
        row += 1
    row += 1
    sheet.cell(row=row, column=1, value=_("Reviderte tall")).font = _BOLD
    if not layout.about.revisions:
        sheet.cell(row=row, column=2, value=_("Ingen tall er endret siden tidligere utgaver."))
        row += 1
    else:
        headers = (_("Ordning"), _("Tabell"), _("Rad"), _("Kolonne"), _("Nå"), _("Før"))
        for column, title in enumerate(headers, start=2):
            cell = sheet.cell(row=row, column=column, value=title)
            cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
        for revision in report.revisions:
            row += 1
            section = report.section(revision.scheme)
            table = section.tables.get(revision.table)
            values: tuple[str | int, ...] = (
                section.name,
                table.definition.title if table is not None else revision.table,
                revision.row,
                revision.column,
                revision.value,
                "; ".join(f"{old} ({title})" for title, old in revision.previous),
            )
            for column, value in enumerate(values, start=2):
                sheet.cell(row=row, column=column, value=neutralise(value))
    sheet.column_dimensions["A"].width = 18
    sheet.column_dimensions["B"].width = 90
    for letter, width in (("C", 28), ("D", 26), ("E", 12), ("F", 10), ("G", 60)):
        sheet.column_dimensions[letter].width = width


def _table_sheet(sheet: Worksheet, report: Report, section_name: str, table: Table) -> None:
    sheet["A1"] = neutralise(f"{table.title} – {section_name}")
    sheet["A1"].font = _TITLE_FONT
    _mark_draft(sheet, report)
    header_row = 3
    headers = [table.definition.row_title, *table.header()]
    for column, title in enumerate(headers, start=1):
        cell = sheet.cell(row=header_row, column=column, value=neutralise(title))
        cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
        if column > 1:
            cell.alignment = _RIGHT
    row = _table_body(sheet, table, header_row)
    for note in _table_notes(report, table):
        row += 1
        sheet.cell(row=row, column=1, value=neutralise(note)).font = _NOTE_FONT
    sheet.freeze_panes = f"B{header_row + 1}"
    label_width = max([len(headers[0]), *(len(label) for _c, label in table.rows)])
    sheet.column_dimensions["A"].width = min(max(label_width + 2, 14), 48)
    for column, title in enumerate(headers[1:], start=2):
        sheet.column_dimensions[get_column_letter(column)].width = max(len(title) + 3, 9)


def _table_body(sheet: Worksheet, table: Table, header_row: int) -> int:
    """The table's rows under its header; returns the row after the last, left blank."""
    row = header_row
    for code, label, cells in table.body():
        row += 1
        total = code == TOTAL_ROW
        sheet.cell(row=row, column=1, value=neutralise(label)).font = _BOLD if total else Font()
        for column, source in enumerate(cells, start=2):
            cell = sheet.cell(row=row, column=column, value=_value(source))
            cell.alignment = _RIGHT
            if total:
                cell.font = _BOLD
            comment = _comment(source)
            if comment is not None:
                cell.comment = comment
    return row + 1


def _table_notes(report: Report, table: Table) -> list[str]:
    """«Kilde:» first, as under every table of the HTML and PDF, then what the marks mean."""
    notes = [source_line(report)]
    if any(source.hidden for _code, _label, cells in table.body() for source in cells):
        notes.append(HIDDEN_NOTE)
    if table.has_revisions:
        notes.append(_("Reviderte tall har en merknad med tallet en tidligere utgave trykte."))
    if table.has_published:
        notes.append(_("Tall med merknad er hentet fra en tidligere utgave av rapporten."))
    notes.extend(table.footnotes)
    return notes


def _text_sheet(sheet: Worksheet, report: Report) -> None:
    """The report's text, part by part, so the workbook holds what the PDF says."""
    layout = report_layout(report)
    sheet["A1"] = _("Tekst")
    sheet["A1"].font = _TITLE_FONT
    _mark_draft(sheet, report)
    row = 3
    parts = [("", topic) for topic in layout.parts] + [
        (section.name, topic) for section in layout.sections for topic in section.topics
    ]
    for scheme, topic in parts:
        if not topic.paragraphs:
            continue
        title = f"{scheme}: {topic.title}" if scheme else topic.title
        sheet.cell(row=row, column=1, value=neutralise(title)).font = _BOLD
        row += 1
        for paragraph in topic.paragraphs:
            sheet.cell(row=row, column=1, value=neutralise(paragraph)).alignment = _WRAP
            row += 1
        row += 1
    sheet.column_dimensions["A"].width = 120


def render_xlsx(report: Report) -> bytes:
    """The workbook's bytes."""
    workbook = Workbook()
    cover = workbook.active
    if cover is None:  # a new workbook always has one sheet; this satisfies the types
        cover = workbook.create_sheet()
    cover.title = _("Om rapporten")
    _cover(cover, report)
    taken = {cover.title.lower(), _("Tekst").lower()}
    for section in report.sections:
        for key, table in section.tables.items():
            sheet = workbook.create_sheet(sheet_name(section.scheme, key, taken))
            _table_sheet(sheet, report, section.name, table)
    # The text last, so that the table sheets keep their place after the cover.
    _text_sheet(workbook.create_sheet(_("Tekst")), report)
    workbook.properties.title = report.title
    workbook.properties.creator = "Tallrapport"
    workbook.properties.language = "nb-NO"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
