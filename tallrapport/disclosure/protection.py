"""Protect a problem: the reader's knowledge, the primary rule, elimination, repair.

The earlier numbers (known sums and ``fixed`` cells) are printed equations the
reader has; sensitive counts they alone determine are public (:mod:`.knowledge`).
Gaussian elimination then makes sure no other sensitive count, and no sum of
hidden counts at their floor under one margin (:mod:`.floors`), is a linear
combination of printed ones; the repair step (:mod:`.repair`) handles what
non-negativity and ``*`` >= 1 still give away. A zero beside a count nothing
else can save may be hidden when the caller allows it.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from tallrapport.disclosure.audit import (
    Attack,
    AuditResult,
    audit_intervals,
)
from tallrapport.disclosure.floors import group_vectors, tight_groups
from tallrapport.disclosure.knowledge import Public, find_public, reader_of
from tallrapport.disclosure.primary import FrequencyRule, PrimaryRule, primary_cells
from tallrapport.disclosure.repair import repair
from tallrapport.disclosure.secondary import gauss_secondary
from tallrapport.disclosure.space import Space, build_space
from tallrapport.disclosure.tables import (
    TOTAL,
    BoolArray,
    IntArray,
    Layout,
    Problem,
)

FloatArray = npt.NDArray[np.float64]


class Status(enum.StrEnum):
    """What happens to a published cell."""

    SHOWN = "shown"
    PRIMARY = "primary"
    SECONDARY = "secondary"
    KNOWN = "known"
    """A known sum no table prints: the reader has it from an earlier edition."""
    KNOWN_HIDDEN = "known_hidden"
    """A known sum an earlier edition hid and no table prints."""


HIDDEN_STATUSES = frozenset({Status.PRIMARY, Status.SECONDARY, Status.KNOWN_HIDDEN})


@dataclass(frozen=True)
class Unprotectable:
    """A sensitive cell that cannot be kept from the reader, and why."""

    cell: int
    labels: tuple[str, ...]
    value: int
    reason: str
    given_by: tuple[tuple[str, ...], ...] = ()
    """The printed cells and earlier numbers whose equations pin it."""

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
    public: tuple[Public, ...] = ()
    """Sensitive counts the earlier numbers already give away: held, named, no failure."""
    sensitive: BoolArray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    """One flag per cell: a count the rules protect (whether hidden or public)."""

    @property
    def layout(self) -> Layout:
        """The problem's published cells."""
        return self.problem.layout

    @property
    def hidden(self) -> BoolArray:
        """One flag per cell: True when the cell is not printed."""
        return np.array([s in HIDDEN_STATUSES for s in self.status], dtype=bool)

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
    """One label tuple per cell: as the first table that prints it names it.

    A known sum no table prints is named by its own name.
    """
    labels: list[tuple[str, ...] | None] = [None] * layout.n_cells
    for row in layout.rows:
        if labels[row.cell] is None:
            labels[row.cell] = row.labels
    for known in layout.known:
        if labels[known.cell] is None:
            labels[known.cell] = (known.name,)
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
    not_sensitive: Mapping[str, tuple[str, ...]] | None = None,
    hide_zeros_if_needed: bool = False,
) -> Protection:
    """Choose which cells to hide so that no sensitive count can be computed.

    The reader's earlier numbers are the problem's known sums plus ``fixed``
    cells (printed in an earlier edition with the number they still have):
    they stay shown whatever it costs. A sensitive count that they alone
    determine is *public* (``Protection.public``): held at its value, never a
    failure. Only a sensitive count that the new tables would give away and
    no hiding can save is ``unprotectable``. ``rules`` add to the frequency
    rule; ``not_sensitive`` names levels whose small counts identify nobody.
    ``hide_zeros_if_needed`` lets the protection hide a printed zero beside a
    count that nothing else can save (the reader then knows every ``*`` only
    to be at least 0). The result depends on nothing but the input.
    """
    layout = problem.layout
    values = layout.values
    labels = canonical_labels(layout)
    in_tables = layout.in_tables
    rule = FrequencyRule(max_n, protect_zeros, dict(not_sensitive or {}))
    sensitive = primary_cells(problem, layout, (rule, *tuple(rules)))
    reader = reader_of(problem, [cell_index(problem, spec) for spec in fixed], labels)
    public = find_public(problem, reader, sensitive & (in_tables | reader.hidden), labels)
    known = reader.shown.copy()
    known[[p.cell for p in public]] = True

    status = [Status.SHOWN if in_tables[c] else Status.KNOWN for c in range(layout.n_cells)]
    for cell in np.flatnonzero(reader.hidden).tolist():
        status[cell] = Status.KNOWN_HIDDEN
    primary = sensitive & in_tables & ~known
    for cell in np.flatnonzero(primary).tolist():
        status[cell] = Status.PRIMARY
    hidden = primary | reader.hidden
    protected = hidden & sensitive & ~known
    known_zero = (values == 0) & ~hidden
    space = build_space(problem, layout, known_zero)
    n_cons = space.consistency.shape[0]
    _, floors = _floors(values, hidden, in_tables, reader.floors)
    groups = tight_groups(problem, protected, values == floors)
    vectors = sp.csr_array(
        sp.vstack([space.consistency, space.cells, group_vectors(space.cells, groups)])
    )
    eligible = in_tables & ~hidden & ~known & ~known_zero
    forced = np.concatenate(
        [np.arange(n_cons), publish_order(layout, np.flatnonzero(known)) + n_cons]
    )
    first_group = n_cons + layout.n_cells
    result = gauss_secondary(
        vectors,
        forced=forced.astype(np.int64),
        candidates=(publish_order(layout, np.flatnonzero(eligible)) + n_cons).astype(np.int64),
        protected=np.concatenate(
            [np.flatnonzero(protected) + n_cons, first_group + np.arange(len(groups))]
        ).astype(np.int64),
    )
    for row in result.secondary:
        status[row - n_cons] = Status.SECONDARY
        hidden[row - n_cons] = True
    # A group's sum that the earlier numbers already give is the repair's to judge.
    unprotectable: dict[int, tuple[str, tuple[int, ...]]] = {
        row - n_cons: ("the earlier numbers and printed zeros determine it", ())
        for row in result.lost
        if row < first_group
    }

    rank = np.empty(layout.n_cells, dtype=np.int64)
    rank[publish_order(layout, np.arange(layout.n_cells))] = np.arange(layout.n_cells)
    attack = _attack(space, values, hidden, in_tables, reader.floors)
    repair(attack, values, protected, eligible, unprotectable, rank)
    lost = _still_determined(attack, unprotectable)
    if lost and hide_zeros_if_needed:
        # The printed zeros beside a count can pin it (a public row total of 1
        # with 0 boys and 0 «ukjent» gives the girl). Hiding such a zero is the
        # only way left; then the reader no longer knows that a * is at least 1.
        zeros = _zero_siblings(layout, lost, in_tables & known_zero & ~known)
        if zeros.any():
            hidden = attack.hidden | zeros
            for cell in np.flatnonzero(zeros).tolist():
                status[cell] = Status.SECONDARY
            known_zero = (values == 0) & ~hidden
            space = build_space(problem, layout, known_zero)
            eligible &= ~hidden
            attack = _attack(space, values, hidden, in_tables, reader.floors)
            unprotectable = {}
            repair(attack, values, protected, eligible, unprotectable, rank)
            lost = _still_determined(attack, unprotectable)
    for cell in np.flatnonzero(attack.hidden & in_tables & ~primary).tolist():
        status[cell] = Status.SECONDARY
    labelled = [
        Unprotectable(
            cell,
            labels[cell],
            int(values[cell]),
            unprotectable[cell][0],
            tuple(labels[c] for c in unprotectable[cell][1]),
        )
        for cell in lost
    ]
    return Protection(
        problem,
        tuple(status),
        tuple(labelled),
        attack.floor,
        max_n,
        len(result.secondary),
        tuple(public),
        sensitive,
    )


