"""Backup and restore of the whole database, for SQLite and PostgreSQL.

SQLite is copied with SQLite's online backup API (what the ``sqlite3`` shell's
``.backup`` does): a consistent snapshot page by page while the application may
keep running, triggers and all. PostgreSQL is dumped with ``pg_dump`` in its
custom format and read back with ``pg_restore`` in one transaction, so a failed
restore leaves the target as it was. The file's first bytes say which kind it
is, so ``restore`` needs no flag.

The management commands ``backup`` and ``restore`` are thin wrappers around
:func:`backup_database` and :func:`restore_database`; README.md shows their use.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import sqlite3
import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from django.db import connections

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_MAGIC = b"PGDMP"


class BackupError(Exception):
    """A backup or restore could not be made; the message says why, in Norwegian."""


def _pg_url(settings: dict[str, Any]) -> str:
    user = quote(str(settings.get("USER") or ""), safe="")
    host = settings.get("HOST") or "localhost"
    port = settings.get("PORT") or "5432"
    name = quote(str(settings["NAME"]), safe="")
    return f"postgresql://{user}@{host}:{port}/{name}"


def _pg_env(settings: dict[str, Any]) -> dict[str, str]:
    # The password goes through the environment, never on a command line others can read.
    env = dict(os.environ)
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings["PASSWORD"])
    return env


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"Fant ikke {name}. Installer PostgreSQL-klientverktøyene.")
    return path


def _run(command: Sequence[str], env: dict[str, str]) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} feilet: {result.stderr.strip()}")


def backup_database(output: Path, *, alias: str = "default") -> None:
    """Write a consistent copy of the database ``alias`` to ``output``."""
    connection = connections[alias]
    output.parent.mkdir(parents=True, exist_ok=True)
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(output)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
    elif connection.vendor == "postgresql":
        settings = connection.settings_dict
        _run(
            [
                _tool("pg_dump"),
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--file={output}",
                f"--dbname={_pg_url(settings)}",
            ],
            _pg_env(settings),
        )
    else:
        raise BackupError(f"Sikkerhetskopi støttes ikke for {connection.vendor}.")


def _kind(source: Path) -> str:
    if not source.is_file():
        raise BackupError(f"Finner ikke filen {source}.")
    with source.open("rb") as handle:
        head = handle.read(16)
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    if head.startswith(PG_MAGIC):
        return "postgresql"
    raise BackupError(f"{source} er ikke en sikkerhetskopi fra Tallrapport.")


def restore_database(source: Path, *, alias: str = "default", target_url: str = "") -> None:
    """Replace the contents of a database with the backup in ``source``.

    The target is the database ``alias`` unless ``target_url`` names another
    (a path to an SQLite file, or a PostgreSQL URL): that is how a backup is
    tried out in a scratch database before it is trusted.
    """
    kind = _kind(source)
    connection = connections[alias]
    if kind == "sqlite":
        check = sqlite3.connect(source)
        # Check constraints written by Django may call REGEXP, which Django's own
        # connections provide; give the checking connection the same function.
        check.create_function(
            "REGEXP", 2, lambda pattern, text: re.search(pattern, str(text or "")) is not None
        )
        try:
            if check.execute("PRAGMA integrity_check").fetchone() != ("ok",):
                raise BackupError(f"{source} er skadet (integrity_check).")
            if target_url:
                target = sqlite3.connect(target_url.removeprefix("sqlite:///"))
                try:
                    check.backup(target)
                finally:
                    target.close()
            else:
                if connection.vendor != "sqlite":
                    raise BackupError("En SQLite-kopi kan bare legges tilbake i SQLite.")
                connection.ensure_connection()
                check.backup(connection.connection)
        finally:
            check.close()
        return
    if not target_url and connection.vendor != "postgresql":
        raise BackupError("En PostgreSQL-kopi kan bare legges tilbake i PostgreSQL.")
    settings = connection.settings_dict
    url = target_url or _pg_url(settings)
    if not target_url:
        connection.close()  # pg_restore needs the tables free of this process's locks
    _run(
        [
            _tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={url}",
            str(source),
        ],
        _pg_env(settings),
    )


def table_fingerprint(cursor: Any, tables: Sequence[str]) -> dict[str, tuple[int, str]]:
    """Row count and a SHA-256 over every row (ordered by its text) of each table.

    Works on any DB-API cursor, so a restored copy can be compared with the
    original whatever connection each is read through.
    """
    result: dict[str, tuple[int, str]] = {}
    for table in tables:
        cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - names from introspection
        rows = sorted(repr(tuple(str(v) for v in row)) for row in cursor.fetchall())
        digest = hashlib.sha256("\n".join(rows).encode()).hexdigest()
        result[table] = (len(rows), digest)
    return result
