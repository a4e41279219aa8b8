"""Issue 12: every file says what it is. Until an edition is published, every PDF page,
the DOCX's page header, the HTML and the XLSX's first sheet say «Utkast – ikke publisert»;
a report that fails the audit says so in an alert, with the reason, on its cover and its
first page; a published edition carries its name and date instead of the draft mark."""

from __future__ import annotations

import datetime
import io
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import formats, timezone
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from tallrapport.accounts.models import Unit, User
from tallrapport.reports.build import build_report
from tallrapport.reports.edition_report import edition_report
from tallrapport.reports.exports import export_bytes
from tallrapport.reports.models import Edition
from tallrapport.reports.render.marks import audit_reason
from tallrapport.reports.report import Report
from tallrapport.reports.services import edition_publish
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db

UNPUBLISHED = "Utkast – ikke publisert"
FAILED = "UTKAST – revisjonen fant skjulte tall som kan regnes ut"
YEAR = 2030


@pytest.fixture
def register(school: Unit) -> None:
    for number in range(30):
        CaseFactory(unit=school, registered_on=datetime.date(YEAR, 1 + number % 12, 1))


def _pages(pdf: bytes) -> list[str]:
    return [re.sub(r"\s+", " ", page.extract_text()) for page in PdfReader(io.BytesIO(pdf)).pages]


def _docx_header(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    return " ".join(p.text for s in document.sections for p in s.header.paragraphs)


def _docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return " ".join([*(p.text for p in document.paragraphs), *cells])


def _files(report: Report) -> dict[str, bytes]:
    return {fmt: export_bytes(report, fmt)[0] for fmt in ("pdf", "docx", "html", "xlsx")}


def test_an_unpublished_report_says_draft_on_every_page_of_every_format(register: None) -> None:
    # given a report that passes the audit but is not published
    report = build_report(year=YEAR)
    assert report.safe
    files = _files(report)
    # then every page of the PDF carries the draft mark in its header
    pages = _pages(files["pdf"])
    assert len(pages) > 3
    assert [n for n, text in enumerate(pages, 1) if UNPUBLISHED not in text] == []
    # and the DOCX's page header (Word prints it on every page)
    assert UNPUBLISHED in _docx_header(files["docx"])
    # and the HTML at the top of its cover
    html = files["html"].decode()
    assert UNPUBLISHED in html.split("</header>", 1)[0].split("<body", 1)[1]
    # and the first sheet of the workbook, under its title
    workbook = load_workbook(io.BytesIO(files["xlsx"]))
    assert workbook.worksheets[0]["A2"].value == UNPUBLISHED
    # but no file of a passing report carries the failed audit's alert
    assert not any(FAILED in text for text in pages)
    assert FAILED not in _docx_text(files["docx"]) and FAILED not in html


def test_the_report_page_says_it_is_a_draft(analyst: User, register: None) -> None:
    client = Client()
    client.force_login(analyst)
    html = client.get(reverse("report", args=[YEAR])).content.decode()
    assert UNPUBLISHED in html


def test_a_failing_report_has_the_alert_and_reason_on_its_cover_and_first_page(
    register: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given a report whose audit fails (simulated: the register is too small to fail it)
    monkeypatch.setattr(Report, "safe", property(lambda _report: False))
    report = build_report(year=YEAR)
    reason = audit_reason(report)
    assert reason
    files = _files(report)
    # then the PDF's cover and first page of content hold the alert with its reason
    pages = _pages(files["pdf"])
    flat_reason = re.sub(r"\s+", " ", reason)
    for page in pages[:2]:
        assert FAILED in page and flat_reason in page
    # and every page still says it is a draft, and that the audit failed
    assert all(UNPUBLISHED in page and FAILED in page for page in pages)
    # and the HTML's cover and the start of its content have the Designsystemet alert
    html = files["html"].decode()
    cover, content = html.split("</header>", 1)
    for part in (cover, content.split('<div class="report">', 1)[0]):
        assert 'class="ds-alert report-alert" data-color="danger" role="alert"' in part
        assert FAILED in part and reason in part
    # and the DOCX's header and its cover
    assert FAILED in _docx_header(files["docx"])
    assert reason in _docx_text(files["docx"])
    # and the workbook's first sheet, with the reason
    sheet = load_workbook(io.BytesIO(files["xlsx"])).worksheets[0]
    assert sheet["A2"].value == UNPUBLISHED
    assert FAILED in str(sheet["A3"].value) and sheet["A4"].value == reason


def test_a_published_edition_carries_its_name_and_date_and_no_draft_mark(
    analyst: User, register: None
) -> None:
    # given an edition published from the report
    edition: Edition = edition_publish(year=YEAR, user=analyst)
    assert edition.published_at is not None
    date = formats.date_format(timezone.localtime(edition.published_at), "j. F Y")
    expected = f"{edition.title} – publisert {date}"
    files = _files(edition_report(edition))
    # then every PDF page carries the edition's name and date, and none says draft
    pages = _pages(files["pdf"])
    assert all(expected in page for page in pages)
    assert not any(UNPUBLISHED in page or "UTKAST" in page for page in pages)
    # and so do the DOCX's header, the HTML and the workbook's first sheet
    assert expected in _docx_header(files["docx"])
    assert UNPUBLISHED not in _docx_header(files["docx"]) + _docx_text(files["docx"])
    body = files["html"].decode().split("<body", 1)[1]
    assert expected in body and UNPUBLISHED not in body
    assert load_workbook(io.BytesIO(files["xlsx"])).worksheets[0]["A2"].value == expected
