"""Command line: protect a CSV of counts, and audit a protected CSV.

    python -m tallrapport.disclosure protect INPUT.csv --freq COLUMN --table DIMS \\
        [--table DIMS ...] [--max-n 5] [--protect-zeros] [--fixed FILE.csv] \\
        [--known KNOWN.csv] [--not-sensitive DIM=LEVEL ...] --output OUT.csv
    python -m tallrapport.disclosure audit OUT.csv --input INPUT.csv --freq COLUMN \\
        [--known KNOWN.csv] [--max-n 5] [--protect-zeros] [--not-sensitive DIM=LEVEL ...]

KNOWN.csv holds sums of inner cells the reader already has that no table here
prints (an earlier edition's «other countries» with other members, say): a
``name`` column, a ``value`` column (empty when that edition hid the sum), an
optional ``at_least`` column (what the reader knows a hidden sum to be at
least) and one column per dimension with the levels summed, separated by
``|`` (empty or ``Total``: every level). A sensitive count the known sums and
``--fixed`` cells alone determine is reported as already public, not as a
failure.

Exit codes: 0 fine, 1 the audit found a disclosure (or a protected cell could
not be protected), 2 the input is wrong (the message names file, row and column).
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from tallrapport.disclosure.audit import AuditResult
from tallrapport.disclosure.knowledge import Public
from tallrapport.disclosure.primary import FrequencyRule
from tallrapport.disclosure.protection import Status, audit, cell_index, protect
from tallrapport.disclosure.tables import TOTAL, Dimension, KnownSum, Problem, TableSpec

OUTPUT_FIXED = ("table", "freq", "published", "status")


class InputError(Exception):
    """A problem with a file the user gave us, worded for that user."""


@dataclass(frozen=True)
class Counts:
    """The inner table read from INPUT.csv."""

    dims: tuple[str, ...]
    levels: tuple[tuple[str, ...], ...]
    cells: dict[tuple[str, ...], int]


def _read_rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            header = list(reader.fieldnames or [])
            rows = list(reader)
    except OSError as error:
        raise InputError(f"{path}: cannot read ({error.strerror})") from None
    except UnicodeDecodeError:
        raise InputError(f"{path}: not UTF-8 text") from None
    except csv.Error as error:
        raise InputError(f"{path}: not valid CSV ({error})") from None
    if not header:
        raise InputError(f"{path}: empty file, expected a header row")
    if len(set(header)) != len(header):
        raise InputError(f"{path}: the header repeats a column name")
    for number, row in enumerate(rows, start=2):
        if None in row:
            raise InputError(f"{path}, row {number}: more fields than header columns")
        for column in header:
            if row.get(column) is None:
                raise InputError(f"{path}, row {number}, column {column!r}: missing field")
    return header, rows


def _whole(path: Path, number: int, column: str, text: str) -> int:
    value = text.strip()
    if not value.isdigit():
        raise InputError(
            f"{path}, row {number}, column {column!r}: {text!r} is not a whole number >= 0"
        )
    return int(value)


def read_counts(path: Path, freq: str) -> Counts:
    """Read one row per inner cell; every column but ``freq`` is a dimension."""
    header, rows = _read_rows(path)
    if freq not in header:
        raise InputError(f"{path}: no column {freq!r} (columns: {', '.join(header)})")
    dims = tuple(c for c in header if c != freq)
    if not dims:
        raise InputError(f"{path}: no dimension columns besides {freq!r}")
    levels: list[dict[str, None]] = [{} for _ in dims]
    cells: dict[tuple[str, ...], int] = {}
    first_row: dict[tuple[str, ...], int] = {}
    for number, row in enumerate(rows, start=2):
        key = []
        for i, dim in enumerate(dims):
            label = row[dim].strip()
            if not label:
                raise InputError(f"{path}, row {number}, column {dim!r}: empty level")
            if label == TOTAL:
                raise InputError(
                    f"{path}, row {number}, column {dim!r}: {TOTAL!r} is reserved for margins"
                )
            levels[i].setdefault(label, None)
            key.append(label)
        value = _whole(path, number, freq, row[freq])
        cell = tuple(key)
        if cell in first_row:
            raise InputError(
                f"{path}, row {number}: same cell as row {first_row[cell]} "
                f"({', '.join(cell)}); give each inner cell once"
            )
        first_row[cell] = number
        cells[cell] = value
    if not cells:
        raise InputError(f"{path}: no data rows")
    return Counts(dims, tuple(tuple(lv) for lv in levels), cells)


def build_problem(counts: Counts, tables: Sequence[str], known: Sequence[KnownSum] = ()) -> Problem:
    """The problem of the given tables over the counts, with the reader's known sums."""
    specs = []
    for text in tables:
        try:
            spec = TableSpec.parse(text)
        except ValueError as error:
            raise InputError(f"--table {text!r}: {error}") from None
        for dim in spec.dims:
            if dim not in counts.dims:
                raise InputError(
                    f"--table {text!r}: no input column {dim!r} "
                    f"(dimensions: {', '.join(counts.dims)})"
                )
        specs.append(spec)
    dimensions = [Dimension(d, lv) for d, lv in zip(counts.dims, counts.levels, strict=True)]
    try:
        problem = Problem.from_counts(dimensions, counts.cells, specs, known)
        problem.layout  # noqa: B018 - a known sum the counts contradict is found here
        return problem
    except ValueError as error:
        raise InputError(f"--known: {error}") from None


