"""The published history (IMDi's reports, transcribed cell by cell) as targets for
the demo register.

``reports/data/published_tables.csv`` and ``published_facts.csv`` are the product's
own copies of the public figures. For every year the *latest* edition that
prints it is the truth (figures are revised when late registrations come in:
the diversity advisors' 2019 total is 535 in the 2019 report and 542 in the
2023 report). Old labels are mapped to today's levels through the aliases that
the classifications migration loaded (Etterlatt i utlandet → Ufrivillig
opphold i utlandet).

The reports are not internally consistent, and each inconsistency is resolved
here, explicitly, and recorded in ``Column.notes``:

* ``*`` means a hidden count of 1–5 *or*, in the 2023 report's category table,
  "the category did not exist yet" (Tvunget til å forbli i ekteskap and the two
  child-marriage categories are starred for 2019–2021 and printed as 0 for 2022;
  the 2019 column has 1 case for 5 stars). A star on a category that was not
  valid in that year is therefore 0.
* In a country column whose printed cells already add up to the total, a star
  means "folded into Øvrige land" (the 2023 report's envoy columns for 2019 and
  2020): the starred country gets 1–5 cases taken out of Øvrige land.
* Where the hidden remainder is smaller than the number of stars (diversity
  advisors 2019: 1 case, stars on Frykt for kjønnslemlestelse and Frykt for
  tvangsekteskap og kjønnslemlestelse), the older edition's printed value
  decides (2019 report: 1 and 0), so one star becomes 0.
* "absent" cells (a category not printed, or unreadable in the source) are 0.
* A column whose printed cells exceed its total (2019 report, diversity
  advisors' countries, 2018: +63) cannot be reproduced; it lies before the
  register's first year and is rejected if ever asked for.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parents[1] / "reports" / "data"
TOTAL_ROWS = frozenset({"Totalt", "Total"})
OTHER_ROWS = frozenset({"Øvrige land", "Andre land"})
HIDDEN = "*"
ABSENT = "absent"
HIDDEN_MAX = 5
CATEGORY_TABLE = "kategori"
COUNTRY_TABLE = "landbakgrunn"
# The key under which a resolved country column keeps its unnamed remainder.
OTHERS = "__ovrige__"


@dataclass(frozen=True)
class Cell:
    publication: str
    scheme: str
    table: str
    row: str
    year: int
    value: int | None
    flag: str
    note: str

    @property
    def edition_year(self) -> int:
        return edition_year(self.publication)


@dataclass(frozen=True)
class Fact:
    publication: str
    scheme: str
    year: int
    subject: str
    breakdown: str
    value: int
    unit: str


@dataclass
class Column:
    """One resolved column: today's code → count, and the number it must sum to.

    For a country column ``counts[OTHERS]`` is what "Øvrige land" leaves for the
    countries the report does not name; ``named`` lists the codes it names.
    """

    publication: str
    scheme: str
    table: str
    year: int
    total: int
    counts: dict[str, int]
    hidden: set[str] = field(default_factory=set)
    folded: set[str] = field(default_factory=set)
    named: set[str] = field(default_factory=set)
    notes: list[str] = field(default_factory=list)


def edition_year(publication: str) -> int:
    """Editions are named like ``tallrapportering-2023``; the suffix orders them."""
    return int(publication.rsplit("-", 1)[1])


@cache
def read_tables() -> tuple[Cell, ...]:
    with (DATA_DIR / "published_tables.csv").open(encoding="utf-8", newline="") as handle:
        return tuple(
            Cell(
                publication=row["publication"],
                scheme=row["scheme"],
                table=row["table"],
                row=row["row"],
                year=int(row["year"]),
                value=int(row["value"]) if row["value"] else None,
                flag=row["flag"],
                note=row["note"],
            )
            for row in csv.DictReader(handle)
        )


@cache
def read_facts() -> tuple[Fact, ...]:
    with (DATA_DIR / "published_facts.csv").open(encoding="utf-8", newline="") as handle:
        return tuple(
            Fact(
                publication=row["publication"],
                scheme=row["scheme"],
                year=int(row["year"]),
                subject=row["subject"],
                breakdown=row["breakdown"],
                value=int(row["value"]),
                unit=row["unit"],
            )
            for row in csv.DictReader(handle)
        )


def latest_edition(scheme: str, table: str, year: int) -> str | None:
    """The newest publication that prints ``year`` in ``table`` for ``scheme``."""
    editions = {
        cell.publication
        for cell in read_tables()
        if cell.scheme == scheme and cell.table == table and cell.year == year
    }
    return max(editions, key=edition_year) if editions else None


def published_years(scheme: str) -> list[int]:
    return sorted({cell.year for cell in read_tables() if cell.scheme == scheme})


def column_cells(publication: str, scheme: str, table: str, year: int) -> list[Cell]:
    return [
        cell
        for cell in read_tables()
        if (cell.publication, cell.scheme, cell.table, cell.year)
        == (publication, scheme, table, year)
    ]


def _hints(
    scheme: str, table: str, year: int, exclude: str, names: Mapping[str, str]
) -> dict[str, int]:
    """What other editions printed for the same cells: a hidden cell in one
    edition may be a number in another, and then that number decides."""
    hints: dict[str, int] = {}
    for cell in read_tables():
        if (cell.scheme, cell.table, cell.year) != (scheme, table, year):
            continue
        if cell.publication == exclude or cell.value is None or cell.row not in names:
            continue
        hints[names[cell.row]] = cell.value
    return hints


def _fill_hidden(
    remainder: int, hidden: list[str], hints: Mapping[str, int], notes: list[str]
) -> dict[str, int]:
    """Hidden cells get the column's remainder, each 1–5 where the remainder allows."""
    if not hidden:
        if remainder:
            raise ValueError(f"column off by {remainder} with no hidden cell")
        return {}
    if remainder > HIDDEN_MAX * len(hidden):
        raise ValueError(f"{remainder} cannot hide in {len(hidden)} cells of at most 5")
    if remainder < len(hidden):
        return _fill_too_few(remainder, hidden, hints, notes)
    return _fill_each_at_least_one(remainder, hidden, hints)


