"""``manage.py import_cases FILE --unit … --user … [--dry-run]``."""

from __future__ import annotations

import datetime
import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tallrapport.accounts.models import Unit, User
from tallrapport.cases.models import Case
from tests.cases.imports.sheets import MERGED, old_sheet_rows, simple_rows, xlsx
from tests.factories import close_year

D = datetime.date
pytestmark = pytest.mark.django_db


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("import_cases", *args, stdout=out)
    return out.getvalue()


def test_a_dry_run_lists_the_refused_rows_and_writes_nothing(
    tmp_path: Path, analyst: User, school: Unit
) -> None:
    path = tmp_path / "saker.xlsx"
    path.write_bytes(xlsx(old_sheet_rows(), merged=MERGED))
    out = _run(
        str(path), "--unit", school.name, "--user", analyst.username, "--value", "guided=utsatt",
        "--dry-run",
    )  # fmt: skip
    assert "Leses inn: 7 (etterregistreres: 0)" in out
    assert "Rad 10, B (Kategori): Fant ikke kategorien «Vold i nære relasjoner»." in out
    assert "Prøvekjøring: ingenting er lagret." in out
    assert Case.objects.count() == 0


def test_the_analysts_bulk_load_needs_a_reason_for_closed_years_and_runs_once(
    tmp_path: Path, analyst: User, school: Unit
) -> None:
    close_year(school.scheme, 2022)
    path = tmp_path / "saker.xlsx"
    path.write_bytes(xlsx(simple_rows([D(2022, 3, 1), D(2023, 3, 1)])))
    args = [str(path), "--unit", str(school.pk), "--user", analyst.username]
    args += ["--value", "guided=utsatt"]
    with pytest.raises(CommandError, match=r"låste år \(2022\) trenger en begrunnelse"):
        _run(*args)
    out = _run(*args, "--reason", "Innlesing av historikk")
    assert "Lest inn 2 rader" in out
    again = _run(*args, "--reason", "Innlesing av historikk")
    assert "Leses inn: 0" in again and "lest inn fra før: 2" in again
    assert Case.objects.count() == 2


def test_a_missing_column_is_named_with_the_sheets_headers(
    tmp_path: Path, analyst: User, school: Unit
) -> None:
    path = tmp_path / "saker.xlsx"
    path.write_bytes(xlsx(simple_rows([D(2023, 3, 1)])))
    with pytest.raises(CommandError, match=r"Mangler kolonne for: Veiledet\. Overskriftene"):
        _run(str(path), "--unit", school.name, "--user", analyst.username)


def test_columns_can_be_named_on_the_command_line(
    tmp_path: Path, analyst: User, school: Unit
) -> None:
    rows = [["Når", "Hva", "Kjønn", "Alder", "Land", "Meldt av"]]
    rows.append(["01.03.2023", "NSK", "Jente", "Under 18", "Irak", "Lærer"])
    path = tmp_path / "saker.csv"
    path.write_text("\n".join(";".join(r) for r in rows), encoding="utf-8")
    out = _run(
        str(path), "--unit", school.name, "--user", analyst.username, "--value", "guided=utsatt",
        "--column", "registered_on=Når", "--column", "main_category=hva",
    )  # fmt: skip
    assert "Lest inn 1 rader" in out


def test_an_advisor_cannot_load_another_units_sheet(
    tmp_path: Path, advisor: User, other_school: Unit
) -> None:
    path = tmp_path / "saker.xlsx"
    path.write_bytes(xlsx(simple_rows([D(2023, 3, 1)])))
    with pytest.raises(CommandError, match="kan ikke lese inn for"):
        _run(
            str(path), "--unit", other_school.name, "--user", advisor.username,
            "--value", "guided=utsatt",
        )  # fmt: skip


def test_a_file_with_names_is_refused(tmp_path: Path, analyst: User, school: Unit) -> None:
    rows = simple_rows([D(2023, 3, 1)])
    rows[0].append("Elevens navn")
    rows[1].append("Amina")
    path = tmp_path / "saker.xlsx"
    path.write_bytes(xlsx(rows))
    with pytest.raises(CommandError, match="overskriften tyder på navn"):
        _run(str(path), "--unit", school.name, "--user", analyst.username)
