"""Groups of hidden counts that their own floors give away, found before elimination.

The reader knows every ``*`` is at least 1 when zeros are printed. Where a
printed margin's hidden parts are all counts of 1 and every other part is
printed, the margin minus the printed parts equals the number of stars, and
each star is 1: a country total of 6 over six yearly 1s, say. Elimination
cannot see this (six unknowns, one equation), so before this module the
repair step found such groups one by one after the fact and hid partners in
its greedy way. Statistics Norway's GaussSuppression meets the same pattern
with its singleton handling; we do it our own way: the *sum* of such a group
joins elimination as one more protected vector, so elimination itself keeps
the sum out of the printed span, choosing the partner by the same order of
preference as every other secondary cell.
"""

from __future__ import annotations

import itertools

import numpy as np
import scipy.sparse as sp

from tallrapport.disclosure.tables import TOTAL, BoolArray, Problem, TableSpec


def tight_groups(
    problem: Problem, protected: BoolArray, at_floor: BoolArray
) -> list[tuple[int, ...]]:
    """Sets of two or more cells at their floor that together make up the hidden part of a margin.

    ``at_floor`` flags the cells whose value equals what the reader knows as
    their least value. A group is formed along one dimension of one
    table: the parts of a margin cell that are protected, when every one of
    them is at its floor. Parts that are hidden for their own sake at a value
    above the floor leave slack, so such a margin forms no group.
    """
    layout = problem.layout
    cell_of = layout.cell_of_key
    masks = [d._masks() for d in problem.dimensions]
    groups: set[tuple[int, ...]] = set()
    for table in problem.tables:
        per_dim = [_labels(problem, table, i) for i in range(len(problem.dimensions))]
        for axis, dim in enumerate(problem.dimensions):
            if dim.name not in table.dims or dim.name in table.without_total:
                continue
            parts = [lab for lab in per_dim[axis] if lab != TOTAL]
            if not _partition(masks[axis], parts, len(dim.levels)):
                continue
            others = [labs if i != axis else (TOTAL,) for i, labs in enumerate(per_dim)]
            for margin_labels in itertools.product(*others):
                cells = []
                for part in parts:
                    key = tuple(
                        masks[i][part if i == axis else label]
                        for i, label in enumerate(margin_labels)
                    )
                    cells.append(cell_of[key])
                group = _group(cells, protected, at_floor)
                if group:
                    groups.add(group)
    return sorted(groups)


def group_vectors(cells: sp.csr_array, groups: list[tuple[int, ...]]) -> sp.csr_array:
    """Each group's sum as a vector over the unknowns, one row per group."""
    rows = len(groups)
    pick = sp.csr_array(
        (
            np.ones(sum(len(g) for g in groups), dtype=np.int64),
            np.array([c for g in groups for c in g], dtype=np.int64),
            np.cumsum([0, *[len(g) for g in groups]], dtype=np.int64),
        ),
        shape=(rows, cells.shape[0]),
    )
    return sp.csr_array(pick @ cells)


def _group(cells: list[int], protected: BoolArray, at_floor: BoolArray) -> tuple[int, ...] | None:
    """The protected parts of one margin, when there are two or more and all are at their floor."""
    hidden = sorted({c for c in cells if protected[c]})
    if len(hidden) < 2 or not all(at_floor[c] for c in hidden):
        return None
    return tuple(hidden)


def _labels(problem: Problem, table: TableSpec, axis: int) -> tuple[str, ...]:
    """The labels a table has along one dimension, margin included."""
    dim = problem.dimensions[axis]
    if dim.name not in table.dims:
        return (TOTAL,)
    labels = tuple(table.codes.get(dim.name, dim.labels))
    return labels if dim.name in table.without_total else (*labels, TOTAL)


def _partition(masks: dict[str, int], parts: list[str], n_levels: int) -> bool:
    """Whether the parts are disjoint and together make the whole dimension."""
    seen = 0
    for part in parts:
        mask = masks[part]
        if seen & mask:
            return False
        seen |= mask
    return seen == (1 << n_levels) - 1
