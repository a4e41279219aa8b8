"""Protect a problem: primary rule, Gaussian secondary suppression, then singletons.

Gaussian elimination makes sure no hidden cell is a linear combination of
printed ones. That is not enough when the reader also knows that counts are
non-negative and that every ``*`` is at least 1: a row "total 2 = shown 0 + *
+ *" gives both stars away although neither is in the printed span. Rather
than special-case every such pattern, we let the LP audit find the cells still
determined, read from its dual which printed cells pin each one, hide the one
of those we least want to print, and repeat until the audit finds nothing.
The loop only ever hides more, so it ends.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from tallrapport.disclosure.audit import (
    Attack,
    AuditResult,
    Disclosure,
    Seen,
    audit_intervals,
    find_disclosures,
)
from tallrapport.disclosure.primary import FrequencyRule, PrimaryRule, primary_cells
from tallrapport.disclosure.secondary import gauss_secondary
from tallrapport.disclosure.space import build_space
from tallrapport.disclosure.tables import (
    TOTAL,
    BoolArray,
    IntArray,
    Layout,
    Problem,
)


class Status(enum.StrEnum):
    """What happens to a published cell."""

    SHOWN = "shown"
    PRIMARY = "primary"
    SECONDARY = "secondary"


@dataclass(frozen=True)
class Unprotectable:
    """A sensitive cell that cannot be kept from the reader, and why."""

    cell: int
    labels: tuple[str, ...]
    value: int
    reason: str

    def __str__(self) -> str:
        where = ", ".join(self.labels)
        return f"cell ({where}) = {self.value} cannot be protected: {self.reason}"


@dataclass(frozen=True)
class CellRow:
    """One printed position with its outcome, ready for any renderer."""

    table: str
    labels: tuple[str, ...]
    cell: int
    freq: int
    published: int | None
    status: Status


@dataclass(frozen=True)
class Protection:
    """The outcome: one status per distinct published cell, and what could not be done."""

    problem: Problem
    status: tuple[Status, ...]
    unprotectable: tuple[Unprotectable, ...]
    floor: int
    max_n: int
    gauss_secondary: int = 0
    """How many secondary cells the elimination chose (the rest came from singletons)."""

    @property
    def layout(self) -> Layout:
        """The problem's published cells."""
        return self.problem.layout

    @property
    def hidden(self) -> BoolArray:
        """One flag per cell: True when the cell is not printed."""
        return np.array([s is not Status.SHOWN for s in self.status], dtype=bool)

    @property
    def ok(self) -> bool:
        """Whether every sensitive cell is protected."""
        return not self.unprotectable

    def count(self, status: Status) -> int:
        """How many distinct cells have this status."""
        return sum(1 for s in self.status if s is status)

    def rows(self) -> Iterator[CellRow]:
        """Every printed position of every table, in table order."""
        values = self.layout.values
        for row in self.layout.rows:
            status = self.status[row.cell]
            value = int(values[row.cell])
            shown = value if status is Status.SHOWN else None
            yield CellRow(row.table, row.labels, row.cell, value, shown, status)

    def status_of(self, labels: Mapping[str, str]) -> Status:
        """The status of the cell given by dimension → label (unnamed dimensions: Total)."""
        return self.status[cell_index(self.problem, labels)]


def cell_index(problem: Problem, labels: Mapping[str, str] | Sequence[str]) -> int:
    """Find the published cell for labels per dimension; KeyError if no table prints it."""
    dims = problem.dimensions
    if isinstance(labels, Mapping):
        unknown = set(labels) - {d.name for d in dims}
        if unknown:
            raise KeyError(f"unknown dimension {sorted(unknown)[0]!r}")
        ordered = [labels.get(d.name, TOTAL) for d in dims]
    else:
        ordered = list(labels)
        if len(ordered) != len(dims):
            raise KeyError(f"expected {len(dims)} labels, got {len(ordered)}")
    key = []
    for dim, label in zip(dims, ordered, strict=True):
        try:
            key.append(dim.mask(label))
        except KeyError:
            raise KeyError(f"{dim.name}: unknown label {label!r}") from None
    found = problem.layout.cell_of_key.get(tuple(key))
    if found is None:
        raise KeyError(f"no table prints the cell {tuple(ordered)!r}")
    return found


def canonical_labels(layout: Layout) -> list[tuple[str, ...]]:
    """One label tuple per cell: as the first table that prints it names it."""
    labels: list[tuple[str, ...] | None] = [None] * layout.n_cells
    for row in layout.rows:
        if labels[row.cell] is None:
            labels[row.cell] = row.labels
    return [lab if lab is not None else () for lab in labels]


def publish_order(layout: Layout, cells: IntArray) -> IntArray:
    """Cells in the order we prefer to print them: large first, then wide, then stable."""
    values = layout.values[cells]
    sizes = layout.sizes[cells]
    return cells[np.lexsort((cells, -sizes, -values))]


