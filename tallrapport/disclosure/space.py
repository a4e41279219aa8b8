"""The attacker's unknowns, in as few variables as the tables allow.

The obvious unknowns are the inner cells (32,400 for one yearly report), and an
LP over them takes HiGHS seconds per bound. But the published tables only ever
touch a few margins of the inner table. If the dimension sets of the tables
form a *decomposable* (chordal) structure, a classical result of contingency
tables says: non-negative margin tables that agree on their separators can
always be glued into a non-negative inner table (per separator cell this is a
transportation problem with equal totals, which is feasible). So the set of
values the published cells can take is exactly the set reachable from the
*clique margin tables* that are non-negative and consistent on separators.
For the report shape (category·gender·year, category·age·year,
country·year) that is 660 unknowns instead of 32,400, with the same LP bounds
and the same linear dependencies.

When the tables are not decomposable we triangulate the dimension graph (min
fill-in), which only makes the cliques larger; in the worst case one clique is
every dimension, i.e. the inner cells themselves. Exactness is never traded.

Linear algebra sees the same thing if the consistency equations are treated
as published equations of known value 0: the cell vectors over the clique
variables differ from those over inner cells exactly by the span of the
consistency equations (image of the margin map = consistent tables).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from tallrapport.disclosure.tables import BoolArray, IntArray, Layout, Problem


@dataclass(frozen=True)
class Space:
    """Clique margin variables and the equations relating them to published cells.

    ``cells`` is published cells × live variables (0/1); ``consistency`` is
    separator equations × live variables (+1/−1), each of value 0. Variables
    known to be zero (inside a published zero) are dropped.
    """

    cells: sp.csr_array
    consistency: sp.csr_array
    cliques: tuple[tuple[int, ...], ...]
    n_live: int
    n_all: int


def _triangulate(
    n_dims: int, edges: set[tuple[int, int]], used: list[int]
) -> list[tuple[int, ...]]:
    """Maximal cliques of a chordal supergraph, by greedy minimum fill-in elimination."""
    neighbours: dict[int, set[int]] = {d: set() for d in used}
    for a, b in edges:
        neighbours[a].add(b)
        neighbours[b].add(a)
    remaining = set(used)
    cliques: list[frozenset[int]] = []
    while remaining:

        def fill(d: int) -> int:
            nb = list(neighbours[d] & remaining)
            return sum(1 for a, b in itertools.combinations(nb, 2) if b not in neighbours[a])

        vertex = min(sorted(remaining), key=fill)
        nb = neighbours[vertex] & remaining
        for a, b in itertools.combinations(sorted(nb), 2):
            neighbours[a].add(b)
            neighbours[b].add(a)
        cliques.append(frozenset(nb | {vertex}))
        remaining.remove(vertex)
    maximal = [c for c in cliques if not any(c < other for other in cliques)]
    unique: list[tuple[int, ...]] = []
    for c in maximal:
        t = tuple(sorted(c))
        if t not in unique:
            unique.append(t)
    del n_dims
    return sorted(unique, key=lambda c: (-len(c), c))


def _junction_tree(cliques: list[tuple[int, ...]]) -> list[tuple[int, int]]:
    """A maximum-weight spanning tree over cliques (weight = shared dimensions)."""
    pairs = sorted(
        itertools.combinations(range(len(cliques)), 2),
        key=lambda ij: (-len(set(cliques[ij[0]]) & set(cliques[ij[1]])), ij),
    )
    parent = list(range(len(cliques)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    tree: list[tuple[int, int]] = []
    for i, j in pairs:
        ri, rj = find(i), find(j)
        if ri != rj:
            parent[ri] = rj
            tree.append((i, j))
    return tree


def _cliques(problem: Problem, layout: Layout) -> list[tuple[int, ...]]:
    """The cliques of a triangulation of the graph the tables draw between dimensions.

    A known sum is a cell too: the dimensions it restricts must meet in one clique.
    """
    name_index = {d.name: i for i, d in enumerate(problem.dimensions)}
    groups = [sorted(name_index[n] for n in table.dims) for table in problem.tables]
    groups += [sorted(problem.restricted(layout.keys[k.cell])) for k in layout.known]
    edges: set[tuple[int, int]] = set()
    used_set: set[int] = set()
    for idx in groups:
        used_set.update(idx)
        edges.update(itertools.combinations(idx, 2))
    return _triangulate(len(problem.dimensions), edges, sorted(used_set))


class _Margins:
    """The clique margin variables: one per combination of levels of a clique."""

    def __init__(self, problem: Problem, cliques: list[tuple[int, ...]]) -> None:
        self.cliques = cliques
        self.sizes = [len(d.levels) for d in problem.dimensions]
        self.full = [(1 << s) - 1 for s in self.sizes]
        # Level membership per (dimension, mask), cached: masks can exceed 64 bits.
        self._members: dict[tuple[int, int], BoolArray] = {}
        self.offsets: list[int] = []
        self.levels: list[list[IntArray]] = []
        total = 0
        for clique in cliques:
            self.offsets.append(total)
            shape = [self.sizes[d] for d in clique]
            grids = np.indices(shape).reshape(len(clique), -1)
            self.levels.append([np.asarray(g, dtype=np.int64) for g in grids])
            total += int(np.prod(shape, dtype=np.int64))
        self.n_all = total

    def _member(self, d: int, mask: int) -> BoolArray:
        got = self._members.get((d, mask))
        if got is None:
            got = np.array([bool(mask >> i & 1) for i in range(self.sizes[d])], dtype=bool)
            self._members[(d, mask)] = got
        return got

    def restricted(self, key: tuple[int, ...]) -> set[int]:
        """The dimensions a cell's key does not sum over."""
        return {d for d in range(len(self.sizes)) if key[d] != self.full[d]}

    def vars_in(self, c: int, key: tuple[int, ...]) -> IntArray:
        """The variables of clique ``c`` that lie inside the cell ``key``."""
        inside = np.ones(len(self.levels[c][0]), dtype=bool)
        for pos, d in enumerate(self.cliques[c]):
            if key[d] != self.full[d]:
                inside &= self._member(d, key[d])[self.levels[c][pos]]
        return np.flatnonzero(inside) + self.offsets[c]

    def dead(self, layout: Layout, known_zero: BoolArray) -> BoolArray:
        """Variables inside a cell known to be zero."""
        dead = np.zeros(self.n_all, dtype=bool)
        for cell in np.flatnonzero(known_zero):
            key = layout.keys[cell]
            restricted = self.restricted(key)
            for c, clique in enumerate(self.cliques):
                # A margin variable lies inside the zero cell only if the cell does
                # not restrict a dimension the variable sums over.
                if restricted <= set(clique):
                    dead[self.vars_in(c, key)] = True
        return dead

    def consistency_rows(self) -> list[tuple[IntArray, IntArray]]:
        """Neighbouring cliques agree on their shared margins (along a junction tree)."""
        rows: list[tuple[IntArray, IntArray]] = []
        for i, j in _junction_tree(self.cliques):
            sep = sorted(set(self.cliques[i]) & set(self.cliques[j]))
            for combo in itertools.product(*[range(self.sizes[d]) for d in sep]):
                margin = list(self.full)
                for d, level in zip(sep, combo, strict=True):
                    margin[d] = 1 << level
                rows.append((self.vars_in(i, tuple(margin)), self.vars_in(j, tuple(margin))))
        return rows


