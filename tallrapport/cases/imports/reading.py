"""Reading an uploaded spreadsheet into rows of cells: XLSX and ODS through
python-calamine, CSV through the standard library's ``csv`` module.

A sheet is a list of rows as the spreadsheet numbers them (row 1 first, empty
rows kept, so that every message can name the row the user sees), each a list
of cells from column A. A merged cell's value stands in every cell it covers,
as the reader sees it on the screen: calamine gives XLSX's merged ranges; an
ODS file's spans are read from its ``content.xml`` (calamine does not give
them) through defusedxml, a few attributes of its table cells only.
"""

from __future__ import annotations

import csv
import datetime
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from defusedxml import ElementTree
from django.utils.translation import gettext as _
from python_calamine import CalamineError, CalamineWorkbook

Cell = (
    str
    | int
    | float
    | bool
    | datetime.date
    | datetime.datetime
    | datetime.time
    | datetime.timedelta
    | None
)

FORMATS = ("xlsx", "ods", "csv")
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
# A packed spreadsheet of 10 MB unpacks to far less than this; more is a zip bomb.
MAX_UNPACKED_BYTES = 300 * 1024 * 1024
MAX_ROWS = 100_000
MAX_COLUMNS = 200


class UnreadableFile(ValueError):
    """The file cannot be read as a spreadsheet; the message says why, in Norwegian."""


@dataclass(frozen=True)
class Sheet:
    name: str
    rows: list[list[Cell]]

    @property
    def width(self) -> int:
        return max((len(row) for row in self.rows), default=0)

    def filled_rows(self) -> int:
        return sum(1 for row in self.rows if any(not is_blank(cell) for cell in row))


def is_blank(cell: Cell) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def column_letter(index: int) -> str:
    """0 → «A», 25 → «Z», 26 → «AA», as the spreadsheet names its columns."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def file_format(name: str) -> str:
    """The format a file name says (``xlsx``, ``ods`` or ``csv``), or refuse it."""
    suffix = name.rsplit(".", 1)[-1].casefold() if "." in name else ""
    if suffix not in FORMATS:
        raise UnreadableFile(
            _("Last opp en fil av typen XLSX, ODS eller CSV. «.%(suffix)s» kan ikke leses.")
            % {"suffix": suffix or "?"}
        )
    return suffix


def read_workbook(content: bytes, fmt: str) -> list[Sheet]:
    """Every sheet of the file, in the workbook's order (a CSV file is one sheet)."""
    if len(content) > MAX_UPLOAD_BYTES:
        raise UnreadableFile(_("Filen er større enn 10 MB. Del den opp i flere filer."))
    if fmt == "csv":
        return [Sheet(_("CSV-fil"), _csv_rows(content))]
    _check_packed(content)
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(content))
        sheets = [_sheet(workbook, name) for name in workbook.sheet_names]
    except CalamineError as error:
        raise UnreadableFile(
            _("Filen kunne ikke leses som %(fmt)s. Er den skadet eller passordbeskyttet?")
            % {"fmt": fmt.upper()}
        ) from error
    if fmt == "ods":
        for sheet, spans in zip(sheets, _ods_spans(content), strict=False):
            _fill_merged(sheet.rows, spans)
    return sheets


def _check_packed(content: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as error:
        raise UnreadableFile(_("Filen er ikke et XLSX- eller ODS-regneark.")) from error
    if unpacked > MAX_UNPACKED_BYTES:
        raise UnreadableFile(_("Regnearket er for stort til å leses inn."))


def _sheet(workbook: CalamineWorkbook, name: str) -> Sheet:
    sheet = workbook.get_sheet_by_name(name)
    if sheet.height > MAX_ROWS or sheet.width > MAX_COLUMNS:
        raise UnreadableFile(
            _("Arket «%(name)s» har flere enn %(rows)s rader eller %(columns)s kolonner.")
            % {"name": name, "rows": MAX_ROWS, "columns": MAX_COLUMNS}
        )
    rows: list[list[Cell]] = [list(row) for row in sheet.to_python(skip_empty_area=False)]
    _fill_merged(rows, sheet.merged_cell_ranges or [])
    return Sheet(name, rows)


Span = tuple[tuple[int, int], tuple[int, int]]


def _fill_merged(rows: list[list[Cell]], spans: list[Span]) -> None:
    """Put a merged range's value (its top-left cell's) in every cell it covers."""
    for (top, left), (bottom, right) in spans:
        if top >= len(rows) or left >= len(rows[top]):
            continue
        value = rows[top][left]
        for r in range(top, min(bottom, len(rows) - 1) + 1):
            row = rows[r]
            if len(row) <= right:
                row.extend([""] * (right + 1 - len(row)))
            for c in range(left, right + 1):
                row[c] = value


_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"


def _ods_spans(content: bytes) -> Iterator[list[Span]]:
    """The merged ranges of each sheet of an ODS file, from ``table:number-*-spanned``.

    Positions count ``table:number-*-repeated`` as the spreadsheet does. Only
    element names and these attributes are read; the cells' values come from
    calamine.
    """
    with zipfile.ZipFile(io.BytesIO(content)) as archive, archive.open("content.xml") as xml:
        spans: list[Span] = []
        row, column, depth = -1, 0, 0
        for event, element in ElementTree.iterparse(xml, events=("start", "end")):
            tag = element.tag
            if tag == f"{_TABLE}table" and event == "start" and depth == 0:
                spans, row, depth = [], -1, 1
            elif tag == f"{_TABLE}table" and event == "end":
                depth = 0
                yield spans
            elif tag == f"{_TABLE}table-row" and event == "start":
                row, column = row + 1, 0
            elif tag == f"{_TABLE}table-row" and event == "end":
                row += int(element.get(f"{_TABLE}number-rows-repeated", "1")) - 1
                element.clear()
            elif tag in (f"{_TABLE}table-cell", f"{_TABLE}covered-table-cell") and event == "end":
                down = int(element.get(f"{_TABLE}number-rows-spanned", "1"))
                across = int(element.get(f"{_TABLE}number-columns-spanned", "1"))
                if down > 1 or across > 1:
                    spans.append(((row, column), (row + down - 1, column + across - 1)))
                column += int(element.get(f"{_TABLE}number-columns-repeated", "1"))


def _csv_text(content: bytes) -> str:
    """The file as text: UTF-8 (with or without a byte order mark) or, as Excel writes
    Norwegian CSV files, Windows-1252."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    return content.decode("latin-1")


def _csv_rows(content: bytes) -> list[list[Cell]]:
    text = _csv_text(content)
    if "\x00" in text:
        raise UnreadableFile(_("Filen er ikke en CSV-fil med tekst."))
    start = text[:8192]
    try:
        delimiter = csv.Sniffer().sniff(start, ";,\t").delimiter
    except csv.Error:
        # Excel writes Norwegian CSV files with semicolons; one column has neither.
        delimiter = ";" if start.count(";") >= start.count(",") else ","
    rows: list[list[Cell]] = []
    try:
        for number, row in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter)):
            if number >= MAX_ROWS or len(row) > MAX_COLUMNS:
                raise UnreadableFile(
                    _("Filen har flere enn %(rows)s rader eller %(columns)s kolonner.")
                    % {"rows": MAX_ROWS, "columns": MAX_COLUMNS}
                )
            rows.append(list(row))
    except csv.Error as error:
        raise UnreadableFile(_("Filen kunne ikke leses som CSV.")) from error
    return rows
