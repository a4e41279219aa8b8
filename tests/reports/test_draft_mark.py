"""Issue #11, defect 7: a report that fails the audit is marked in every file it becomes.

A downloaded file travels without the page that warned about it, so the mark
must be in the file itself: every CSV row's ``note``, the first sheet and every
sheet of the XLSX, the cover (and running header) of the PDF and HTML. The web
download still answers 200, and the page says the files are marked. The
failing audit is simulated: the register is too small to fail it for real.
"""

from __future__ import annotations

import csv
import datetime
import io
import re

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from tallrapport.accounts.models import Unit, User
from tallrapport.reports.report import Report
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db

DRAFT = "UTKAST – revisjonen fant skjulte tall som kan regnes ut"


@pytest.fixture
def failing_register(school: Unit, monkeypatch: pytest.MonkeyPatch) -> None:
    for number in range(30):
        CaseFactory(unit=school, registered_on=datetime.date(2030, 1 + number % 12, 1))
    monkeypatch.setattr(Report, "safe", property(lambda _report: False))


def _download(user: User, fmt: str) -> bytes:
    client = Client()
    client.force_login(user)
    response = client.get(reverse("report_download", args=[2030, fmt]))
    assert response.status_code == 200
    return response.content


def test_every_csv_row_of_a_failing_report_says_it_is_a_draft(
    analyst: User, failing_register: None
) -> None:
    # given a report whose audit fails
    # when the analyst downloads the CSV
    rows = list(csv.DictReader(io.StringIO(_download(analyst, "csv").decode())))
    # then every row's note carries the mark
    assert rows
    assert all(DRAFT in row["note"] for row in rows)


def test_the_xlsx_of_a_failing_report_is_marked_on_every_sheet(
    analyst: User, failing_register: None
) -> None:
    # given a report whose audit fails
    # when the analyst downloads the workbook
    workbook = load_workbook(io.BytesIO(_download(analyst, "xlsx")))
    # then every table sheet carries the mark under the title, and the first sheet under
    # «Utkast – ikke publisert», which every unpublished report says there
    cover, *tables = workbook.worksheets
    assert cover["A2"].value == "Utkast – ikke publisert"
    assert DRAFT in str(cover["A3"].value)
    marked = [sheet.title for sheet in tables if DRAFT in str(sheet["A2"].value)]
    assert marked == workbook.sheetnames[1:]


def test_the_html_and_pdf_of_a_failing_report_are_marked_on_the_first_page(
    analyst: User, failing_register: None
) -> None:
    # given a report whose audit fails
    # when the analyst downloads the HTML file and the PDF
    html = _download(analyst, "html").decode()
    pdf = PdfReader(io.BytesIO(_download(analyst, "pdf")))
    # then both say so on the cover, and every PDF page in its running header
    assert DRAFT in html.split("</header>", 1)[0]
    pages = [re.sub(r"\s+", " ", page.extract_text()) for page in pdf.pages]
    assert all(DRAFT in page for page in pages)


def test_the_page_of_a_failing_report_says_its_files_are_marked(
    analyst: User, failing_register: None
) -> None:
    client = Client()
    client.force_login(analyst)
    html = client.get(reverse("report", args=[2030])).content.decode()
    assert "merket som utkast" in html


def test_a_passing_report_carries_no_mark(analyst: User, school: Unit) -> None:
    # given a report whose audit passes
    for number in range(30):
        CaseFactory(unit=school, registered_on=datetime.date(2030, 1 + number % 12, 1))
    # when downloading it
    text = _download(analyst, "csv").decode() + _download(analyst, "html").decode()
    # then no file says draft
    assert "UTKAST" not in text
