"""``manage.py report``: the CSV on disk, a clear message for a year without figures, and
nothing on disk when the audit fails unless ``--allow-unsafe`` asks for a marked draft."""

from __future__ import annotations

import csv
import datetime
import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from docx import Document

from tallrapport.accounts.models import Unit
from tallrapport.reports.report import Report
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


def test_the_command_writes_the_csv(school: Unit, tmp_path: Path) -> None:
    # given cases in 2030
    for _ in range(25):
        CaseFactory(unit=school, registered_on=datetime.date(2030, 4, 1))
    out = io.StringIO()
    # when running the command
    call_command("report", year=2030, format="csv", output=tmp_path, stdout=out)
    # then the file holds the columns and the command reports the audit
    rows = list(csv.DictReader((tmp_path / "tallrapport-2030.csv").open(encoding="utf-8")))
    assert {"scheme", "table", "row", "column", "value", "status", "note"} == set(rows[0])
    assert ("kategori", "Totalt", "2030", "25") in {
        (r["table"], r["row"], r["column"], r["value"]) for r in rows
    }
    assert "ingen skjult tall kan regnes ut" in out.getvalue()


def test_a_year_without_figures_is_a_clear_error(db: None, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="ingen tall for 2090"):
        call_command("report", year=2090, format="csv", output=tmp_path, stdout=io.StringIO())


def test_a_failing_audit_writes_no_file(
    school: Unit, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given cases in 2030 and an audit that fails
    for _ in range(25):
        CaseFactory(unit=school, registered_on=datetime.date(2030, 4, 1))
    monkeypatch.setattr(Report, "safe", property(lambda _report: False))
    output = tmp_path / "ut"
    # when running the command without the flag
    with pytest.raises(CommandError, match="Ingen fil er skrevet"):
        call_command("report", year=2030, format="csv", output=output, stdout=io.StringIO())
    # then nothing is on disk, not even the folder
    assert not output.exists()


def test_allow_unsafe_writes_a_file_marked_as_draft(
    school: Unit, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given cases in 2030 and an audit that fails
    for _ in range(25):
        CaseFactory(unit=school, registered_on=datetime.date(2030, 4, 1))
    monkeypatch.setattr(Report, "safe", property(lambda _report: False))
    err = io.StringIO()
    # when the analyst asks for the file anyway
    call_command(
        "report",
        "--allow-unsafe",
        year=2030,
        format="csv",
        output=tmp_path,
        stdout=io.StringIO(),
        stderr=err,
    )
    # then the file is written, every row says it is a draft, and the command warns
    rows = list(csv.DictReader((tmp_path / "tallrapport-2030.csv").open(encoding="utf-8")))
    assert rows
    assert all(row["note"].endswith("Rapporten må ikke publiseres.") for row in rows)
    assert all("UTKAST" in row["note"] for row in rows)
    assert "UTKAST" in err.getvalue()


def test_the_command_writes_the_docx(school: Unit, tmp_path: Path) -> None:
    # given cases in 2030
    for _ in range(25):
        CaseFactory(unit=school, registered_on=datetime.date(2030, 4, 1))
    # when asking for the Word document
    call_command("report", year=2030, format="docx", output=tmp_path, stdout=io.StringIO())
    # then it is written under the report's name, titled and marked as a draft
    document = Document(str(tmp_path / "tallrapport-2030.docx"))
    assert document.core_properties.title == "Tallrapportering 2030"
    assert document.sections[0].header.paragraphs[0].text == "Utkast – ikke publisert"
