"""Import of an advisor's spreadsheet: dry run (preview) and import of N rows.

A synthetic XLSX file of ``--rows`` cases (20,000 by default) as advisors keep
them: dates as date cells, text and Excel serial numbers, old category names
and abbreviations, a few country typos, and about one row in a hundred that
cannot be imported. Each run reads the file, plans it (every row through the
same rules as the form) and, for the import, writes it in one transaction
through ``case_register_many`` with an audit entry per case, for a fresh unit
(so that no row was imported before). Then the same file again, which must
create nothing. Medians of ``--runs`` runs, in a fresh test database: a new
SQLite file, or beside the database of ``DATABASE_URL`` (PostgreSQL):

    SECRET_KEY=x .venv/bin/python bench/import_bench.py
    SECRET_KEY=x .venv/bin/python bench/import_bench.py --rows 2000 --runs 1
"""

from __future__ import annotations

import argparse
import datetime
import io
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tallrapport.settings")
os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment, teardown_test_environment  # noqa: E402
from openpyxl import Workbook  # noqa: E402

T = TypeVar("T")
Times = dict[str, list[float]]

CATEGORIES = [
    "Negativ sosial kontroll",
    "Ekstrem kontroll",
    "NSK",
    "Trusler/vold",
    "Frykt for TVE",
    "Frykt for tvangsekteskap",
    "Gjennomført TVE",
    "Frykt for KLL",
    "Etterlatt i utlandet",
    "Frykt for ufrivillig opphold i utlandet",
]
COUNTRIES = ["Somalia", "Irak", "Syria", "Pakistan", "Afghanistan", "Eritrea", "Tyrkia", "Iran"]
COUNTRIES += ["Norge", "Polen", "Somlia", "Afganistan", "Ukjent"]
SOURCES = ["Lærer", "Den utsatte selv", "Helsesøster", "Venner", "Familie", "Barnevernet"]
GENDERS = ["Jente", "Gutt", "jente", "gutt", "Ukjent"]
AGES = ["Under 18", "18 år og over", "u18", "16", "17", "19"]


def synthetic_sheet(rows: int, *, seed: int = 2026) -> bytes:
    """An XLSX file of ``rows`` cases, two years back from last year."""
    rng = random.Random(seed)
    last = datetime.date(datetime.date.today().year - 1, 12, 31)
    first = datetime.date(last.year - 1, 1, 1)
    span = (last - first).days
    book = Workbook()
    sheet = book.create_sheet("Saker", 0)
    del book["Sheet"]
    sheet.title = "Saker"
    sheet.append(["Saker – synthetic"])
    sheet.append(["Dato", "Kategori", "Kjønn", "Alder", "Landbakgrunn", "Meldt av"])
    for number in range(rows):
        day = first + datetime.timedelta(days=rng.randrange(span))
        form = number % 3
        written: object = (
            day
            if form == 0
            else day.strftime("%d.%m.%Y")
            if form == 1
            else (day - datetime.date(1899, 12, 30)).days
        )
        category = rng.choice(CATEGORIES) if number % 100 else "Ukjent kategori"
        sheet.append(
            [
                written,
                category,
                rng.choice(GENDERS),
                rng.choice(AGES),
                rng.choice(COUNTRIES),
                rng.choice(SOURCES),
            ]
        )
    sheet.append(["Sum", rows])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _read(content: bytes) -> tuple[Any, Any]:
    from tallrapport.cases.imports.services import default_choices, read_sheets

    sheets = read_sheets(content, "xlsx")
    choices = default_choices(sheets, "saker", None)
    choices.fixed["guided"] = "utsatt"  # the sheet has no such column: one value for all
    return sheets[0], choices


def _timed(step: str, times: Times, cpu: Times, work: Callable[[], T]) -> T:
    start, started = time.perf_counter(), time.process_time()
    result = work()
    times[step].append(time.perf_counter() - start)
    cpu[step].append(time.process_time() - started)
    return result


def run(rows: int, runs: int) -> tuple[Times, Times]:
    """Preview, import and import again, each run for a fresh unit; wall and CPU seconds."""
    from tallrapport.cases.imports.services import ImportResult, import_apply, import_plan
    from tallrapport.cases.models import Case
    from tests.factories import UnitFactory, advisor_at

    content = synthetic_sheet(rows)
    times: Times = {"preview": [], "import": [], "again": []}
    cpu: Times = {"preview": [], "import": [], "again": []}
    created: list[int] = []
    for number in range(runs):
        unit = UnitFactory(name=f"Benkskolen {number} videregående skole")
        advisor = advisor_at(unit, username=f"benk{number}")

        def preview(unit: Any = unit, advisor: Any = advisor) -> object:
            sheet, choices = _read(content)
            return import_plan(user=advisor, unit=unit, kind="saker", sheet=sheet, choices=choices)

        def load(unit: Any = unit, advisor: Any = advisor) -> ImportResult:
            sheet, choices = _read(content)
            return import_apply(
                user=advisor, unit=unit, kind="saker", sheet=sheet, choices=choices, digest=None
            )

        _timed("preview", times, cpu, preview)
        created.append(_timed("import", times, cpu, load).created)
        if _timed("again", times, cpu, load).created:
            raise SystemExit("the second import of the same file created cases")
    if Case.objects.count() != sum(created):
        raise SystemExit("the number of cases does not match the rows imported")
    print(f"rows created per run: {created} of {rows}")
    return times, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    setup_test_environment()
    if connection.vendor == "sqlite":
        # A fresh file, not the test runner's in-memory database: as the product runs.
        scratch = tempfile.mkdtemp(prefix="import-bench-")
        connection.settings_dict.setdefault("TEST", {})["NAME"] = f"{scratch}/bench.sqlite3"
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        times, cpu = run(args.rows, args.runs)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()
    for name, label in (
        ("preview", "preview (read + dry run)"),
        ("import", "import (read + dry run + write)"),
        ("again", "same file again (creates nothing)"),
    ):
        values = ", ".join(f"{t:.1f}" for t in times[name])
        print(
            f"{label} of {args.rows} rows on {connection.vendor}: "
            f"median {statistics.median(times[name]):.1f} s (runs: {values}); "
            f"CPU time of this process: median {statistics.median(cpu[name]):.1f} s"
        )


if __name__ == "__main__":
    main()
