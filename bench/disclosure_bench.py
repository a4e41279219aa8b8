"""Benchmark of tallrapport.disclosure on tables shaped like a yearly report.

Run from the project root:

    python bench/disclosure_bench.py [--runs 5] [--only report|large] [--trials 5]

Two synthetic problems, drawn with a fixed seed so every run sees the same
counts. Both have about 900 cases a year, most in a few categories and
countries (Zipf-like weights), girls and under-18s in the majority and a small
"ukjent" in gender and age:

- ``report``: category 12 × country 60 × gender 3 × age 3 × year 5, the shape
  of one scheme's yearly report (32,400 inner cells);
- ``large``: category 12 × country 120 × gender 3 × age 3 × year 10 (129,600
  inner cells: four times the inner cells, 2.6 times the printed cells, twice
  the cases), the larger instance of DOMAIN.md, chosen so the figures compare
  with GaussSuppression's there.

Both print the tables category*year, country*year, gender*year, age*year,
category*gender*year and category*age*year. Times are medians over ``--runs``.

Two figures for issue 10 (the library's own; nothing here changes it):

- *repair share*: how many secondary cells the repair loop (LP audit, then
  hide a pinning cell) adds on top of those Gaussian elimination chose, as a
  percentage of the elimination's count (target at most 5 %);
- *stability*: add 1 to each of k random non-zero inner cells (k = 1, 5, 20;
  ``--trials`` draws per k from a fixed seed), protect the changed problem,
  and report the largest relative change of the secondary count against the
  unchanged problem (target at most 10 % for k up to 20).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tallrapport.disclosure import Dimension, Problem, Status, audit, protect

TABLES = (
    "category*year",
    "country*year",
    "gender*year",
    "age*year",
    "category*gender*year",
    "category*age*year",
)


@dataclass(frozen=True)
class Shape:
    """One benchmark problem's size."""

    name: str
    categories: int
    countries: int
    years: int
    cases_per_year: int = 900
    seed: int = 2024


SHAPES = (Shape("report", 12, 60, 5), Shape("large", 12, 120, 10))


def make_problem(shape: Shape) -> Problem:
    """Counts drawn like the real ones: skewed to a few categories and countries."""
    rng = np.random.default_rng(shape.seed)
    category_w = 1.0 / np.arange(1, shape.categories + 1) ** 1.3
    country_w = 1.0 / np.arange(1, shape.countries + 1) ** 1.2
    gender_w = np.array([0.68, 0.30, 0.02])
    age_w = np.array([0.72, 0.25, 0.03])
    dims = [
        Dimension("category", tuple(f"kategori {i + 1:02d}" for i in range(shape.categories))),
        Dimension("country", tuple(f"land {i + 1:03d}" for i in range(shape.countries))),
        Dimension("gender", ("jente", "gutt", "ukjent")),
        Dimension("age", ("under 18", "18 og over", "ukjent")),
        Dimension("year", tuple(str(2024 - shape.years + 1 + i) for i in range(shape.years))),
    ]
    freq = np.zeros((shape.categories, shape.countries, 3, 3, shape.years), dtype=np.int64)
    for year in range(shape.years):
        n = int(rng.poisson(shape.cases_per_year))
        category = rng.choice(shape.categories, n, p=category_w / category_w.sum())
        country = rng.choice(shape.countries, n, p=country_w / country_w.sum())
        gender = rng.choice(3, n, p=gender_w)
        age = rng.choice(3, n, p=age_w)
        np.add.at(freq, (category, country, gender, age, np.full(n, year)), 1)
    return Problem(dims, freq, TABLES)


PERTURB_SIZES = (1, 5, 20)
PERTURB_SEED = 10


def perturbed(problem: Problem, k: int, rng: np.random.Generator) -> Problem:
    """The same problem with 1 added to each of ``k`` random non-zero inner cells."""
    freq = problem.freq.copy()
    nonzero = np.flatnonzero(freq)
    chosen = rng.choice(nonzero, size=k, replace=False)
    freq.flat[chosen] += 1
    return Problem(problem.dimensions, freq, problem.tables)


def stability(problem: Problem, secondary: int, trials: int) -> dict[str, object]:
    """Largest relative change of the secondary count when small counts move a little."""
    rng = np.random.default_rng(PERTURB_SEED)
    out: dict[str, object] = {}
    worst_all = 0.0
    all_ok = True
    for k in PERTURB_SIZES:
        counts = []
        parts = []
        for _ in range(trials):
            result = protect(perturbed(problem, k, rng))
            total = result.count(Status.SECONDARY)
            counts.append(total)
            parts.append(f"{total} = {result.gauss_secondary}+{total - result.gauss_secondary}")
            all_ok = all_ok and result.ok
        worst = max(abs(c - secondary) / secondary for c in counts) if secondary else 0.0
        worst_all = max(worst_all, worst)
        out[f"  +1 in {k:2d} cells: secondary"] = (
            f"{min(counts)}–{max(counts)}; largest change {100 * worst:.1f} %"
        )
        out[f"    {k:2d} cells: elimination+repair"] = ", ".join(parts)
    out["stability: largest change % (≤ 10)"] = round(100 * worst_all, 1)
    out["  every perturbed problem protected"] = all_ok
    return out


def bench(shape: Shape, runs: int, trials: int) -> dict[str, object]:
    """Protect and audit ``runs`` times; also audit the reports' primary-only practice."""
    problem = make_problem(shape)
    protect_times: list[float] = []
    audit_times: list[float] = []
    patterns = set()
    safe = True
    for _ in range(runs):
        fresh = Problem(problem.dimensions, problem.freq, problem.tables)
        start = time.perf_counter()
        result = protect(fresh)
        protect_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        report = audit(fresh, result)
        audit_times.append(time.perf_counter() - start)
        patterns.add(result.status)
        safe = safe and report.safe and result.ok
    values = problem.layout.values
    primary_only = (values >= 1) & (values <= 5)
    start = time.perf_counter()
    practice = audit(problem, primary_only, floor=1)
    practice_time = time.perf_counter() - start
    secondary = result.count(Status.SECONDARY)
    added = secondary - result.gauss_secondary
    figures: dict[str, object] = {
        "problem": shape.name,
        "inner cells": int(problem.freq.size),
        "cases": int(problem.freq.sum()),
        "published cells": problem.layout.n_cells,
        "primary": result.count(Status.PRIMARY),
        "secondary": result.count(Status.SECONDARY),
        "  by elimination": result.gauss_secondary,
        "  by singleton loop": result.count(Status.SECONDARY) - result.gauss_secondary,
        "suppression s (median)": round(statistics.median(protect_times), 2),
        "audit s (median)": round(statistics.median(audit_times), 2),
        "audit passes": safe,
        "same pattern every run": len(patterns) == 1,
        "primary-only: exactly recoverable": len(practice.disclosed),
        "primary-only audit s": round(practice_time, 2),
        "repair adds % of elimination (≤ 5)": (
            round(100 * added / result.gauss_secondary, 1) if result.gauss_secondary else 0.0
        ),
    }
    if trials:
        figures.update(stability(problem, secondary, trials))
    return figures


def main() -> int:
    """Print one block of figures per problem."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", choices=[s.name for s in SHAPES])
    parser.add_argument(
        "--trials", type=int, default=5, help="perturbed problems per size (0: no stability)"
    )
    args = parser.parse_args()
    failed = False
    for shape in SHAPES:
        if args.only and shape.name != args.only:
            continue
        figures = bench(shape, args.runs, args.trials)
        for key, value in figures.items():
            print(f"{key:38} {value}")
        print()
        failed = failed or not figures["audit passes"]
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
