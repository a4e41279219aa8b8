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


def build_space(problem: Problem, layout: Layout, known_zero: BoolArray) -> Space:
    """Express every published cell over clique margin variables."""
    dims = problem.dimensions
    n_dims = len(dims)
    name_index = {d.name: i for i, d in enumerate(dims)}
    edges: set[tuple[int, int]] = set()
    used_set: set[int] = set()
    for table in problem.tables:
        idx = sorted(name_index[n] for n in table.dims)
        used_set.update(idx)
        edges.update(itertools.combinations(idx, 2))
    # A known sum is a cell too: its dimensions must meet in one clique.
    for known in layout.known:
        idx = sorted(problem.restricted(layout.keys[known.cell]))
        used_set.update(idx)
        edges.update(itertools.combinations(idx, 2))
    used = sorted(used_set)
    cliques = _triangulate(n_dims, edges, used)
    sizes = [len(d.levels) for d in dims]
    full = [(1 << s) - 1 for s in sizes]

    # Level membership per (dimension, mask), cached: masks can exceed 64 bits.
    member_cache: dict[tuple[int, int], BoolArray] = {}

    def member(d: int, mask: int) -> BoolArray:
        got = member_cache.get((d, mask))
        if got is None:
            got = np.array([bool(mask >> i & 1) for i in range(sizes[d])], dtype=bool)
            member_cache[(d, mask)] = got
        return got

    offsets: list[int] = []
    levels: list[list[IntArray]] = []
    total = 0
    for clique in cliques:
        offsets.append(total)
        shape = [sizes[d] for d in clique]
        grids = np.indices(shape).reshape(len(clique), -1)
        levels.append([np.asarray(g, dtype=np.int64) for g in grids])
        total += int(np.prod(shape, dtype=np.int64))
    n_all = total

    def vars_in(c: int, key: tuple[int, ...]) -> IntArray:
        clique = cliques[c]
        inside = np.ones(len(levels[c][0]), dtype=bool)
        for pos, d in enumerate(clique):
            if key[d] != full[d]:
                inside &= member(d, key[d])[levels[c][pos]]
        return np.flatnonzero(inside) + offsets[c]

    cell_rows: list[IntArray] = []
    for key in layout.keys:
        restricted = {d for d in range(n_dims) if key[d] != full[d]}
        home = next(c for c, clique in enumerate(cliques) if restricted <= set(clique))
        cell_rows.append(vars_in(home, key))

    dead = np.zeros(n_all, dtype=bool)
    for cell in np.flatnonzero(known_zero):
        key = layout.keys[cell]
        restricted = {d for d in range(n_dims) if key[d] != full[d]}
        for c, clique in enumerate(cliques):
            # A margin variable lies inside the zero cell only if the cell does
            # not restrict a dimension the variable sums over.
            if restricted <= set(clique):
                dead[vars_in(c, key)] = True

    cons_rows: list[tuple[IntArray, IntArray]] = []
    for i, j in _junction_tree(cliques):
        sep = sorted(set(cliques[i]) & set(cliques[j]))
        for combo in itertools.product(*[range(sizes[d]) for d in sep]):
            margin = list(full)
            for d, level in zip(sep, combo, strict=True):
                margin[d] = 1 << level
            a, b = vars_in(i, tuple(margin)), vars_in(j, tuple(margin))
            cons_rows.append((a, b))

    live = np.flatnonzero(~dead)
    new_index = np.full(n_all, -1, dtype=np.int64)
    new_index[live] = np.arange(len(live))

    def to_csr(rows: list[tuple[IntArray, IntArray]]) -> sp.csr_array:
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
        out = sp.csr_array((flat_d, flat_i, np.array(indptr)), shape=(len(rows), len(live)))
        out.sort_indices()
        return out

    empty = np.zeros(0, dtype=np.int64)
    cells = to_csr([(r, empty) for r in cell_rows])
    consistency = to_csr(cons_rows)
    nonempty = np.diff(consistency.indptr) > 0
    consistency = sp.csr_array(consistency[np.flatnonzero(nonempty)])
    return Space(cells, consistency, tuple(cliques), len(live), n_all)
