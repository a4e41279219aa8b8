"""The demo's 2023 report holds the parts of the real *Tallrapportering 2023*, in every format.

HTML, PDF (its text read with pypdf), DOCX (read with python-docx), XLSX and
CSV are rendered from one report; each must carry the introduction, «Hva er en sak?», the category
history, what each scheme is, a paragraph per category with its shares, the
activities (assignments and the envoys' weeks in Norway), half-years, «Kilde:»
and the footnotes for revised and new categories. The CSV holds counts only,
so there the parts are its tables and marks.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator

import pytest
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from tallrapport.demo.loader import LoadResult
from tallrapport.reports.build import build_report
from tallrapport.reports.exports import export_bytes
from tallrapport.reports.report import Report, share_problems

pytestmark = pytest.mark.django_db

PARTS = (
    "Innledning",
    "Hva er en sak?",
    "En sak er veiledning eller oppfølging av én person",
    "Sakskategoriene over tid",
    "Fakta: negativ sosial kontroll",
    "forstås negativ sosial kontroll som press, oppsyn, trusler eller tvang",
    "«Ekstrem kontroll» (2013–2016) er i dag «Negativ sosial kontroll»",
    "Om ordningen",
    "59 mangfoldsrådgivere ved",
    "ambassadene i Amman, Ankara, Islamabad og Nairobi",
    "Sakene kategori for kategori",
    "IMDis mangfoldsrådgivere registrerte 594 saker om «Negativ sosial kontroll» i 2023.",
    "Av disse gjaldt 70 prosent jenter/kvinner og 85 prosent personer under 18 år.",
    "50 prosent av sakene ble meldt av skoleansatte.",
    "De største landbakgrunnene var Syria, Pakistan og Somalia.",
    "De fleste sakene gjaldt personer med bakgrunn fra Syria",
    "Første og andre halvår",
    "Forebygging og kompetanseheving",
    "211 kompetansehevingsoppdrag",
    "kompetansehevingsuker i Norge",
    "Kilde: Tallrapport (IMDi), 2023",
    "Kategoriene fantes ikke før 2022",
    "Andel 2023 (%)",
    "Hver andel i tabeller, figurer og tekst er regnet av to tall som vises.",
)
TABLE_PARTS = ("Revidert:", "Kategori og saker meldt av skoleansatte")


@pytest.fixture(scope="module")
def report(demo_with_activities: LoadResult, django_db_blocker: object) -> Iterator[Report]:
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        yield build_report(year=2023)


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00ad", "")).strip()


def _missing(text: str, parts: tuple[str, ...]) -> list[str]:
    flat = _flat(text)
    return [part for part in parts if _flat(part) not in flat]


def test_the_report_passes_the_audit_with_its_shares(report: Report) -> None:
    assert share_problems(report) == []
    assert report.safe
    assert report.section("mangfoldsradgiver").shares


def test_html_has_every_part(report: Report) -> None:
    html = export_bytes(report, "html")[0].decode()
    text = re.sub(r"<[^>]+>", " ", html).replace("&quot;", '"').replace("&#x27;", "'")
    assert _missing(text, PARTS + TABLE_PARTS) == []


def test_pdf_has_every_part(report: Report) -> None:
    pdf = PdfReader(io.BytesIO(export_bytes(report, "pdf")[0]))
    text = " ".join(page.extract_text() for page in pdf.pages)
    assert _missing(text, PARTS + TABLE_PARTS) == []


def test_docx_has_every_part(report: Report) -> None:
    document = Document(io.BytesIO(export_bytes(report, "docx")[0]))
    cells = (c.text for t in document.tables for row in t.rows for c in row.cells)
    text = " ".join([*(p.text for p in document.paragraphs), *cells])
    assert _missing(text, PARTS + TABLE_PARTS) == []


def test_xlsx_has_every_part(report: Report) -> None:
    workbook = load_workbook(io.BytesIO(export_bytes(report, "xlsx")[0]))
    text = " ".join(
        str(cell.value)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    )
    assert "Tekst" in workbook.sheetnames
    assert _missing(text, PARTS) == []
    assert "Reviderte tall" in text


def test_csv_has_every_table_part(report: Report) -> None:
    rows = list(csv.DictReader(io.StringIO(export_bytes(report, "csv")[0].decode())))
    tables = {(r["scheme"], r["table"]) for r in rows}
    for table in ("kategori", "kategori_kjonn", "kategori_alder", "kjonn", "alder", "halvar"):
        assert ("mangfoldsradgiver", table) in tables
        assert ("spesialutsending", table) in tables
    assert ("mangfoldsradgiver", "kategori_meldt_av") in tables
    weeks = [
        r
        for r in rows
        if r["table"] == "aktiviteter_type" and r["row"].startswith("Kompetansehevingsuke")
    ]
    assert weeks
    assert any(r["status"] == "not_applicable" for r in rows if r["table"] == "kategori")
    assert any(r["note"] == "revidert" for r in rows)
