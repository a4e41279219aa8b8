"""Synthetic advisors' spreadsheets, written the way people keep them.

Every row is invented. :func:`old_sheet_rows` holds every case the importer
must handle: a title above the header row, header spellings of all kinds, dates
as date cells, text, short text, Excel serial numbers and half-years only, old
category names and the 2016 abbreviations, countries with typos (one sure, one
unsure), an age in years, an empty row, a merged category cell, a row in a
closed year, a row in the future, an unknown category and a totals row at the
bottom. The writers make XLSX (openpyxl), ODS (odfpy) and CSV files of the same
rows, with a second sheet where asked.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Sequence
from typing import Any

from odf.opendocument import OpenDocumentSpreadsheet
from odf.table import CoveredTableCell, Table, TableCell, TableRow
from odf.text import P
from openpyxl import Workbook

D = datetime.date
Row = list[Any]

CASE_HEADERS: Row = ["Dato", "Kategori", "KJØNN", "alder", "Landbakrunn", "Meldt av", "Skole"]
SCHOOL = "Testskolen A vgs"


def old_sheet_rows(*, closed_year: int = 2022) -> list[Row]:
    """The sheet's rows from A1, as an advisor kept them; see the module docstring.

    Spreadsheet row numbers (the preview's) are given in the comments.
    """
    future = datetime.date.today() + datetime.timedelta(days=400)
    return [
        ["Saker 2023 – mangfoldsrådgiver"],  # 1: a title
        [],  # 2
        list(CASE_HEADERS),  # 3
        [D(2023, 2, 1), "Ekstrem kontroll", "Jente", "Under 18", "Somalia", "Lærer", SCHOOL],  # 4
        [44995, "Frykt for TVE", "jente", "u18", "Irak", "Helsesøster", SCHOOL],  # 5: 7.3.2023
        ["15.3.23", "Etterlatt i utlandet", "gutt", "16", "Somlia", "Selv", SCHOOL],  # 6
        ["1. halvår 2023", "Gjennomført KLL", "k", "18+", "Afganistan", "skoleansatte", SCHOOL],
        [],  # 8: empty
        ["2023-09-04", "Trusler/vold", "Gutt", "18 år og over", "Eritria", "Venn", SCHOOL],  # 9
        ["05.10.2023", "Vold i nære relasjoner", "Jente", "Under 18", "Syria", "Lærer", SCHOOL],
        ["06.10.2023", "Negativ sosial kontroll", "Jente", "Under 18", "Tyrkia", "Lærer", SCHOOL],
        ["07.10.2023", "", "Gutt", "Under 18", "Tyrkia", "Lærer", SCHOOL],  # 12: merged with 11
        [D(closed_year, 5, 2), "NSK", "Jente", "Under 18", "Pakistan", "Lærer", SCHOOL],  # 13
        [future, "NSK", "Jente", "Under 18", "Pakistan", "Lærer", SCHOOL],  # 14: future
        ["Sum", 10],  # 15: totals
    ]


# Row 11's category cell spans rows 11-12 (0-based rows 10-11, column B = 1).
MERGED = [((10, 1), (11, 1))]


def case_row(day: Any, category: str = "Negativ sosial kontroll", **kw: Any) -> Row:
    return [
        day,
        category,
        kw.get("gender", "Jente"),
        kw.get("age", "Under 18"),
        kw.get("country", "Somalia"),
        kw.get("source", "Lærer"),
        SCHOOL,
    ]


def simple_rows(days: Sequence[Any], **kw: Any) -> list[Row]:
    return [list(CASE_HEADERS), *(case_row(day, **kw) for day in days)]


def xlsx(
    rows: list[Row],
    *,
    title: str = "Saker",
    merged: Sequence[tuple[tuple[int, int], tuple[int, int]]] = (),
    more_sheets: dict[str, list[Row]] | None = None,
) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title
    for row in rows:
        sheet.append(row)
    for (top, left), (bottom, right) in merged:
        sheet.merge_cells(
            start_row=top + 1, start_column=left + 1, end_row=bottom + 1, end_column=right + 1
        )
    for name, other in (more_sheets or {}).items():
        extra = book.create_sheet(name)
        for row in other:
            extra.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _ods_cell(value: Any, *, rows_spanned: int = 1) -> TableCell:
    if value is None or value == "":
        return TableCell()
    if isinstance(value, datetime.date):
        cell = TableCell(valuetype="date", datevalue=value.isoformat())
    elif isinstance(value, int | float):
        cell = TableCell(valuetype="float", value=value)
    else:
        cell = TableCell(valuetype="string")
    if rows_spanned > 1:
        cell.setAttribute("numberrowsspanned", rows_spanned)
    cell.addElement(P(text=str(value)))
    return cell


def ods(
    rows: list[Row],
    *,
    title: str = "Saker",
    merged: Sequence[tuple[tuple[int, int], tuple[int, int]]] = (),
    more_sheets: dict[str, list[Row]] | None = None,
) -> bytes:
    """An ODS file; a vertical merge is written as ODS does: a spanning cell and
    covered cells below it."""
    spans = {(top, left): bottom - top + 1 for (top, left), (bottom, _r) in merged}
    covered = {
        (r, left) for (top, left), (bottom, _r) in merged for r in range(top + 1, bottom + 1)
    }
    document = OpenDocumentSpreadsheet()
    for name, sheet_rows in {title: rows, **(more_sheets or {})}.items():
        table = Table(name=name)
        for r, row in enumerate(sheet_rows):
            element = TableRow()
            for c, value in enumerate(row):
                if (r, c) in covered:
                    element.addElement(CoveredTableCell())
                else:
                    element.addElement(_ods_cell(value, rows_spanned=spans.get((r, c), 1)))
            table.addElement(element)
        document.spreadsheet.addElement(table)
    out = io.BytesIO()
    document.write(out)
    return out.getvalue()


def csv_bytes(rows: list[Row], *, delimiter: str = ";", encoding: str = "utf-8-sig") -> bytes:
    """A CSV file as Excel writes it in Norway: semicolons, dates as dd.mm.yyyy."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    for row in rows:
        writer.writerow(
            [v.strftime("%d.%m.%Y") if isinstance(v, datetime.date) else v for v in row]
        )
    return out.getvalue().encode(encoding)


ACTIVITY_HEADERS: Row = ["Dato", "Type", "Målgruppe", "Tema", "Antall deltakere", "Timer"]


def activity_rows() -> list[Row]:
    return [
        list(ACTIVITY_HEADERS),
        [D(2023, 3, 1), "Foredrag", "Lærere", "NSK", 25, "2,5"],
        ["12.04.2023", "Samtalegruppe", "Elever", "TVE, KLL", 8, 1.5],
        ["2. halvår 2023", "ung.no", "Elever", "Æresrelatert vold", "", 1],
        ["20.05.2023", "Foreldremøte", "Foresatte", "NSK", "", 2],  # participants missing
    ]
