"""gunicorn for the load test: started on loopback, always stopped.

However the run ends (a failure while it starts or during the run, Ctrl-C), the
server and its workers are stopped, so nothing outlives the script.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def gunicorn(args: argparse.Namespace, port: int, secret_key: str) -> Iterator[int]:
    """gunicorn on 127.0.0.1:``port``, answering; yields the master's pid.

    However the block ends (a failure while it starts or during the run, Ctrl-C),
    the server is stopped: SIGTERM to its process group, then SIGKILL if it has
    not gone within 30 s, so no master or worker outlives the script.
    """
    env = {
        **os.environ,
        "DATABASE_URL": args.database_url,
        "SECRET_KEY": secret_key,
        "ALLOWED_HOSTS": "127.0.0.1",
        "TALLRAPPORT_REQUIRE_OTP": "1",
        # Plain HTTP on loopback: secure-only cookies would never be sent back.
        "SECURE_COOKIES": "0",
        "DEBUG": "0",
        "TALLRAPPORT_DEMO": "0",
    }
    env.pop("PYTEST_VERSION", None)
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "tallrapport.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(args.workers),
        "--threads",
        str(args.threads),
        "--timeout",
        "60",
        "--log-level",
        "warning",
    ]
    # Its own process group, so the workers can be stopped with the master.
    server = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    try:
        _wait_until_answering(server, port)
        yield server.pid
    finally:
        _stop(server)


def _wait_until_answering(server: subprocess.Popen[bytes], port: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn stopped with {server.returncode}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/logg-inn/", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise SystemExit("gunicorn did not answer within 60 s")


def _stop(server: subprocess.Popen[bytes]) -> None:
    for sig, wait in ((signal.SIGTERM, 30.0), (signal.SIGKILL, 10.0)):
        try:
            os.killpg(server.pid, sig)
        except ProcessLookupError:
            break
        try:
            server.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            continue
        # The master is gone; make sure no worker lingers in its group.
        with suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGKILL)
        break


def server_cpu_seconds(master: int) -> float:
    """CPU time used so far by gunicorn's workers (Linux /proc), to tell the server's
    own cost per request apart from waiting for a CPU shared with other work."""
    try:
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        total = 0
        for pid in children:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
        return total / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError):
        return float("nan")


def load_average() -> float:
    return round(os.getloadavg()[0], 2)
