"""The load test script in a tiny configuration, so that it cannot rot.

It starts gunicorn against its own fresh database on the server the suite uses:
a SQLite file in a temporary folder, or, when DATABASE_URL names PostgreSQL, a
database beside the test database whose name ends in ``_load``.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
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


def _fake_httpx(tmp_path: Path, body: str) -> dict[str, str]:
    """An environment in which ``import httpx`` finds ``body`` instead of the real one."""
    fake = tmp_path / "fake"
    fake.mkdir()
    (fake / "httpx.py").write_text(body)
    env = {k: v for k, v in os.environ.items() if k not in {"PYTEST_VERSION"}}
    return {**env, "PYTHONPATH": str(fake)}


def _processes_using(marker: str) -> list[int]:
    """Our own processes whose environment mentions ``marker`` (a unique path)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            if marker.encode() in (entry / "environ").read_bytes():
                found.append(int(entry.name))
        except OSError:
            continue
    return found


def _kill_leftovers(marker: str) -> None:
    """Stop what a failing run left behind, so a red test leaves the machine clean."""
    for pid in _processes_using(marker):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


def _load_test(env: dict[str, str], database: str) -> subprocess.CompletedProcess[str]:
    command = [
        sys.executable,
        "bench/load_test.py",
        "--database-url",
        f"sqlite:///{database}",
        "--users",
        "1",
        "--duration",
        "1",
        "--workers",
        "1",
    ]
    # Output to files, not pipes: a server left running would hold a pipe open.
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        returncode = subprocess.call(
            command, cwd=ROOT, env=env, stdout=out, stderr=err, timeout=180
        )
        out.seek(0)
        err.seek(0)
        return subprocess.CompletedProcess(command, returncode, out.read(), err.read())


def test_without_httpx_the_script_stops_before_starting_anything(tmp_path: Path) -> None:
    # given a machine without httpx
    env = _fake_httpx(tmp_path, "raise ImportError('no httpx here')\n")
    database = tmp_path / "uten-httpx.sqlite3"
    try:
        # when the load test starts
        completed = _load_test(env, str(database))
        # then it says what is missing, and neither made a database nor started a server
        assert completed.returncode != 0
        assert "needs httpx" in completed.stderr
        assert not database.exists()
        assert _processes_using(str(database)) == []
    finally:
        _kill_leftovers(str(database))


def test_a_failure_after_gunicorn_started_stops_gunicorn(tmp_path: Path) -> None:
    # given a client that fails while gunicorn is starting
    env = _fake_httpx(
        tmp_path,
        "class TransportError(Exception):\n    pass\n\n\n"
        "def get(*args, **kwargs):\n    raise RuntimeError('simulated client failure')\n",
    )
    database = tmp_path / "feil.sqlite3"
    try:
        # when the load test runs and fails
        completed = _load_test(env, str(database))
        # then it failed, and no gunicorn master or worker is left running
        assert completed.returncode != 0
        assert "simulated client failure" in completed.stderr
        assert _processes_using(str(database)) == []
    finally:
        _kill_leftovers(str(database))