def _floors(
    values: IntArray,
    hidden: BoolArray,
    in_tables: BoolArray,
    known: FloatArray,
    floor: int | None = None,
) -> tuple[int, FloatArray]:
    """What the reader knows each cell to be at least: every ``*`` 1 unless a zero is hidden."""
    if floor is None:
        floor = 0 if (values[hidden & in_tables] == 0).any() else 1
    return floor, np.maximum(np.where(in_tables, float(floor), 0.0), known)


def _attack(
    space: Space,
    values: IntArray,
    hidden: BoolArray,
    in_tables: BoolArray,
    known: FloatArray,
    floor: int | None = None,
) -> Attack:
    """The reader's LP: every ``*`` at least 1 unless a zero is hidden, earlier floors kept."""
    floor, floors = _floors(values, hidden, in_tables, known, floor)
    return Attack(space, values, hidden, floor=floor, floors=floors)


def _still_determined(attack: Attack, unprotectable: Mapping[int, object]) -> list[int]:
    """The cells given up that the final pattern still gives away.

    A cell given up early may have been freed by a later choice: say only what
    is still true.
    """
    return [cell for cell in sorted(unprotectable) if attack.determined(cell)]


def _zero_siblings(layout: Layout, cells: Sequence[int], zeros: BoolArray) -> BoolArray:
    """Printed zeros in the same table row or column as any of ``cells``."""
    out = np.zeros(layout.n_cells, dtype=bool)
    for zero in np.flatnonzero(zeros).tolist():
        zero_key = layout.keys[zero]
        for cell in cells:
            differ = sum(1 for a, b in zip(zero_key, layout.keys[cell], strict=True) if a != b)
            if differ == 1:
                out[zero] = True
                break
    return out


