"""What a reader already holds: the earlier editions, and what they mean for a new report.

Every published edition (the transcribed historical reports and the app's
own) is knowledge the protection must respect. It enters in three ways: every
column an edition printed becomes equations over the report's inner cells
(:func:`edition_knowledge`); countries an edition named for a register year
stay named; and what an edition printed for a position is kept, so that a
changed number is marked revised. Years the register does not cover are read
from the newest edition that printed them.

This module reads editions and turns them into those terms; it decides
nothing about the protection itself (see :mod:`.protect`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from tallrapport.disclosure import Dimension, KnownSum, Problem
from tallrapport.reports.catalogue import HISTORY_TABLES, TABLE_BY_KEY, History
from tallrapport.reports.history import OTHERS_ROW, TOTAL_ROW
from tallrapport.reports.models import Edition, EditionCell, EditionSource
from tallrapport.reports.report import TableDef
from tallrapport.stats import selectors as stats

PreviousValues = dict[tuple[str, str, str], list[tuple[str, int]]]
"""(table, row, column) → [(edition title, printed value)], for revision marks."""


def reference_editions(year: int) -> list[Edition]:
    """The editions a report for ``year`` is held to: every published report but
    the historical edition of ``year`` itself, which this report replaces."""
    return list(
        Edition.objects.exclude(source=EditionSource.HISTORICAL, year=year).order_by(
            "year", "published_at", "slug"
        )
    )


def edition_cells(editions: Sequence[Edition], schemes: Iterable[str]) -> list[EditionCell]:
    """Every cell the editions printed for the schemes, oldest edition first."""
    return list(
        EditionCell.objects.filter(edition__in=editions, scheme__in=list(schemes))
        .select_related("edition")
        .order_by("edition__year", "edition__published_at")
    )


def countries_named_before(
    earlier: Sequence[EditionCell],
    register: Mapping[str, Sequence[str]],
    countries: Sequence[str],
) -> dict[str, set[str]]:
    """Countries an earlier edition printed for a register year, per scheme.

    Their cells are public, so they stay named and are held as published.
    """
    must_name: dict[str, set[str]] = defaultdict(set)
    for cell in earlier:
        if (
            cell.table == "landbakgrunn"
            and cell.column in register[cell.scheme]
            and cell.value is not None
            and cell.row in countries
        ):
            must_name[cell.scheme].add(cell.row)
    return must_name


@dataclass(frozen=True)
class _Printed:
    """One row of an earlier edition's column, as a sum over today's levels."""

    name: str
    levels: dict[str, tuple[str, ...]]
    value: int | None


def edition_knowledge(
    problem: Problem,
    earlier: Sequence[EditionCell],
    tables: Mapping[str, TableDef] = TABLE_BY_KEY,
) -> list[KnownSum]:
    """Every earlier edition as equations over the report's inner cells.

    Each column an edition printed is read whole: every printed cell, its
    «Øvrige land» with *that* edition's members, its total, the levels it
    had no row for (zero in that edition: its rows added up to its total),
    and every hidden cell as at least 1 where that edition printed zeros.

    A number revised since is no longer true of the register. The change
    between editions is itself a count (cases registered or corrected since),
    and a reader learns it wherever both numbers are printed; so when every
    other row of its column and the total are cells of this report, the
    reader can compute today's value, and it is held at that value (never as
    a source of public counts). Otherwise the reader has only a number of a
    register that no longer is, and it is left out.
    """
    names = _Names()
    zeros_printed = {c.edition_id for c in earlier if c.value == 0}
    current = set(problem.layout.keys)
    groups: dict[tuple[object, str, str, str], list[EditionCell]] = defaultdict(list)
    for cell in earlier:
        groups[(cell.edition_id, cell.scheme, cell.table, cell.column)].append(cell)
    known: list[KnownSum] = []
    for cells in groups.values():
        rows = _column_rows(problem, cells, tables, names)
        if not rows:
            continue
        is_current = [problem.known_key(KnownSum(row.name, row.levels)) in current for row in rows]
        at_least = 1 if cells[0].edition_id in zeros_printed else 0
        for i, row in enumerate(rows):
            item = KnownSum(row.name, row.levels)
            today = problem.sum_of(item)
            if row.value is None:
                if at_least and today >= at_least:
                    known.append(KnownSum(row.name, row.levels, None, at_least))
            elif row.value == today:
                known.append(KnownSum(f"{row.name} = {row.value}", row.levels, today))
            elif all(is_current[:i] + is_current[i + 1 :]):
                known.append(
                    KnownSum(
                        f"{row.name} = {row.value}, nå {today}", row.levels, today, as_printed=False
                    )
                )
    return known


def _column_rows(
    problem: Problem,
    cells: Sequence[EditionCell],
    tables: Mapping[str, TableDef],
    names: _Names,
) -> list[_Printed]:
    """One edition column's rows over today's levels; [] when it is not about this report."""
    definition = tables.get(cells[0].table)
    where = _column_of(problem, cells[0], definition, names)
    if definition is None or where is None:
        return []
    base, title = where
    row_dim = problem.dimension(definition.row_dim)
    # A group row (competence-building assignments) is no part of the column's sum.
    listed = {c.row for c in cells if c.row not in row_dim.groups}
    out = []
    for cell in cells:
        members = _members(row_dim, cell.row, listed)
        if members:
            label = cell.label or names(definition.row_dim, cell.row)
            out.append(_Printed(f"{title} · {label}", {**base, row_dim.name: members}, cell.value))
    unlisted = tuple(level for level in row_dim.levels if level not in listed)
    if unlisted and OTHERS_ROW not in listed and TOTAL_ROW in listed:
        # The edition's rows added up to its total: what it had no row for was none.
        out.append(_Printed(f"{title} · {_('uten egen rad')}", {**base, row_dim.name: unlisted}, 0))
    return out


def _column_of(
    problem: Problem, first: EditionCell, definition: TableDef | None, names: _Names
) -> tuple[dict[str, tuple[str, ...]], str] | None:
    """The levels a column of an edition fixes, and its name; None when not this problem's."""
    levels = {d.name: d.levels for d in problem.dimensions}
    if (
        definition is None
        or definition.row_dim not in levels
        or definition.column_dim not in levels
        or first.scheme not in levels["scheme"]
    ):
        return None  # another problem's table (the activities have two problems)
    year = first.column if definition.column_dim == "year" else str(first.edition.year)
    if year not in levels["year"]:
        return None
    base: dict[str, tuple[str, ...]] = {"scheme": (first.scheme,), "year": (year,)}
    column = first.column
    if definition.column_dim != "year":
        if column != TOTAL_ROW and column not in levels[definition.column_dim]:
            return None
        if column != TOTAL_ROW:
            base[definition.column_dim] = (column,)
        column = names(definition.column_dim, column)
    return base, f"{first.edition.title} · {definition.title} · {column}"


