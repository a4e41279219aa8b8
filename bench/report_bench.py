"""The whole yearly report (both schemes, all tables, one protection, the audit)
from the demo register and from a synthetic register of a million cases.

Each run times ``build_report`` (the SQL aggregation, the disclosure problem,
suppression, the audit and the text) plus one renderer, from a cold Python
object cache, and reports the median. The big register is made once per
database file by ``bench.synthetic_cases.generate_cases`` (same seed: idempotent), all
of it inside the report's five years, so every case is counted.

    SECRET_KEY=x .venv/bin/python bench/report_bench.py --register demo
    SECRET_KEY=x .venv/bin/python bench/report_bench.py --register demo --years 2019-2026
    SECRET_KEY=x .venv/bin/python bench/report_bench.py --register demo --year 2023 \\
        --formats csv,pdf
    SECRET_KEY=x .venv/bin/python bench/report_bench.py --register million
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tallrapport_bench \\
        SECRET_KEY=x .venv/bin/python bench/report_bench.py --register million

On the demo register without ``--year`` or ``--formats`` the bench runs the
years mode (issue 10): for every report year of ``--years`` (default
2019–2026) one line with whether the report can be published (the audit is
safe and nothing is unprotectable), primary, secondary and already-public
counts, the hidden cells of all tables, the rows and ``*`` of both schemes'
country tables, and the median time of ``build_report``. Without
``--publish`` nothing is published: every year is held to the same shipped
editions. With ``--publish`` each publishable year is published in turn as
the demo analyst, so every later year is held to the editions before it (as
publishing 2024 and then 2025 does); all of it in one transaction that is
rolled back at the end, so the bench database stays as loaded.

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
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tallrapport.reports.report import PublicCount, Report

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tallrapport.settings")
os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")

parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
parser.add_argument("--register", choices=("demo", "million"), default="demo")
parser.add_argument("--cases", type=int, default=1_000_000, help="size of the big register")
parser.add_argument("--year", type=int, default=None, help="one report year (default 2023)")
parser.add_argument(
    "--years", default=None, help="a range of report years, e.g. 2019-2026 (demo default)"
)
parser.add_argument("--runs", type=int, default=3)
parser.add_argument(
    "--publish", action="store_true", help="years mode: publish each publishable year in turn"
)
parser.add_argument("--formats", default=None, help="renderers of the one-year mode (csv,pdf)")
args = parser.parse_args()
if args.years is None and args.register == "demo" and args.year is None and args.formats is None:
    args.years = "2019-2026"
if args.years is not None and (args.year is not None or args.formats is not None):
    parser.error("--years measures builds only; leave out --year and --formats")
if args.publish and args.years is None:
    parser.error("--publish belongs to the years mode (--years)")
if args.year is None:
    args.year = 2023
if args.formats is None:
    args.formats = "csv,pdf"

if "DATABASE_URL" not in os.environ:
    data = ROOT / "bench" / ".data"
    data.mkdir(exist_ok=True)
    name = "demo" if args.register == "demo" else f"cases-{args.cases}"
    os.environ["DATABASE_URL"] = f"sqlite:///{data / name}.sqlite3"

import django  # noqa: E402

django.setup()

from django.core.exceptions import ValidationError  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402


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


def year_range(text: str) -> list[int]:
    first, _dash, last = text.partition("-")
    return list(range(int(first), int(last or first) + 1))


COUNTRY_TABLE = "landbakgrunn"
COUNTRY_SCHEMES = (("mangfoldsradgiver", "advisors"), ("spesialutsending", "envoys"))


def country_figures(report: Report, scheme: str) -> tuple[int, int, int]:
    """Rows (named countries, «Øvrige land» and total), named countries and ``*`` of a
    scheme's country table; (0, 0, 0) when the report has no such table."""
    from tallrapport.reports.history import OTHERS_ROW, TOTAL_ROW

    try:
        table = report.section(scheme).tables[COUNTRY_TABLE]
    except (StopIteration, KeyError):
        return 0, 0, 0
    named = sum(1 for row, _label in table.rows if row not in (OTHERS_ROW, TOTAL_ROW))
    stars = sum(1 for cell in table.cells.values() if cell.value is None)
    return len(table.rows), named, stars