def audit(
    problem: Problem,
    hidden: Protection | Sequence[bool] | BoolArray,
    *,
    floor: int | None = None,
    shown_values: Mapping[int, int] | None = None,
    max_n: int | None = None,
    protect_zeros: bool = False,
    not_sensitive: Mapping[str, tuple[str, ...]] | None = None,
) -> AuditResult:
    """Every hidden cell's interval as the reader can bound it, earlier numbers included.

    ``floor`` is what the reader knows every hidden cell to be at least: by
    default 1 when no hidden cell is zero (zeros are printed, so ``*`` ≥ 1) and
    0 otherwise. ``shown_values`` overrides printed values by cell index (for
    auditing a file whose numbers may differ from the data). A determined cell
    is a disclosure when it is sensitive (``max_n``; every hidden cell when
    None) and the earlier numbers alone do not already determine it.
    """
    layout = problem.layout
    labels = canonical_labels(layout)
    reader = reader_of(problem, [], labels)
    if isinstance(hidden, Protection):
        mask = hidden.hidden
        sensitive = hidden.sensitive
        public = hidden.public
    else:
        mask = np.asarray(hidden, dtype=bool).copy()
        if mask.shape != (layout.n_cells,):
            raise ValueError(f"need one flag per published cell ({layout.n_cells})")
        mask[reader.shown] = False
        mask[reader.hidden] = True
        if max_n is None:
            sensitive = mask.copy()
        else:
            rule = FrequencyRule(max_n, protect_zeros, dict(not_sensitive or {}))
            sensitive = primary_cells(problem, layout, (rule,))
        # Printed small counts are listed too: the earlier numbers may be what allows them.
        public = tuple(find_public(problem, reader, sensitive & layout.in_tables, labels))
    values = layout.values.copy()
    if shown_values:
        for cell, value in shown_values.items():
            values[cell] = value
    known_zero = (values == 0) & ~mask
    space = build_space(problem, layout, known_zero)
    attack = _attack(space, values, mask, layout.in_tables, reader.floors, floor)
    return audit_intervals(
        attack, values, labels, sensitive=sensitive, public={p.cell for p in public}, found=public
    )
