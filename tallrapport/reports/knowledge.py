"""What a reader already holds: the earlier editions, and what they mean for a new report.

Every published edition (the transcribed historical reports and the app's
own) is knowledge the protection must respect. Today that knowledge enters in
three ways: cells an edition printed with the number the register still has
are held fixed as published; countries an edition named for a register year
stay named; and what an edition printed for a position is kept, so that a
changed number is marked revised. Years the register does not cover are read
from the newest edition that printed them.

This module reads editions and turns them into those terms; it decides
nothing about the protection itself (see :mod:`.protect`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

from tallrapport.disclosure import Problem, cell_index
from tallrapport.reports.catalogue import HISTORY_TABLES, TABLE_BY_KEY, History, problem_labels
from tallrapport.reports.history import OTHERS_ROW
from tallrapport.reports.models import Edition, EditionCell, EditionSource

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


def fixed_cells(
    problem: Problem, earlier: Sequence[EditionCell], register: Mapping[str, Sequence[str]]
) -> list[dict[str, str]]:
    """Positions an earlier edition printed with the number the register still has."""
    values = problem.layout.values
    fixed: dict[int, dict[str, str]] = {}
    for cell in earlier:
        definition = TABLE_BY_KEY.get(cell.table)
        if cell.value is None or definition is None or cell.row == OTHERS_ROW:
            continue
        if definition.column_dim == "year" and cell.column not in register.get(cell.scheme, []):
            continue
        labels = problem_labels(definition, cell.scheme, cell.row, cell.column)
        if definition.column_dim != "year":
            # A report-year table of that edition: its year is the edition's.
            labels["year"] = str(cell.edition.year)
        try:
            index = cell_index(problem, labels)
        except KeyError:
            continue  # a position this report does not print
        if int(values[index]) == cell.value:
            fixed[index] = labels
    return list(fixed.values())


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
