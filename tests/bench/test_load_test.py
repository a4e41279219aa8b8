"""The load test script in a tiny configuration, so that it cannot rot.

It starts gunicorn against its own fresh database on the server the suite uses:
a SQLite file in a temporary folder, or, when DATABASE_URL names PostgreSQL, a
database beside the test database whose name ends in ``_load``.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import dj_database_url

ROOT = Path(__file__).resolve().parents[2]


def _load_database_url(tmp_path: Path) -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url or dj_database_url.parse(url)["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{tmp_path / 'load.sqlite3'}"
    base, _, name = url.rpartition("/")
    safe = re.sub(r"[^a-z0-9_]", "_", name.split("?")[0].lower()) or "tallrapport"
    return f"{base}/{safe}_load"


def test_load_test_registers_every_confirmed_case_exactly_once(tmp_path: Path) -> None:
    # given the load test with three advisors for five seconds, a tenth of POSTs replayed
    result_file = tmp_path / "result.json"
    command = [
        sys.executable,
        "bench/load_test.py",
        "--database-url",
        _load_database_url(tmp_path),
        "--users",
        "3",
        "--duration",
        "5",
        "--think",
        "0.05",
        "--replay",
        "0.3",
        "--workers",
        "2",
        "--json",
        str(result_file),
    ]
    # when it runs against gunicorn with the second factor required
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"PYTEST_VERSION", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    completed = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False
    )
    # then every advisor logged in with a TOTP code, nothing failed,
    # and the rows are exactly the registrations the server confirmed
    assert completed.returncode == 0, completed.stdout + completed.stderr
    result = json.loads(result_file.read_text())
    assert result["errors"] == {}
    assert result["kinds"]["login"]["n"] == 3 * 5
    assert result["registrations"] > 0
    assert result["replays"] > 0
    rows = result["rows"]
    assert rows["rows"] == rows["confirmed"] == result["registrations"]
    assert rows["lost"] == rows["duplicate_tokens"] == rows["unconfirmed_rows"] == 0
    assert rows["users_with_wrong_count"] == []
