"""Load test: concurrent advisors log in with TOTP, register cases and list them.

Everything runs on loopback. The script

1. makes a fresh database (PostgreSQL: drops and creates ``--database-url``'s
   database; SQLite: a new file), migrates it and seeds ``--users`` synthetic
   advisors, one per synthetic school, each with a confirmed TOTP device;
2. starts gunicorn (``tallrapport.wsgi``) on 127.0.0.1 with the second factor
   required, as in production except for plain HTTP;
3. lets every advisor, each in its own thread with its own HTTP client, log in:
   password, then a TOTP code computed from its device's key as an authenticator
   app would;
4. then, until ``--duration`` seconds or ``--requests`` registrations have passed,
   each advisor loops: GET the registration form (CSRF and submission token),
   POST a registration, sometimes POST the same form again (a retry: it must not
   register twice), GET Mine saker; with ``--think`` seconds between requests;
5. stops gunicorn and counts the rows: every registration the server confirmed is
   there exactly once, none lost, none twice, nothing else.

    DATABASE_URL=... is ignored; pass the database to create:
    SECRET_KEY=x .venv/bin/python bench/load_test.py \\
        --database-url postgres://postgres@127.0.0.1:5432/tallrapport_load \\
        --users 50 --duration 60 --think 1.0 --workers 4

Exit status 0 only if there were no errors and the row count matches.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import secrets
import statistics
import sys
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# Imported before anything starts: a missing client must stop the script before
# a database is dropped or a server started, not leave gunicorn running.
try:
    import httpx
except ImportError:  # pragma: no cover (the message is the point)
    raise SystemExit(
        "bench/load_test.py needs httpx; `make install` (or `make run`) installs it."
    ) from None

from bench.gunicorn_server import (  # noqa: E402 (after the httpx check)
    free_port,
    gunicorn,
    load_average,
    server_cpu_seconds,
)
from bench.load_database import PASSWORD, fresh_database, seed, setup_django, totp_code  # noqa: E402

DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/tallrapport_load"


def _parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=DEFAULT_DATABASE)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of the loop phase")
    parser.add_argument(
        "--requests", type=int, default=10_000, help="stop after this many registrations in all"
    )
    parser.add_argument("--think", type=float, default=1.0, help="mean pause between requests")
    parser.add_argument("--replay", type=float, default=0.1, help="share of POSTs sent twice")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=1, help="threads per gunicorn worker")
    parser.add_argument("--timeout", type=float, default=30.0, help="client timeout, seconds")
    parser.add_argument("--json", type=Path, help="also write the result here")
    parser.add_argument("--seed", type=int, default=2026)
    return parser.parse_args(argv)


# --- simulated advisors ----------------------------------------------------------


def _input_value(html: str, name: str) -> str:
    """The value of the input named ``name`` in a Django-rendered form."""
    for tag in re.findall(r"<input[^>]*>", html):
        if f'name="{name}"' in tag:
            value = re.search(r'value="([^"]*)"', tag)
            if value:
                return value.group(1)
    raise ValueError(f"no {name} on the page")


@dataclass
class Results:
    lock: threading.Lock = field(default_factory=threading.Lock)
    timings: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    error_samples: list[str] = field(default_factory=list)
    confirmed_tokens: set[str] = field(default_factory=set)
    tokens_by_user: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    replays: int = 0
    registrations: int = 0

    def time(self, kind: str, seconds: float) -> None:
        with self.lock:
            self.timings[kind].append(seconds * 1000)

    def error(self, kind: str, detail: str) -> None:
        with self.lock:
            self.errors[kind] += 1
            if len(self.error_samples) < 10:
                self.error_samples.append(f"{kind}: {detail}")


class Advisor(threading.Thread):
    def __init__(
        self,
        *,
        base: str,
        account: dict[str, str],
        seed_data: dict[str, Any],
        args: argparse.Namespace,
        results: Results,
        logged_in: threading.Barrier,
        budget: threading.Semaphore,
        rng: random.Random,
    ) -> None:
        super().__init__(daemon=True)
        self.base = base
        self.account = account
        self.seed_data = seed_data
        self.args = args
        self.results = results
        self.logged_in = logged_in
        self.budget = budget
        self.rng = rng
        self.deadline = 0.0

    def _request(self, client: Any, kind: str, method: str, path: str, **kw: Any) -> Any:
        start = time.perf_counter()
        response = client.request(method, self.base + path, **kw)
        self.results.time(kind, time.perf_counter() - start)
        return response

    def _think(self) -> None:
        if self.args.think > 0:
            time.sleep(self.rng.uniform(0.5, 1.5) * self.args.think)

    def _login(self, client: Any) -> bool:
        page = self._request(client, "login", "GET", "/logg-inn/")
        response = self._request(
            client,
            "login",
            "POST",
            "/logg-inn/",
            data={
                "csrfmiddlewaretoken": _input_value(page.text, "csrfmiddlewaretoken"),
                "username": self.account["username"],
                "password": PASSWORD,
                "next": "/saker/mine/",
            },
        )
        if response.status_code != 302:
            self.results.error("login", f"password step answered {response.status_code}")
            return False
        # The second factor: the server sends us to the code page.
        step = self._request(client, "login", "GET", response.headers["location"])
        if step.status_code != 302 or "/logg-inn/kode/" not in step.headers["location"]:
            self.results.error("login", f"expected the code page, got {step.status_code}")
            return False
        code_page = self._request(client, "login", "GET", step.headers["location"])
        verified = self._request(
            client,
            "login",
            "POST",
            "/logg-inn/kode/",
            data={
                "csrfmiddlewaretoken": _input_value(code_page.text, "csrfmiddlewaretoken"),
                "next": "/saker/mine/",
                "code": totp_code(self.account["device"]),
            },
        )
        if verified.status_code != 302 or verified.headers["location"] != "/saker/mine/":
            self.results.error("login", f"code step answered {verified.status_code}")
            return False
        return True

    def _post_registration(self, client: Any, kind: str, data: dict[str, str]) -> bool:
        """POST, retrying a transport failure with the same form: once registered is enough."""
        for _attempt in range(3):
            try:
                response = self._request(client, kind, "POST", "/saker/ny/", data=data)
            except Exception as exc:
                self.results.error(kind, f"transport: {exc!r}")
                continue
            # A new case goes on to its confirmation page, a replay to the same one.
            if response.status_code == 302 and "/registrert/" in response.headers["location"]:
                with self.results.lock:
                    self.results.confirmed_tokens.add(data["submission_token"])
                    self.results.tokens_by_user[self.account["username"]].add(
                        data["submission_token"]
                    )
                return True
            self.results.error(kind, f"answered {response.status_code}")
            return False
        return False

    def _one_round(self, client: Any) -> None:
        form = self._request(client, "form", "GET", "/saker/ny/")
        if form.status_code != 200:
            self.results.error("form", f"answered {form.status_code}")
            return
        data = {
            "csrfmiddlewaretoken": _input_value(form.text, "csrfmiddlewaretoken"),
            "submission_token": _input_value(form.text, "submission_token"),
            "registered_on": _input_value(form.text, "registered_on"),
            "main_category": self.seed_data["main_category"],
            "gender": self.rng.choice(["jente", "gutt", "ukjent"]),
            "age_group": self.rng.choice(["under_18", "18_og_over", "ukjent"]),
            "country": self.rng.choice(["Somalia", "Pakistan", "Norge", "Syria", "Eritrea"]),
            "reported_by": self.seed_data["reported_by"],
            "guided": "utsatt",
            # Random cases often match an earlier one in every counted field; the
            # advisor has seen the duplicate warning and registers anyway.
            "confirm_duplicate": "on",
        }
        self._think()
        if not self._post_registration(client, "register", data):
            return
        with self.results.lock:
            self.results.registrations += 1
        # Sometimes the same form again, as after a double click or a browser retry.
        if self.rng.random() < self.args.replay and self._post_registration(client, "replay", data):
            with self.results.lock:
                self.results.replays += 1
        self._think()
        listing = self._request(client, "my_cases", "GET", "/saker/mine/")
        if listing.status_code != 200:
            self.results.error("my_cases", f"answered {listing.status_code}")
        self._think()

    def run(self) -> None:
        with httpx.Client(timeout=self.args.timeout, follow_redirects=False) as client:
            try:
                ok = self._login(client)
            except Exception as exc:
                self.results.error("login", repr(exc))
                ok = False
            self.logged_in.wait()
            if not ok:
                return
            # Advisors do not start in step: spread the first form over one round's
            # thinking time instead of 50 requests at the same instant.
            time.sleep(self.rng.uniform(0, 3 * self.args.think))
            while time.monotonic() < self.deadline:
                if not self.budget.acquire(blocking=False):
                    return
                try:
                    self._one_round(client)
                except Exception as exc:
                    self.results.error("round", repr(exc))


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def _count_rows(results: Results) -> dict[str, Any]:
    """Compare what the server confirmed with what the database holds."""
    from django.db import connection
    from django.db.models import Count

    from tallrapport.cases.models import Case

    connection.close()  # a fresh connection sees every commit of the run
    tokens = {str(t) for t in Case.objects.values_list("submission_token", flat=True)}
    per_user = dict(
        Case.objects.values_list("registered_by__username").annotate(n=Count("id")).order_by()
    )
    confirmed = results.confirmed_tokens
    mismatched_users = sorted(
        name
        for name in set(per_user) | set(results.tokens_by_user)
        if per_user.get(name, 0) != len(results.tokens_by_user.get(name, set()))
    )
    return {
        "rows": Case.objects.count(),
        "confirmed": len(confirmed),
        "lost": len(confirmed - tokens),
        "unconfirmed_rows": len(tokens - confirmed),
        "duplicate_tokens": Case.objects.count() - len(tokens),
        "users_with_wrong_count": mismatched_users,
    }


def run(args: argparse.Namespace) -> dict[str, Any]:
    secret_key = secrets.token_urlsafe(50)
    fresh_database(args.database_url)
    setup_django(args.database_url, secret_key)
    seed_start = time.monotonic()
    seed_data = seed(args.users)
    seed_seconds = time.monotonic() - seed_start
    port = free_port()
    results = Results()
    with gunicorn(args, port, secret_key) as server_pid:
        logged_in = threading.Barrier(args.users + 1)
        budget = threading.Semaphore(args.requests)
        master = random.Random(args.seed)
        advisors = [
            Advisor(
                base=f"http://127.0.0.1:{port}",
                account=account,
                seed_data=seed_data,
                args=args,
                results=results,
                logged_in=logged_in,
                budget=budget,
                rng=random.Random(master.random()),
            )
            for account in seed_data["accounts"]
        ]
        login_start = time.monotonic()
        for advisor in advisors:
            advisor.deadline = float("inf")
            advisor.start()
        logged_in.wait()
        login_seconds = time.monotonic() - login_start
        loop_start = time.monotonic()
        cpu_start = server_cpu_seconds(server_pid)
        load_start = load_average()
        for advisor in advisors:
            advisor.deadline = loop_start + args.duration
        for advisor in advisors:
            advisor.join(timeout=args.duration + 4 * args.timeout + 60)
        loop_seconds = time.monotonic() - loop_start
        server_cpu = server_cpu_seconds(server_pid) - cpu_start
        load_end = load_average()
    rows = _count_rows(results)
    from django.db import connection

    loop_requests = sum(len(v) for k, v in results.timings.items() if k != "login")
    kinds = {
        kind: {
            "n": len(values),
            "p50_ms": round(statistics.median(values), 1),
            "p95_ms": round(_percentile(values, 0.95), 1),
            "p99_ms": round(_percentile(values, 0.99), 1),
            "max_ms": round(max(values), 1),
        }
        for kind, values in sorted(results.timings.items())
    }
    return {
        "database": connection.vendor,
        "users": args.users,
        "workers": args.workers,
        "threads": args.threads,
        "think_s": args.think,
        "seed_s": round(seed_seconds, 1),
        "login_phase_s": round(login_seconds, 1),
        "loop_s": round(loop_seconds, 1),
        "loop_requests": loop_requests,
        "throughput_rps": round(loop_requests / loop_seconds, 1) if loop_seconds else 0.0,
        "server_cpu_ms_per_request": round(1000 * server_cpu / max(1, loop_requests), 1),
        "load_average_start_end": [load_start, load_end],
        "registrations": results.registrations,
        "replays": results.replays,
        "kinds": kinds,
        "errors": dict(results.errors),
        "error_samples": results.error_samples,
        "rows": rows,
    }


def _report(result: dict[str, Any]) -> str:
    lines = [
        f"{result['users']} advisors on {result['database']}, gunicorn {result['workers']} "
        f"workers x {result['threads']} threads, think {result['think_s']} s",
        f"seed {result['seed_s']} s, logins (password + TOTP) {result['login_phase_s']} s, "
        f"loop {result['loop_s']} s: {result['loop_requests']} requests, "
        f"{result['throughput_rps']} req/s, {result['registrations']} registrations, "
        f"{result['replays']} replayed POSTs",
        f"gunicorn CPU {result['server_cpu_ms_per_request']} ms per request; machine load "
        f"average {result['load_average_start_end'][0]} -> {result['load_average_start_end'][1]}",
        f"{'kind':<10} {'n':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8}",
    ]
    for kind, k in result["kinds"].items():
        lines.append(
            f"{kind:<10} {k['n']:>6} {k['p50_ms']:>8} {k['p95_ms']:>8} {k['p99_ms']:>8} "
            f"{k['max_ms']:>8}"
        )
    rows = result["rows"]
    lines.append(f"errors: {result['errors'] or 'none'} {result['error_samples'] or ''}")
    lines.append(
        f"rows: {rows['rows']} in the database, {rows['confirmed']} confirmed by the server, "
        f"{rows['lost']} lost, {rows['unconfirmed_rows']} unconfirmed, "
        f"{rows['duplicate_tokens']} duplicated, users with a wrong count: "
        f"{rows['users_with_wrong_count'] or 'none'}"
    )
    return "\n".join(lines)


def passed(result: dict[str, Any]) -> bool:
    rows = result["rows"]
    return (
        not result["errors"]
        and rows["rows"] == rows["confirmed"] == result["registrations"]
        and rows["lost"] == 0
        and rows["unconfirmed_rows"] == 0
        and rows["duplicate_tokens"] == 0
        and not rows["users_with_wrong_count"]
    )


def main(argv: list[str] | None = None) -> int:
    args = _parse_args(argv)
    result = run(args)
    print(_report(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))
    return 0 if passed(result) else 1


if __name__ == "__main__":
    raise SystemExit(main())