def read_known(path: Path, counts: Counts) -> list[KnownSum]:
    """The reader's known sums from KNOWN.csv (format in the module docstring)."""
    header, rows = _read_rows(path)
    for column in ("name", "value", *counts.dims):
        if column not in header:
            raise InputError(f"{path}: no column {column!r}")
    levels_of = dict(zip(counts.dims, counts.levels, strict=True))
    known = []
    for number, row in enumerate(rows, start=2):
        levels: dict[str, tuple[str, ...]] = {}
        for dim in counts.dims:
            text = row[dim].strip()
            if not text or text == TOTAL:
                continue
            parts = tuple(part.strip() for part in text.split("|"))
            for part in parts:
                if part not in levels_of[dim]:
                    raise InputError(
                        f"{path}, row {number}, column {dim!r}: unknown level {part!r}"
                    )
            levels[dim] = parts
        value_text = row["value"].strip()
        value = _whole(path, number, "value", value_text) if value_text else None
        floor_text = (row.get("at_least") or "").strip()
        at_least = _whole(path, number, "at_least", floor_text) if floor_text else 0
        name = row["name"].strip() or f"{path.name} row {number}"
        known.append(KnownSum(name, levels, value, at_least))
    return known


def _not_sensitive(pairs: Sequence[str]) -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    for pair in pairs:
        dim, sep, level = pair.partition("=")
        if not sep or not dim.strip() or not level.strip():
            raise InputError(f"--not-sensitive {pair!r}: expected DIM=LEVEL")
        out[dim.strip()] = (*out.get(dim.strip(), ()), level.strip())
    return out


def _print_public(public: Sequence[Public]) -> None:
    for item in public:
        print(f"already public: {item}")


def _labels_of(path: Path, number: int, row: dict[str, str], problem: Problem) -> list[str]:
    labels = []
    for dim in problem.dimensions:
        if dim.name not in row:
            raise InputError(f"{path}: no column {dim.name!r}")
        label = row[dim.name].strip()
        if label != TOTAL and label not in dim.labels:
            raise InputError(f"{path}, row {number}, column {dim.name!r}: unknown level {label!r}")
        labels.append(label)
    return labels


