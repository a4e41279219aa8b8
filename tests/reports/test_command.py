"""``manage.py report``: the CSV on disk, and a clear message for a year without figures."""

from __future__ import annotations

import csv
import datetime
import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tallrapport.accounts.models import Unit
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