def _to_csr(
    rows: list[tuple[IntArray, IntArray]], new_index: IntArray, n_live: int
) -> sp.csr_array:
    """Rows of +1 and -1 over the live variables (dead ones, index -1, dropped)."""
    indptr = [0]
    indices: list[IntArray] = []
    data: list[IntArray] = []
    for plus, minus in rows:
        p = new_index[plus]
        m = new_index[minus]
        p, m = p[p >= 0], m[m >= 0]
        indices.append(np.concatenate([p, m]))
        data.append(np.concatenate([np.ones(len(p), np.int64), -np.ones(len(m), np.int64)]))
        indptr.append(indptr[-1] + len(p) + len(m))
    flat_i = np.concatenate(indices) if indices else np.zeros(0, np.int64)
    flat_d = np.concatenate(data) if data else np.zeros(0, np.int64)
    out = sp.csr_array((flat_d, flat_i, np.array(indptr)), shape=(len(rows), n_live))
    out.sort_indices()
    return out


def build_space(problem: Problem, layout: Layout, known_zero: BoolArray) -> Space:
    """Express every published cell over clique margin variables."""
    cliques = _cliques(problem, layout)
    margins = _Margins(problem, cliques)
    cell_rows: list[IntArray] = []
    for key in layout.keys:
        restricted = margins.restricted(key)
        home = next(c for c, clique in enumerate(cliques) if restricted <= set(clique))
        cell_rows.append(margins.vars_in(home, key))
    live = np.flatnonzero(~margins.dead(layout, known_zero))
    new_index = np.full(margins.n_all, -1, dtype=np.int64)
    new_index[live] = np.arange(len(live))
    empty = np.zeros(0, dtype=np.int64)
    cells = _to_csr([(r, empty) for r in cell_rows], new_index, len(live))
    consistency = _to_csr(margins.consistency_rows(), new_index, len(live))
    nonempty = np.diff(consistency.indptr) > 0
    consistency = sp.csr_array(consistency[np.flatnonzero(nonempty)])
    return Space(cells, consistency, tuple(cliques), len(live), margins.n_all)