def _public_note(public: PublicCount) -> str:
    """An already-public count, with how many printed numbers of which editions give it."""
    editions = list(dict.fromkeys(source.split(" · ")[0] for source in public.sources))
    return (
        f"{public.where} = {public.value}, given by {len(public.sources)} printed "
        f"number{'s' if len(public.sources) != 1 else ''} of {', '.join(editions)}"
    )


def years_mode() -> None:
    """One line per report year: can it be published, what is hidden, how long it takes."""
    size = prepare()
    print(
        f"database: {connection.vendor}; register: {size:,} cases; runs per year: {args.runs}; "
        + ("each publishable year published in turn" if args.publish else "nothing published")
    )
    with transaction.atomic():
        _years_table()
        transaction.set_rollback(True)


def _years_table() -> None:
    from tallrapport.accounts.models import Role, User
    from tallrapport.disclosure import Status
    from tallrapport.reports.build import build_report
    from tallrapport.reports.services import edition_publish

    analyst = User.objects.filter(role=Role.ANALYST).order_by("pk").first()
    if args.publish and analyst is None:
        raise SystemExit("no analyst in the register to publish as")
    years = year_range(args.years)
    header = (
        f"{'year':>4} {'publishable':>11} {'primary':>7} {'secondary':>9} {'public':>6} "
        f"{'hidden':>6} {'adv rows':>8} {'adv *':>5} {'env rows':>8} {'env *':>5} "
        f"{'build s':>7}"
    )
    print(header, flush=True)
    notes: list[str] = []
    for year in years:
        times = []
        report = None
        for _run in range(args.runs):
            started = time.perf_counter()
            report = build_report(year=year)
            times.append(time.perf_counter() - started)
        if report is None:
            raise SystemExit("--runs must be at least 1")
        protection = report.protection
        publishable = report.safe and not report.unprotectable
        primary = protection.count(Status.PRIMARY) if protection is not None else 0
        secondary = protection.count(Status.SECONDARY) if protection is not None else 0
        countries = [country_figures(report, scheme) for scheme, _name in COUNTRY_SCHEMES]
        print(
            f"{year:>4} {'yes' if publishable else 'NO':>11} {primary:>7} {secondary:>9} "
            f"{len(report.public):>6} {report.hidden_count:>6} "
            f"{countries[0][0]:>8} {countries[0][2]:>5} {countries[1][0]:>8} "
            f"{countries[1][2]:>5} {statistics.median(times):>7.2f}",
            flush=True,
        )
        notes += _year_notes(year, report, countries)
        if args.publish and publishable and analyst is not None:
            notes.append(_publish_note(year, analyst, edition_publish))
    print()
    print("rows = named countries + «Øvrige land» + total; * = hidden cells of the whole table")
    for note in notes:
        print(note)


def _year_notes(year: int, report: Any, countries: list[tuple[int, int, int]]) -> list[str]:
    """What the table's line cannot say: named countries, failures, public counts."""
    notes = [
        f"{year} {scheme}: {named} named countries"
        for (scheme, _name), (rows, named, _stars) in zip(COUNTRY_SCHEMES, countries, strict=True)
        if rows
    ]
    if not report.safe:
        notes.append(f"{year}: audit not safe")
    notes += [f"{year} unprotectable: {line}" for line in report.unprotectable]
    notes += [f"{year} already public: {_public_note(public)}" for public in report.public]
    return notes


def _publish_note(year: int, analyst: Any, edition_publish: Any) -> str:
    """Publish the year as the analyst, and say how it went."""
    try:
        edition = edition_publish(year=year, user=analyst)
    except ValidationError as error:
        return f"{year} publishing refused: {'; '.join(error.messages)}"
    return f"{year} published as {edition.title}"


def main() -> None:
    if args.years is not None:
        years_mode()
        return
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
