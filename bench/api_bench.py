"""API load test: concurrent clients register cases through /api/v1/saker/ with their tokens.

Everything runs on loopback. The script makes a fresh database (an SQLite file
under ``bench/.data/`` by default, or ``--database-url``), seeds ``--clients``
synthetic advisors (one school each) and gives each a personal token through
the token service, starts gunicorn on 127.0.0.1 with the second factor
required, as in production, and then, ``--runs`` times, lets every client (its
own thread and HTTP connection) POST ``--posts`` registrations with its own
Idempotency-Key, timing each POST from the client. Every run also resends one
key per client and checks that it registered nothing more. Afterwards it counts
the rows: every 201 is there exactly once. Figures: median and p95 of each
run, and the median over the runs.

    SECRET_KEY=x .venv/bin/python bench/api_bench.py --clients 8 --posts 50 --runs 3
    SECRET_KEY=x .venv/bin/python bench/api_bench.py \\
        --database-url postgres://postgres@127.0.0.1:5432/tallrapport_api_load

Exit status 0 only if every request was answered as expected and the rows match.
"""

from __future__ import annotations

import argparse
import datetime
import json
import statistics
import sys
import threading
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

from bench.gunicorn_server import (  # noqa: E402
    free_port,
    gunicorn,
    load_average,
    server_cpu_seconds,
)
from bench.load_database import fresh_database, seed, setup_django  # noqa: E402

DEFAULT_DATABASE = f"sqlite:///{ROOT / 'bench' / '.data' / 'api_bench.sqlite3'}"


def _parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=DEFAULT_DATABASE)
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients (threads)")
    parser.add_argument("--posts", type=int, default=50, help="registrations per client per run")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=1, help="threads per gunicorn worker")
    parser.add_argument("--json", type=Path, help="also write the result here")
    return parser.parse_args(argv)


def _tokens(usernames: list[str]) -> list[str]:
    from tallrapport.accounts.models import User
    from tallrapport.api.services import TokenInput, api_token_create

    return [
        api_token_create(
            user=User.objects.get(username=name), data=TokenInput(name="Lasttest", days=30)
        )[1]
        for name in usernames
    ]


def _body(number: int) -> dict[str, Any]:
    day = datetime.date.today() - datetime.timedelta(days=number % 60)
    return {
        "registered_on": day.isoformat(),
        "main_category": "negativ-sosial-kontroll",
        "gender": ("jente", "gutt", "ukjent")[number % 3],
        "age_group": "under_18",
        "country": ("Somalia", "sy", "Irak")[number % 3],
        "reported_by": "skoleansatt",
    }


class Client(threading.Thread):
    """One advisor's system: POSTs its registrations one after another."""

    def __init__(self, base: str, token: str, posts: int, run: int) -> None:
        super().__init__()
        self.base, self.token, self.posts, self.run_number = base, token, posts, run
        self.times: list[float] = []
        self.created: set[str] = set()
        self.errors: list[str] = []

    def run(self) -> None:
        headers = {"Authorization": f"Bearer {self.token}"}
        with httpx.Client(base_url=self.base, headers=headers, timeout=60) as http:
            first_key = ""
            for number in range(self.posts):
                key = f"run{self.run_number}-{uuid.uuid4()}"
                first_key = first_key or key
                started = time.perf_counter()
                answer = http.post(
                    "/api/v1/saker/", json=_body(number), headers={"Idempotency-Key": key}
                )
                self.times.append(time.perf_counter() - started)
                if answer.status_code != 201:
                    self.errors.append(f"{answer.status_code} {answer.text[:200]}")
                    continue
                self.created.add(answer.json()["id"])
            # A retry of the first request: the same case, nothing new.
            again = http.post(
                "/api/v1/saker/", json=_body(0), headers={"Idempotency-Key": first_key}
            )
            if again.status_code != 201 or again.json()["id"] not in self.created:
                self.errors.append(f"retry answered {again.status_code}: {again.text[:200]}")


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _one_run(base: str, tokens: list[str], posts: int, run: int) -> dict[str, Any]:
    clients = [Client(base, token, posts, run) for token in tokens]
    started = time.perf_counter()
    for client in clients:
        client.start()
    for client in clients:
        client.join()
    wall = time.perf_counter() - started
    times = [t for c in clients for t in c.times]
    return {
        "requests": len(times),
        "seconds": round(wall, 2),
        "per_second": round(len(times) / wall, 1),
        "median_ms": round(statistics.median(times) * 1000, 1),
        "p95_ms": round(_percentile(times, 0.95) * 1000, 1),
        "max_ms": round(max(times) * 1000, 1),
        "created": set().union(*(c.created for c in clients)),
        "errors": [e for c in clients for e in c.errors],
        "load_average": load_average(),
    }


def main(argv: list[str] | None = None) -> int:
    args = _parse_args(argv)
    secret_key = "api-bench-only-not-secret"  # noqa: S105 (a throw-away database)
    if args.database_url.startswith("sqlite:///"):
        Path(args.database_url.removeprefix("sqlite:///")).parent.mkdir(exist_ok=True)
    fresh_database(args.database_url)
    setup_django(args.database_url, secret_key)
    accounts = seed(args.clients)["accounts"]
    tokens = _tokens([a["username"] for a in accounts])
    # The limits stay on, as in production, but above what the load asks for.
    import os

    os.environ["TALLRAPPORT_API_RATE"] = "100000/min"
    port = free_port()
    runs = []
    with gunicorn(args, port, secret_key) as master:
        base = f"http://127.0.0.1:{port}"
        for run in range(args.runs):
            cpu_before = server_cpu_seconds(master)
            result = _one_run(base, tokens, args.posts, run)
            # The server's own CPU per request: its cost apart from waiting for a
            # CPU that other work on the machine shares.
            cpu = server_cpu_seconds(master) - cpu_before
            result["server_cpu_ms_per_request"] = round(cpu * 1000 / result["requests"], 1)
            runs.append(result)
    from tallrapport.cases.models import Case

    created = set().union(*(r["created"] for r in runs))
    rows = Case.objects.count()
    errors = [e for r in runs for e in r["errors"]]
    result = {
        "database": args.database_url.split(":", 1)[0],
        "clients": args.clients,
        "posts_per_client": args.posts,
        "workers": args.workers,
        "runs": [{k: v for k, v in r.items() if k not in ("created", "errors")} for r in runs],
        "median_p95_ms": statistics.median(r["p95_ms"] for r in runs),
        "median_median_ms": statistics.median(r["median_ms"] for r in runs),
        "median_server_cpu_ms": statistics.median(r["server_cpu_ms_per_request"] for r in runs),
        "rows": rows,
        "confirmed": len(created),
        "errors": errors[:10],
    }
    print(json.dumps(result, indent=2, ensure_ascii=False))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2, ensure_ascii=False))
    return 0 if not errors and rows == len(created) else 1


if __name__ == "__main__":
    raise SystemExit(main())