def read_fixed(path: Path, problem: Problem) -> list[list[str]]:
    """Cells that a file in the OUT.csv format marks ``shown``."""
    header, rows = _read_rows(path)
    for column in ("status", *(d.name for d in problem.dimensions)):
        if column not in header:
            raise InputError(f"{path}: no column {column!r}")
    fixed = []
    for number, row in enumerate(rows, start=2):
        if row["status"].strip() != Status.SHOWN.value:
            continue
        labels = _labels_of(path, number, row, problem)
        try:
            cell_index(problem, labels)
        except KeyError:
            raise InputError(
                f"{path}, row {number}: no table prints the cell ({', '.join(labels)})"
            ) from None
        fixed.append(labels)
    return fixed


def run_protect(args: argparse.Namespace) -> int:
    """Protect INPUT.csv and write OUT.csv."""
    counts = read_counts(Path(args.input), args.freq)
    known = read_known(Path(args.known), counts) if args.known else []
    problem = build_problem(counts, args.table, known)
    fixed = read_fixed(Path(args.fixed), problem) if args.fixed else []
    result = protect(
        problem,
        max_n=args.max_n,
        protect_zeros=args.protect_zeros,
        fixed=fixed,
        not_sensitive=_not_sensitive(args.not_sensitive),
    )
    output = Path(args.output)
    with output.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["table", *counts.dims, "freq", "published", "status"])
        for row in result.rows():
            published = "" if row.published is None else str(row.published)
            writer.writerow([row.table, *row.labels, row.freq, published, row.status.value])
    print(
        f"{result.layout.n_cells} cells: {result.count(Status.PRIMARY)} primary, "
        f"{result.count(Status.SECONDARY)} secondary, {result.count(Status.SHOWN)} shown "
        f"-> {output}"
    )
    _print_public(result.public)
    for problem_cell in result.unprotectable:
        print(f"NOT PROTECTED: {problem_cell}", file=sys.stderr)
    return 0 if result.ok else 1


def run_audit(args: argparse.Namespace) -> int:
    """Bound every hidden cell of OUT.csv; exit 1 on any disclosure or wrong number."""
    out_path = Path(args.output_file)
    counts = read_counts(Path(args.input), args.freq)
    header, rows = _read_rows(out_path)
    for column in (*OUTPUT_FIXED, *counts.dims):
        if column not in header:
            raise InputError(f"{out_path}: no column {column!r}")
    tables = list(dict.fromkeys(row["table"].strip() for row in rows))
    if not tables:
        raise InputError(f"{out_path}: no data rows")
    known = read_known(Path(args.known), counts) if args.known else []
    problem = build_problem(counts, tables, known)
    layout = problem.layout
    file = _read_printed(out_path, rows, problem)
    hidden = np.array([not file.printed.get(c, False) for c in range(layout.n_cells)], dtype=bool)
    result = audit(
        problem,
        hidden,
        max_n=args.max_n,
        protect_zeros=args.protect_zeros,
        not_sensitive=_not_sensitive(args.not_sensitive),
    )
    _print_intervals(result, file.where)
    _print_public(result.public)
    rule = FrequencyRule(args.max_n, args.protect_zeros, _not_sensitive(args.not_sensitive))
    problems = file.problems + _small_printed(file, result, rule(problem, layout), layout.values)
    for message in problems:
        print(f"ERROR {message}")
    print(
        f"{len(result.intervals)} hidden cells, {len(result.disclosed)} exactly determined "
        f"(reader knows hidden cells >= {result.floor}); "
        f"{len(problems)} inconsistencies"
    )
    return 0 if result.safe and not problems else 1


@dataclass
class _PrintedFile:
    """What a protected file prints, per cell, and where; and what it gets wrong."""

    printed: dict[int, bool]
    where: dict[int, str]
    problems: list[str]


