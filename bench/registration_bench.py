"""Server time of the registration POST: median and 95th percentile over N posts.

The issue asks that a keyboard user gets from an empty form to a saved case in
under 30 seconds; the server's share of that should be a few milliseconds. This
measures the whole Django request (middleware, session, CSRF off as in the test
client, form validation, the service's checks and INSERTs, the redirect) through
the test client on a fresh test database, so the figure is comparable between
machines and databases.

    SECRET_KEY=x .venv/bin/python bench/registration_bench.py            # SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        SECRET_KEY=x .venv/bin/python bench/registration_bench.py        # PostgreSQL
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tallrapport.settings")
os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment, teardown_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def run(posts: int, warmup: int) -> dict[str, float]:
    """Register ``posts`` cases as one advisor and time each POST."""
    from tallrapport.cases.models import Case
    from tests.factories import UnitFactory, advisor_at, case_form_data

    advisor = advisor_at(UnitFactory(name="Benkskolen videregående skole"), username="benk")
    client = Client()
    client.force_login(advisor)
    url = reverse("case_register")
    timings: list[float] = []
    for number in range(warmup + posts):
        data = case_form_data(submission_token=str(uuid.uuid4()), country="Somalia")
        start = time.perf_counter()
        response = client.post(url, data, secure=True)
        elapsed = time.perf_counter() - start
        if response.status_code != 302:
            raise SystemExit(f"POST {number} answered {response.status_code}, not a redirect")
        if number >= warmup:
            timings.append(elapsed * 1000)
    if Case.objects.count() != warmup + posts:
        raise SystemExit("the number of cases does not match the number of POSTs")
    return {
        "median_ms": statistics.median(timings),
        "p95_ms": percentile(timings, 0.95),
        "mean_ms": statistics.fmean(timings),
        "max_ms": max(timings),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--posts", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=20)
    args = parser.parse_args()

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        result = run(args.posts, args.warmup)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()
    print(
        f"registration POST on {connection.vendor}, N={args.posts} "
        f"(after {args.warmup} warm-up): median {result['median_ms']:.1f} ms, "
        f"p95 {result['p95_ms']:.1f} ms, mean {result['mean_ms']:.1f} ms, "
        f"max {result['max_ms']:.1f} ms"
    )


if __name__ == "__main__":
    main()
