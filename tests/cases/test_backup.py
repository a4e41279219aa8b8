"""Backup and restore, round trip, on the database under test.

SQLite: back up, wipe the cases, restore into the same database, and compare
every table's row count and checksum. PostgreSQL: pg_dump, then pg_restore into
a scratch database, and compare the same fingerprint there. Each test runs in
its half of CI and is skipped in the other.
"""

from __future__ import annotations

import datetime
import io
import shutil
import uuid
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from tallrapport.accounts.models import Unit, User
from tallrapport.audit.models import Action, AuditEntry
from tallrapport.audit.services import audit_record
from tallrapport.cases.backup import table_fingerprint
from tallrapport.cases.models import Case, Category, ClosedYear
from tests.factories import CaseFactory, close_year

D = datetime.date


def _data(school: Unit, advisor: User) -> None:
    violence = Category.objects.get(code="trusler-vold")
    for month in range(1, 13):
        case = CaseFactory(unit=school, registered_on=D(2022, month, 3), registered_by=advisor)
        if month % 3 == 0:
            case.secondary_categories.add(violence)
    audit_record(actor=advisor, action=Action.CREATE, target_type="sak", target_id="x")
    close_year(school.scheme, 2022, by=advisor)


def _fingerprint() -> dict[str, tuple[int, str]]:
    tables = sorted(connection.introspection.table_names())
    with connection.cursor() as cursor:
        return table_fingerprint(cursor, tables)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite round trip")
def test_sqlite_round_trip(
    migration_data: None, school: Unit, advisor: User, tmp_path: Path
) -> None:
    # given cases, an audit entry and a closed year
    _data(school, advisor)
    before = _fingerprint()
    assert before["cases_case"][0] == 12
    # when the database is backed up
    target = tmp_path / "kopi.sqlite3"
    call_command("backup", output=target)
    assert target.read_bytes().startswith(b"SQLite format 3\x00")
    # and then the cases are lost
    ClosedYear.objects.all().delete()
    Case.objects.all().delete()
    assert _fingerprint() != before
    # when the backup is restored
    call_command("restore", str(target), interactive=False)
    # then every table has the same rows again
    assert _fingerprint() == before
    assert Case.objects.count() == 12
    # and the guards came back with it: the year is closed, the trail append-only
    with pytest.raises(DatabaseError), transaction.atomic():
        Case.objects.filter(year=2022).update(gender="gutt")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.all().delete()


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the PostgreSQL round trip (pg_dump/pg_restore)"
)
@pytest.mark.skipif(shutil.which("pg_restore") is None, reason="needs pg_dump and pg_restore")
def test_postgresql_round_trip_into_a_scratch_database(
    migration_data: None, school: Unit, advisor: User, tmp_path: Path
) -> None:
    import psycopg

    # given cases, an audit entry and a closed year, committed
    _data(school, advisor)
    before = _fingerprint()
    # when the database is dumped
    target = tmp_path / "kopi.dump"
    call_command("backup", output=target)
    assert target.read_bytes().startswith(b"PGDMP")
    # and restored into an empty scratch database
    settings = connection.settings_dict
    scratch = f"restore_{uuid.uuid4().hex[:10]}"
    base = psycopg.conninfo.make_conninfo(
        host=settings.get("HOST") or "localhost",
        port=settings.get("PORT") or 5432,
        user=settings.get("USER") or "",
        password=settings.get("PASSWORD") or "",
        dbname="postgres",
    )
    with psycopg.connect(base, autocommit=True) as admin_connection:
        admin_connection.execute(f'CREATE DATABASE "{scratch}"')
    try:
        url = (
            f"postgresql://{settings.get('USER') or ''}@{settings.get('HOST') or 'localhost'}:"
            f"{settings.get('PORT') or 5432}/{scratch}"
        )
        call_command("restore", str(target), database_url=url, interactive=False)
        # then the scratch database holds exactly the same rows
        copy_info = base.replace("dbname=postgres", f"dbname={scratch}")
        with psycopg.connect(copy_info) as copy, copy.cursor() as cursor:
            after = table_fingerprint(cursor, sorted(before))
        assert after == before
        assert after["cases_case"][0] == 12
        # and its triggers work: the trail there is append-only as well
        with (
            psycopg.connect(copy_info) as copy,
            pytest.raises(psycopg.errors.IntegrityConstraintViolation),
        ):
            copy.execute("DELETE FROM audit_auditentry")
    finally:
        with psycopg.connect(base, autocommit=True) as admin_connection:
            admin_connection.execute(f'DROP DATABASE IF EXISTS "{scratch}"')


def test_restore_refuses_a_file_that_is_not_a_backup(db: None, tmp_path: Path) -> None:
    junk = tmp_path / "tull.txt"
    junk.write_text("ikke en kopi")
    with pytest.raises(CommandError, match="ikke en sikkerhetskopi"):
        call_command("restore", str(junk), interactive=False)
    with pytest.raises(CommandError, match="Finner ikke"):
        call_command("restore", str(tmp_path / "finnes-ikke"), interactive=False)


def test_restore_into_a_scratch_database_does_not_ask(
    db: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given a restore into a scratch database, run interactively
    def no_question(prompt: str = "") -> str:
        raise AssertionError(f"asked: {prompt}")

    monkeypatch.setattr("builtins.input", no_question)
    junk = tmp_path / "tull.txt"
    junk.write_text("ikke en kopi")
    # when it runs
    # then it goes straight to the file (which is refused here) without asking for «ja»
    with pytest.raises(CommandError, match="ikke en sikkerhetskopi"):
        call_command("restore", str(junk), database_url=str(tmp_path / "proeve.sqlite3"))


def test_restore_with_standard_input_closed_says_so_in_norwegian(
    db: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given a restore over the live database from a script whose standard input is closed
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    target = tmp_path / "kopi.bak"
    target.write_bytes(b"SQLite format 3\x00")
    # when it asks for «ja»
    # then it stops with a Norwegian message, not an EOFError, and restores nothing
    with pytest.raises(CommandError, match="standard input er lukket"):
        call_command("restore", str(target))