def _members(dimension: Dimension, row: str, listed: set[str]) -> tuple[str, ...]:
    """The levels a printed row sums: () for a level no case has in the register's years."""
    if row == TOTAL_ROW:
        return dimension.levels
    if row == OTHERS_ROW:
        return tuple(level for level in dimension.levels if level not in listed)
    if row in dimension.levels:
        return (row,)
    if row in dimension.groups:
        mask = dimension.mask(row)
        return tuple(level for i, level in enumerate(dimension.levels) if mask >> i & 1)
    return ()


def previous_values(scheme: str, year: int, earlier: Sequence[EditionCell]) -> PreviousValues:
    """What earlier editions printed per (table, row, column), to mark revisions."""
    previous: PreviousValues = defaultdict(list)
    for cell in earlier:
        # "Øvrige land" held other countries in every edition: not comparable.
        if cell.scheme != scheme or cell.value is None or cell.row == OTHERS_ROW:
            continue
        definition = TABLE_BY_KEY.get(cell.table)
        if definition is not None and definition.column_dim != "year" and cell.edition.year != year:
            continue  # a cross-table of another report year
        previous[(cell.table, cell.row, cell.column)].append((cell.edition.title, cell.value))
    return previous


def latest_history(
    scheme: str, table: str, year: int
) -> tuple[Edition, dict[str, EditionCell]] | None:
    """The newest edition that printed ``year`` in ``table``, and its cells by row."""
    cells = list(
        EditionCell.objects.filter(scheme=scheme, table=table, column=str(year))
        .select_related("edition")
        .order_by("-edition__year", "-edition__published_at")
    )
    if not cells:
        return None
    edition = cells[0].edition
    return edition, {c.row: c for c in cells if c.edition_id == edition.pk}


def history_of(scheme: str, years: Sequence[int], register: Sequence[str]) -> dict[str, History]:
    """Per history table, the newest edition's column for each year the register lacks."""
    out: dict[str, History] = {}
    for table in HISTORY_TABLES:
        out[table] = {
            y: found
            for y in years
            if str(y) not in register and (found := latest_history(scheme, table, y)) is not None
        }
    return out


class _Names:
    """Levels' Norwegian names for the analyst's list, read once per dimension."""

    def __init__(self) -> None:
        self._by_dimension: dict[str, dict[str, str]] = {}

    def __call__(self, dimension: str, code: str) -> str:
        if code == TOTAL_ROW:
            return _("Totalt")
        if code == OTHERS_ROW:
            return _("Øvrige land")
        if dimension not in self._by_dimension:
            try:
                self._by_dimension[dimension] = stats.labels(dimension)
            except ValueError:
                self._by_dimension[dimension] = {}
        return self._by_dimension[dimension].get(code, code)
