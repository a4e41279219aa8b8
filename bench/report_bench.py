"""The whole yearly report (both schemes, all tables, one protection, the audit)
from the demo register and from a synthetic register of a million cases.

Each run times ``build_report`` (the SQL aggregation, the disclosure problem,
suppression, the audit and the text) plus one renderer, from a cold Python
object cache, and reports the median. The big register is made once per
database file by ``bench.synthetic_cases.generate_cases`` (same seed: idempotent), all
of it inside the report's five years, so every case is counted.

    SECRET_KEY=x .venv/bin/python bench/report_bench.py --register demo
    SECRET_KEY=x .venv/bin/python bench/report_bench.py --register million
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tallrapport_bench \\
        SECRET_KEY=x .venv/bin/python bench/report_bench.py --register million

Without DATABASE_URL each register lives in its own SQLite file under
``bench/.data/`` (not in git); the million-case file takes a few minutes to
make the first time.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tallrapport.settings")
os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")

parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
parser.add_argument("--register", choices=("demo", "million"), default="demo")
parser.add_argument("--cases", type=int, default=1_000_000, help="size of the big register")
parser.add_argument("--year", type=int, default=2023)
parser.add_argument("--runs", type=int, default=3)
parser.add_argument("--formats", default="csv,pdf")
args = parser.parse_args()

if "DATABASE_URL" not in os.environ:
    data = ROOT / "bench" / ".data"
    data.mkdir(exist_ok=True)
    name = "demo" if args.register == "demo" else f"cases-{args.cases}"
    os.environ["DATABASE_URL"] = f"sqlite:///{data / name}.sqlite3"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402


def prepare() -> int:
    """Migrate, load the register once, and return its size."""
    from bench.synthetic_cases import generate_cases
    from tallrapport.cases.models import Case
    from tallrapport.demo.activities import load_demo_activities
    from tallrapport.demo.loader import load_demo_data

    call_command("migrate", verbosity=0)
    if args.register == "demo":
        load_demo_data()
        load_demo_activities()
    else:
        have = Case.objects.count()
        if have < args.cases:
            started = time.perf_counter()
            generate_cases(args.cases, seed=1, years=range(args.year - 4, args.year + 1))
            print(f"made {args.cases:,} cases in {time.perf_counter() - started:.0f} s")
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE cases_case")
    return Case.objects.count()


def main() -> None:
    from tallrapport.disclosure import Status
    from tallrapport.reports.build import build_report
    from tallrapport.reports.exports import export_bytes

    size = prepare()
    formats = [f for f in args.formats.split(",") if f]
    timings: dict[str, list[float]] = {"build": [], **{f: [] for f in formats}}
    report = None
    for _run in range(args.runs):
        started = time.perf_counter()
        report = build_report(year=args.year)
        built = time.perf_counter()
        timings["build"].append(built - started)
        for fmt in formats:
            begin = time.perf_counter()
            export_bytes(report, fmt)
            timings[fmt].append(time.perf_counter() - begin + (built - started))
    if report is None or report.protection is None or report.audit is None:
        raise SystemExit("the register is empty: nothing to report")
    protection = report.protection
    print(f"database: {connection.vendor}; register: {size:,} cases; year {args.year}")
    print(
        f"published cells {protection.layout.n_cells}; primary {protection.count(Status.PRIMARY)}; "
        f"secondary {protection.count(Status.SECONDARY)}; audit safe: {report.audit.safe}"
    )
    for name, values in timings.items():
        label = "build (data + protection + audit)" if name == "build" else f"report → {name}"
        print(
            f"{label:36} median {statistics.median(values):6.2f} s  (runs: "
            + ", ".join(f"{v:.2f}" for v in values)
            + ")"
        )


if __name__ == "__main__":
    main()