def _read_printed(out_path: Path, rows: list[dict[str, str]], problem: Problem) -> _PrintedFile:
    values = problem.layout.values
    file = _PrintedFile({}, {}, [])
    for number, row in enumerate(rows, start=2):
        labels = _labels_of(out_path, number, row, problem)
        try:
            cell = cell_index(problem, labels)
        except KeyError:
            raise InputError(
                f"{out_path}, row {number}: no table prints the cell ({', '.join(labels)})"
            ) from None
        text = row["published"].strip()
        shown = bool(text)
        if cell in file.printed and file.printed[cell] != shown:
            file.problems.append(
                f"row {number}: the cell ({', '.join(labels)}) is printed in one place "
                f"and hidden in another ({file.where[cell]})"
            )
            shown = True  # printed anywhere means the reader has it
        if shown:
            value = _whole(out_path, number, "published", text)
            if value != int(values[cell]):
                file.problems.append(
                    f"row {number}: ({', '.join(labels)}) published {value}, "
                    f"but the input gives {int(values[cell])}"
                )
        file.printed[cell] = file.printed.get(cell, False) or shown
        file.where.setdefault(cell, f"{row['table']} row {number}")
    return file


def _print_intervals(result: AuditResult, where: dict[int, str]) -> None:
    disclosed = {i.cell for i in result.disclosed}
    for interval in result.intervals:
        if interval.cell not in where:
            continue  # a known sum, not a cell of this file
        mark = "ok"
        if interval.public:
            mark = "determined (already public)" if interval.determined else "ok"
        elif interval.determined:
            mark = "DETERMINED" if interval.cell in disclosed else "determined (not sensitive)"
        print(
            f"{where[interval.cell]}: ({', '.join(interval.labels)}) "
            f"in [{_number(interval.lower)}, {_number(interval.upper)}]  {mark}"
        )


def _small_printed(
    file: _PrintedFile,
    result: AuditResult,
    sensitive: npt.NDArray[np.bool_],
    values: npt.NDArray[np.int64],
) -> list[str]:
    """Printed counts the rule hides, unless an earlier number gives them already."""
    public = {p.cell for p in result.public}
    return [
        f"{file.where[cell]}: a count of {int(values[cell])} is printed, "
        "and no earlier number gives it"
        for cell, shown in file.printed.items()
        if shown and sensitive[cell] and cell not in public
    ]


def _number(value: float) -> str:
    if not np.isfinite(value):
        return "inf"
    rounded = round(value)
    return str(rounded) if abs(value - rounded) < 1e-6 else f"{value:.3f}"


def parser() -> argparse.ArgumentParser:
    """The argument parser for both commands."""
    top = argparse.ArgumentParser(
        prog="python -m tallrapport.disclosure",
        description="Primary and secondary suppression of linked frequency tables, with an audit.",
    )
    commands = top.add_subparsers(dest="command", required=True)
    p = commands.add_parser("protect", help="choose which cells to hide")
    p.add_argument("input", metavar="INPUT.csv")
    p.add_argument("--freq", required=True, metavar="COLUMN")
    p.add_argument("--table", required=True, action="append", metavar="DIMS")
    p.add_argument("--max-n", type=int, default=5, dest="max_n")
    p.add_argument("--protect-zeros", action="store_true", dest="protect_zeros")
    p.add_argument("--fixed", metavar="FILE.csv")
    p.add_argument("--output", required=True, metavar="OUT.csv")
    a = commands.add_parser("audit", help="bound every hidden cell of a protected file")
    a.add_argument("output_file", metavar="OUT.csv")
    a.add_argument("--input", required=True, metavar="INPUT.csv")
    a.add_argument("--freq", required=True, metavar="COLUMN")
    a.add_argument("--max-n", type=int, default=5, dest="max_n")
    a.add_argument("--protect-zeros", action="store_true", dest="protect_zeros")
    for command in (p, a):
        command.add_argument("--known", metavar="KNOWN.csv", help="sums the reader already has")
        command.add_argument(
            "--not-sensitive",
            action="append",
            default=[],
            metavar="DIM=LEVEL",
            dest="not_sensitive",
            help="a level whose small counts identify nobody (e.g. gender=unknown)",
        )
    return top


def main(argv: Sequence[str] | None = None) -> int:
    """Run a command; return the exit code."""
    args = parser().parse_args(argv)
    try:
        if args.command == "protect":
            return run_protect(args)
        return run_audit(args)
    except InputError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
