"""Reading the three formats, merged cells, sheets, and files that are no spreadsheet."""

from __future__ import annotations

import datetime
import io
import zipfile

import pytest

from tallrapport.cases.imports.reading import (
    MAX_UPLOAD_BYTES,
    UnreadableFile,
    column_letter,
    file_format,
    read_workbook,
)
from tests.cases.imports.sheets import MERGED, csv_bytes, ods, old_sheet_rows, xlsx

D = datetime.date


@pytest.mark.parametrize("fmt", ["xlsx", "ods"])
def test_a_workbook_reads_every_sheet_with_rows_numbered_as_the_spreadsheet_does(fmt: str) -> None:
    # given a workbook whose first sheet starts with a title and a blank row, and a second sheet
    rows = old_sheet_rows()
    write = xlsx if fmt == "xlsx" else ods
    content = write(rows, merged=MERGED, more_sheets={"Aktiviteter": [["Dato", "Type"]]})
    # when it is read
    sheets = read_workbook(content, fmt)
    # then both sheets are there, in order, and row 3 (index 2) holds the headers
    assert [s.name for s in sheets] == ["Saker", "Aktiviteter"]
    assert sheets[0].rows[2][:3] == ["Dato", "Kategori", "KJØNN"]
    assert sheets[0].rows[3][0] == D(2023, 2, 1)
    assert sheets[0].rows[1] == [""] * len(sheets[0].rows[1])


@pytest.mark.parametrize("fmt", ["xlsx", "ods"])
def test_a_merged_cell_stands_in_every_row_it_covers(fmt: str) -> None:
    # given the category of rows 11 and 12 as one merged cell
    write = xlsx if fmt == "xlsx" else ods
    content = write(old_sheet_rows(), merged=MERGED)
    # when the sheet is read
    sheet = read_workbook(content, fmt)[0]
    # then both rows have the category, as the reader sees it on the screen
    assert sheet.rows[10][1] == "Negativ sosial kontroll"
    assert sheet.rows[11][1] == "Negativ sosial kontroll"


def test_csv_as_excel_writes_it_in_norway_is_read() -> None:
    # given a semicolon CSV in Windows-1252, as Norwegian Excel saves it
    content = csv_bytes([["Dato", "Kjønn"], ["01.02.2023", "Jente"]], encoding="cp1252")
    # when it is read / then the Norwegian letters and the columns are right
    assert read_workbook(content, "csv")[0].rows == [["Dato", "Kjønn"], ["01.02.2023", "Jente"]]


def test_csv_with_commas_and_a_byte_order_mark_is_read() -> None:
    content = csv_bytes([["Dato", "Land"], ["1.2.2023", "Irak"]], delimiter=",")
    assert read_workbook(content, "csv")[0].rows[1] == ["1.2.2023", "Irak"]


@pytest.mark.parametrize("name", ["saker.xls", "saker.pdf", "saker", "saker.docx"])
def test_other_formats_are_refused_with_a_norwegian_message(name: str) -> None:
    with pytest.raises(UnreadableFile, match="XLSX, ODS eller CSV"):
        file_format(name)


def test_a_broken_file_is_refused_not_a_server_error() -> None:
    with pytest.raises(UnreadableFile, match="ikke et XLSX- eller ODS-regneark"):
        read_workbook(b"not a zip file", "xlsx")


def test_a_zip_bomb_is_refused_before_it_is_unpacked() -> None:
    # given a small archive that unpacks to far more than any spreadsheet
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (400 * 1024 * 1024))
    # when it is read / then it is refused
    assert len(out.getvalue()) < MAX_UPLOAD_BYTES
    with pytest.raises(UnreadableFile, match="for stort"):
        read_workbook(out.getvalue(), "xlsx")


def test_column_letters_are_the_spreadsheets() -> None:
    assert [column_letter(i) for i in (0, 25, 26, 27, 701, 702)] == [
        "A",
        "Z",
        "AA",
        "AB",
        "ZZ",
        "AAA",
    ]
