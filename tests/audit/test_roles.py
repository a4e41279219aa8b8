"""On PostgreSQL the application connects as a role that owns nothing (defect 10):
after ``migrate_as_owner`` its credentials cannot TRUNCATE, DELETE or UPDATE the
audit trail, nor drop its trigger, yet the application still does its work.

The test makes its own roles and database, named after the suite's database so
parallel runs on one server do not meet, and drops them at the end.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.db import connection
from psycopg import sql

pytestmark = pytest.mark.postgresql

ROOT = Path(__file__).resolve().parents[2]
AUDIT = "audit_auditentry"


def _url(role: str, password: str, database: str) -> str:
    params = connection.settings_dict
    host, port = params["HOST"] or "127.0.0.1", params["PORT"] or 5432
    return f"postgres://{role}:{password}@{host}:{port}/{database}"


def _admin_connect(**extra: Any) -> psycopg.Connection[Any]:
    """A connection as the suite's own (superuser) role, outside Django's."""
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    return psycopg.connect(**{**params, "dbname": "postgres", **extra}, autocommit=True)


@pytest.fixture
def roles_database() -> Iterator[dict[str, str]]:
    """An owner role, an app role and an empty database the owner owns."""
    suffix = secrets.token_hex(4)
    prefix = f"{_base_name()}_"
    names = {
        "owner": f"{prefix}owner_{suffix}",
        "app": f"{prefix}app_{suffix}",
        "database": f"{prefix}db_{suffix}",
        "password": secrets.token_urlsafe(16),
    }
    with _admin_connect() as admin:
        for role in (names["owner"], names["app"]):
            admin.execute(
                sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(
                    sql.Identifier(role), sql.Literal(names["password"])
                )
            )
        admin.execute(
            sql.SQL("CREATE DATABASE {} OWNER {}").format(
                sql.Identifier(names["database"]), sql.Identifier(names["owner"])
            )
        )
        try:
            yield names
        finally:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                    sql.Identifier(names["database"])
                )
            )
            for role in (names["app"], names["owner"]):
                admin.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(role)))


def _base_name() -> str:
    """The suite's database without pytest-django's ``test_``: ``wt_sec`` or ``postgres``."""
    name = str(connection.settings_dict["NAME"])
    return name.removeprefix("test_")


def _run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in {"PYTEST_VERSION", "DEBUG"}}
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env={
            **clean,
            "DJANGO_SETTINGS_MODULE": "tallrapport.settings",
            "SECRET_KEY": "k" * 50,
            "SECURE_COOKIES": "0",
            **env,
        },
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )


def _refused(app: psycopg.Connection[Any], statement: str) -> bool:
    """Whether PostgreSQL refuses the statement for lack of a privilege or ownership."""
    try:
        with app.transaction():
            app.execute(statement)
    except psycopg.errors.InsufficientPrivilege:
        return True
    return False


def test_the_app_role_cannot_empty_the_audit_trail_but_does_its_work(
    roles_database: dict[str, str],
) -> None:
    # given a fresh database migrated by its owner, with rights granted to the app role
    r = roles_database
    app_url = _url(r["app"], r["password"], r["database"])
    env = {
        "DATABASE_URL": app_url,
        "MIGRATION_DATABASE_URL": _url(r["owner"], r["password"], r["database"]),
    }
    migrated = _run(env, "manage.py", "migrate_as_owner", "--verbosity", "0")
    assert migrated.returncode == 0, migrated.stderr
    assert f'REVOKE UPDATE, DELETE ON "{AUDIT}"' in migrated.stdout
    # when the application does its everyday work as the app role
    smoke = _run(
        {**env, "ALLOWED_HOSTS": "testserver", "TALLRAPPORT_REQUIRE_OTP": "0"},
        "-m",
        "tests.audit.app_role_smoke",
    )
    # then all of it works
    assert smoke.returncode == 0, smoke.stderr
    assert "normal work ok" in smoke.stdout
    # and with the same credentials the audit trail can be read and appended to only
    with psycopg.connect(app_url, autocommit=True) as app:
        count = app.execute(f"SELECT count(*) FROM {AUDIT}").fetchone()  # noqa: S608
        assert count is not None and count[0] > 0
        assert _refused(app, f"TRUNCATE {AUDIT}")
        assert _refused(app, f"DELETE FROM {AUDIT}")  # noqa: S608
        assert _refused(app, f"UPDATE {AUDIT} SET reason = 'x'")  # noqa: S608
        assert _refused(app, f"DROP TRIGGER {AUDIT}_append_only ON {AUDIT}")
        assert _refused(app, f"ALTER TABLE {AUDIT} DISABLE TRIGGER ALL")
        assert _refused(app, f"DROP TABLE {AUDIT}")
        after = app.execute(f"SELECT count(*) FROM {AUDIT}").fetchone()  # noqa: S608
        assert after == count
        # and it owns nothing it could do so with
        owned = app.execute(
            "SELECT count(*) FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner "
            "WHERE r.rolname = current_user"
        ).fetchone()
        assert owned == (0,)


def test_migrate_as_owner_refuses_one_role_for_both(roles_database: dict[str, str]) -> None:
    # given both addresses naming the same role
    r = roles_database
    url = _url(r["owner"], r["password"], r["database"])
    # when the command runs
    result = _run(
        {"DATABASE_URL": url, "MIGRATION_DATABASE_URL": url}, "manage.py", "migrate_as_owner"
    )
    # then it stops in Norwegian before changing anything
    assert result.returncode != 0
    assert "må ha hver sin rolle" in result.stderr
