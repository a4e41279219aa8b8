"""What the reader holds before a publication, and which counts it already gives away.

A reader has every earlier edition on the desk. Each printed number of such an
edition is an equation over today's inner cells (a :class:`KnownSum`, or a
cell of today's tables printed with the same number: ``fixed``), and each cell
it hid is a lower bound (at least 1 where it printed zeros). A sensitive count
that those equations alone pin down is *public*: no choice we make now can hide
it again. It is held at its value, named, and never counted as a failure of
this publication; only what the new tables add can be.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from tallrapport.disclosure.audit import Attack, find_disclosures
from tallrapport.disclosure.space import build_space
from tallrapport.disclosure.tables import BoolArray, Problem

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Public:
    """A sensitive count the earlier editions already give away, and which of their numbers do."""

    cell: int
    labels: tuple[str, ...]
    value: int
    sources: tuple[str, ...]
    """The earlier numbers whose equations pin it (names of known sums or cells)."""

    @property
    def printed(self) -> bool:
        """True when an earlier edition printed this very count (not only implied it)."""
        return len(self.sources) == 1 and self.sources[0].startswith(PRINTED_PREFIX)

    def __str__(self) -> str:
        where = ", ".join(self.labels)
        return f"({where}) = {self.value}, given by {'; '.join(self.sources)}"


ZERO_PARTS = "earlier zeros cover every part of it"
PRINTED_PREFIX = "printed: "
"""How a public count's source reads when an earlier edition printed the cell itself."""


@dataclass(frozen=True)
class Reader:
    """The earlier editions as flags over the layout's cells."""

    shown: BoolArray
    """Cells whose value the reader has: known sums printed, fixed cells."""
    as_printed: BoolArray
    """The shown cells whose value an edition printed as it is today (not revised)."""
    hidden: BoolArray
    """Known sums an edition hid, that no table of this problem prints."""
    floors: FloatArray
    """What the reader knows each hidden known sum to be at least (0 elsewhere)."""
    names: tuple[str, ...]
    """Per cell, the earlier number's name for messages ("" when none)."""


def reader_of(problem: Problem, fixed: Iterable[int], labels: Sequence[tuple[str, ...]]) -> Reader:
    """The reader's knowledge: the problem's known sums plus ``fixed`` cells of its tables."""
    layout = problem.layout
    n = layout.n_cells
    shown = np.zeros(n, dtype=bool)
    as_printed = np.zeros(n, dtype=bool)
    hidden = np.zeros(n, dtype=bool)
    floors = np.zeros(n, dtype=np.float64)
    names = [""] * n
    for cell in fixed:
        shown[cell] = as_printed[cell] = True
        names[cell] = PRINTED_PREFIX + ", ".join(labels[cell])
    for known in layout.known:
        if known.printed:
            shown[known.cell] = True
            if known.as_printed and not as_printed[known.cell]:
                as_printed[known.cell] = True
                names[known.cell] = known.name
            names[known.cell] = names[known.cell] or known.name
        else:
            floors[known.cell] = max(floors[known.cell], known.at_least)
            if not names[known.cell]:
                names[known.cell] = known.name
    for known in layout.known:
        if not known.printed and not shown[known.cell] and not layout.in_tables[known.cell]:
            hidden[known.cell] = True
    return Reader(shown, as_printed, hidden, floors, tuple(names))


def find_public(
    problem: Problem,
    reader: Reader,
    candidates: BoolArray,
    labels: Sequence[tuple[str, ...]],
) -> list[Public]:
    """The candidate cells that the reader's earlier numbers alone determine.

    The reader's LP has only the earlier numbers as equations; every other
    cell is an unknown (a cell an edition hid keeps its lower bound). Hiding
    does not help a cell this finds, so the protection must not try. Only
    numbers printed as they still are count here: a revised one is known to
    the protection, but no edition gave the reader today's value.
    """
    layout = problem.layout
    values = layout.values
    found: list[Public] = []
    printed = reader.as_printed
    for cell in np.flatnonzero(candidates & printed).tolist():
        found.append(Public(cell, labels[cell], int(values[cell]), (reader.names[cell],)))
    open_ = candidates & ~printed
    if not printed.any() or not open_.any():
        return found
    known_zero = printed & (values == 0)
    space = build_space(problem, layout, known_zero)
    attack = Attack(space, values, ~printed, floor=0, floors=reader.floors)
    skip = np.flatnonzero(~open_).tolist()
    for disclosure in find_disclosures(attack, values, skip=skip):
        sources = tuple(
            reader.names[c] or ", ".join(labels[c]) for c in disclosure.certificate
        ) or (ZERO_PARTS,)
        cell = disclosure.cell
        found.append(Public(cell, labels[cell], int(values[cell]), sources))
    return sorted(found, key=lambda p: p.cell)