def protect(
    problem: Problem,
    *,
    max_n: int = 5,
    protect_zeros: bool = False,
    fixed: Iterable[Mapping[str, str] | Sequence[str]] = (),
    rules: Sequence[PrimaryRule] = (),
) -> Protection:
    """Choose which cells to hide so that no hidden cell can be computed.

    ``fixed`` cells (printed in an earlier edition) stay shown whatever it
    costs; a sensitive cell they give away is reported in
    ``Protection.unprotectable``, never raised. ``rules`` add to the frequency
    rule. The result depends on nothing but the input.
    """
    layout = problem.layout
    values = layout.values
    labels = canonical_labels(layout)
    primary = primary_cells(problem, layout, (FrequencyRule(max_n, protect_zeros), *tuple(rules)))
    is_fixed = np.zeros(layout.n_cells, dtype=bool)
    for spec in fixed:
        is_fixed[cell_index(problem, spec)] = True
    unprotectable = [
        Unprotectable(int(cell), labels[cell], int(values[cell]), "it is fixed as published")
        for cell in np.flatnonzero(primary & is_fixed).tolist()
    ]
    status = [
        Status.PRIMARY if is_primary else Status.SHOWN for is_primary in (primary & ~is_fixed)
    ]

    hidden = primary & ~is_fixed
    known_zero = (values == 0) & ~hidden
    space = build_space(problem, layout, known_zero)
    n_cons = space.consistency.shape[0]
    vectors = sp.csr_array(sp.vstack([space.consistency, space.cells]))
    eligible = ~hidden & ~is_fixed & ~known_zero
    candidates = publish_order(layout, np.flatnonzero(eligible))
    forced = np.concatenate(
        [np.arange(n_cons), publish_order(layout, np.flatnonzero(is_fixed)) + n_cons]
    )
    result = gauss_secondary(
        vectors,
        forced=forced.astype(np.int64),
        candidates=(candidates + n_cons).astype(np.int64),
        protected=(np.flatnonzero(hidden) + n_cons).astype(np.int64),
    )
    gauss_count = len(result.secondary)
    for row in result.secondary:
        status[row - n_cons] = Status.SECONDARY
        hidden[row - n_cons] = True
    given_away: set[int] = set()
    for row in result.lost:
        lost_cell = row - n_cons
        given_away.add(lost_cell)
        unprotectable.append(
            Unprotectable(
                lost_cell,
                labels[lost_cell],
                int(values[lost_cell]),
                "the fixed cells and printed zeros determine it",
            )
        )

    rank = np.empty(layout.n_cells, dtype=np.int64)
    order = publish_order(layout, np.arange(layout.n_cells))
    rank[order] = np.arange(layout.n_cells)
    shares = _sharing(space.cells)
    floor = 0 if (values[hidden] == 0).any() else 1
    attack = Attack(space, values, hidden, floor=floor)
    seen = Seen(layout.n_cells)
    while found := find_disclosures(attack, values, seen=seen, skip=given_away):
        for number, disclosure in enumerate(found):
            cell = disclosure.cell
            if number and not attack.determined(cell):
                continue  # an earlier choice in this round already freed it
            choice = _pick(attack, disclosure, eligible & ~hidden, shares, rank)
            if choice is None:
                given_away.add(cell)
                unprotectable.append(
                    Unprotectable(
                        cell,
                        labels[cell],
                        int(values[cell]),
                        "the fixed cells, printed zeros and non-negativity determine it",
                    )
                )
                continue
            hidden[choice] = True
            attack.hide(choice)
            status[choice] = Status.SECONDARY
    return Protection(problem, tuple(status), tuple(unprotectable), floor, max_n, gauss_count)


LOOKAHEAD = 8
"""How many pinning cells to try before settling for the one we least want to print."""


def _pick(
    attack: Attack,
    disclosure: Disclosure,
    allowed: BoolArray,
    shares: BoolArray,
    rank: IntArray,
) -> int | None:
    """Which printed cell to hide so that the disclosed cell is free again.

    Candidates are the cells whose equations pin it (LP duals), those that
    share unknowns with it first, each group from the cell we least want to
    print. We try a few: the first whose hiding actually frees the cell wins,
    which avoids hiding cells that only move the problem elsewhere.
    """
    cell = disclosure.cell
    pinning = [c for c in disclosure.certificate if allowed[c]]
    if not pinning:
        pinning = [int(c) for c in np.flatnonzero(shares[cell] & allowed)]
    if not pinning:
        return None
    pinning.sort(key=lambda c: (not shares[cell, c], -int(rank[c])))
    for candidate in pinning[:LOOKAHEAD]:
        attack.hide(candidate)
        freed = not attack.determined(cell)
        attack.show(candidate)
        if freed:
            return candidate
    return pinning[0]


def _sharing(cells: sp.csr_array) -> BoolArray:
    """Which cells share an unknown with which: the fallback neighbourhood of a cell."""
    pattern = sp.csr_array(abs(cells).astype(np.int64))
    return np.asarray((pattern @ pattern.T).toarray() > 0, dtype=bool)


def _choose(cells: Sequence[int], allowed: BoolArray, rank: IntArray) -> int | None:
    """The allowed cell we least want to print (latest in publish order)."""
    options = [c for c in cells if allowed[c]]
    if not options:
        return None
    return max(options, key=lambda c: int(rank[c]))


def audit(
    problem: Problem,
    hidden: Protection | Sequence[bool] | BoolArray,
    *,
    floor: int | None = None,
    shown_values: Mapping[int, int] | None = None,
) -> AuditResult:
    """Every hidden cell's interval as the reader can bound it.

    ``floor`` is what the reader knows every hidden cell to be at least: by
    default 1 when no hidden cell is zero (zeros are printed, so ``*`` ≥ 1) and
    0 otherwise. ``shown_values`` overrides printed values by cell index (for
    auditing a file whose numbers may differ from the data).
    """
    layout = problem.layout
    mask = hidden.hidden if isinstance(hidden, Protection) else np.asarray(hidden, dtype=bool)
    if mask.shape != (layout.n_cells,):
        raise ValueError(f"need one flag per published cell ({layout.n_cells})")
    values = layout.values.copy()
    if shown_values:
        for cell, value in shown_values.items():
            values[cell] = value
    if floor is None:
        floor = 0 if (values[mask] == 0).any() else 1
    known_zero = (values == 0) & ~mask
    space = build_space(problem, layout, known_zero)
    attack = Attack(space, values, mask, floor=floor)
    return audit_intervals(attack, values, canonical_labels(layout))