def _fill_too_few(
    remainder: int, hidden: list[str], hints: Mapping[str, int], notes: list[str]
) -> dict[str, int]:
    """Not every star can be ≥ 1: prefer cells another edition shows as ≥ 1, and
    note which stars are left at 0."""
    values = dict.fromkeys(hidden, 0)
    order = sorted(hidden, key=lambda code: -hints.get(code, 1))
    for code in order[:remainder]:
        values[code] = 1
    zeros = [code for code in hidden if values[code] == 0]
    notes.append(
        f"{remainder} skjult(e) sak(er) på {len(hidden)} stjerner; satt til 0: " + ", ".join(zeros)
    )
    return values


def _fill_each_at_least_one(
    remainder: int, hidden: list[str], hints: Mapping[str, int]
) -> dict[str, int]:
    """Every star 1, then the rest first towards what another edition printed,
    then round-robin, never above 5."""
    values = dict.fromkeys(hidden, 1)
    left = remainder - len(hidden)
    for code in hidden:
        want = min(HIDDEN_MAX, hints.get(code, 0)) - values[code]
        take = max(0, min(want, left))
        values[code] += take
        left -= take
    while left:
        for code in hidden:
            if left and values[code] < HIDDEN_MAX:
                values[code] += 1
                left -= 1
    return values


def category_column(
    scheme: str,
    year: int,
    names: Mapping[str, str],
    valid_in_year: Mapping[str, bool],
) -> Column | None:
    """Category counts for one scheme and year, in today's category codes.

    ``names`` maps every printed label (name or alias) to a category code;
    ``valid_in_year`` says whether a code could be used in ``year`` for the
    scheme (a star on a category that did not exist is 0, not hidden).
    """
    publication = latest_edition(scheme, CATEGORY_TABLE, year)
    if publication is None:
        return None
    cells = column_cells(publication, scheme, CATEGORY_TABLE, year)
    total = _total(cells)
    column = Column(publication, scheme, CATEGORY_TABLE, year, total, {})
    hidden: list[str] = []
    for cell in cells:
        if cell.row in TOTAL_ROWS:
            continue
        code = names[cell.row]
        column.named.add(code)
        if cell.value is not None:
            column.counts[code] = column.counts.get(code, 0) + cell.value
        elif cell.flag == HIDDEN and valid_in_year.get(code, False):
            hidden.append(code)
        else:
            column.counts[code] = 0
            if cell.flag == HIDDEN:
                column.notes.append(f"{cell.row}: * for et år kategorien ikke fantes → 0")
            else:
                column.notes.append(f"{cell.row}: {cell.flag} ({cell.note or 'ikke trykt'}) → 0")
    remainder = total - sum(column.counts.values())
    if remainder < 0:
        raise ValueError(f"{publication} {scheme} {year}: printed cells exceed total")
    hints = _hints(scheme, CATEGORY_TABLE, year, publication, names)
    column.counts.update(_fill_hidden(remainder, hidden, hints, column.notes))
    column.hidden = set(hidden)
    return column


def country_column(scheme: str, year: int, names: Mapping[str, str]) -> Column | None:
    """Country counts for one scheme and year; ``counts[OTHERS]`` is left for the
    countries the report does not name."""
    publication = latest_edition(scheme, COUNTRY_TABLE, year)
    if publication is None:
        return None
    cells = column_cells(publication, scheme, COUNTRY_TABLE, year)
    total = _total(cells)
    column = Column(publication, scheme, COUNTRY_TABLE, year, total, {OTHERS: 0})
    hidden: list[str] = []
    for cell in cells:
        if cell.row in TOTAL_ROWS:
            continue
        if cell.row in OTHER_ROWS:
            column.counts[OTHERS] += cell.value or 0
            continue
        code = names[cell.row]
        column.named.add(code)
        if cell.value is not None:
            column.counts[code] = cell.value
        elif cell.flag == HIDDEN:
            hidden.append(code)
        else:
            column.counts[code] = 0
    remainder = total - sum(column.counts.values())
    if remainder < 0:
        raise ValueError(
            f"{publication} {scheme} {year}: printed cells exceed the total by {-remainder}"
        )
    hints = _hints(scheme, COUNTRY_TABLE, year, publication, names)
    if remainder == 0 and hidden:
        # The cells already add up: the stars were folded into Øvrige land.
        values = _fill_hidden(
            min(column.counts[OTHERS], max(len(hidden), sum(hints.get(c, 3) for c in hidden))),
            hidden,
            hints,
            column.notes,
        )
        column.counts[OTHERS] -= sum(values.values())
        column.folded = set(hidden)
        column.notes.append("* = lagt i Øvrige land: " + ", ".join(hidden))
    else:
        values = _fill_hidden(remainder, hidden, hints, column.notes)
    column.counts.update(values)
    column.hidden = set(hidden)
    return column


def _total(cells: list[Cell]) -> int:
    for cell in cells:
        if cell.row in TOTAL_ROWS and cell.value is not None:
            return cell.value
    raise ValueError("column without a printed total")


def facts_for(scheme: str, year: int) -> list[Fact]:
    """The facts printed for a year, newest edition first (the newest wins)."""
    return sorted(
        (fact for fact in read_facts() if fact.scheme == scheme and fact.year == year),
        key=lambda fact: -edition_year(fact.publication),
    )
