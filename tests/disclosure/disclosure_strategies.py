"""Random problems for the property tests: single, linked and hierarchical tables."""

from __future__ import annotations

import itertools

import numpy as np
import scipy.sparse as sp
from hypothesis import strategies as st
from scipy.optimize import linprog

from tallrapport.disclosure import Dimension, Problem, TableSpec

LETTERS = "abcdefgh"


def _freq(draw: st.DrawFn, shape: tuple[int, ...]) -> np.ndarray:
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    size = int(np.prod(shape))
    # Report-like mixture: many zeros and small counts, some large ones.
    kind = rng.choice(3, size=size, p=[0.35, 0.35, 0.30])
    small = rng.integers(1, 6, size=size)
    large = rng.integers(6, 40, size=size)
    return np.where(kind == 0, 0, np.where(kind == 1, small, large)).reshape(shape)


def _dims(draw: st.DrawFn, n_dims: int, max_levels: int = 4) -> list[Dimension]:
    return [
        Dimension(
            LETTERS[i], tuple(f"{LETTERS[i]}{j}" for j in range(draw(st.integers(2, max_levels))))
        )
        for i in range(n_dims)
    ]


@st.composite
def single_tables(draw: st.DrawFn) -> Problem:
    """One table crossing every dimension."""
    dims = _dims(draw, draw(st.integers(1, 3)))
    shape = tuple(len(d.levels) for d in dims)
    return Problem(dims, _freq(draw, shape), ["*".join(d.name for d in dims)])


@st.composite
def linked_tables(draw: st.DrawFn) -> Problem:
    """Several tables over shared dimensions: cells printed by more than one table."""
    dims = _dims(draw, draw(st.integers(2, 4)), max_levels=3)
    names = [d.name for d in dims]
    subsets = [c for r in (1, 2, 3) for c in itertools.combinations(names, r)]
    chosen = draw(st.lists(st.sampled_from(subsets), min_size=2, max_size=3, unique=True))
    shape = tuple(len(d.levels) for d in dims)
    # Some tables print no total over one of their dimensions, as a report's
    # table of years prints no sum over the years.
    tables = [
        TableSpec(
            "*".join(c),
            c,
            without_total=tuple(d for d in c if len(c) > 1 and draw(st.booleans()))[:1],
        )
        for c in chosen
    ]
    return Problem(dims, _freq(draw, shape), tables)


@st.composite
def hierarchical_tables(draw: st.DrawFn) -> Problem:
    """A country-like dimension whose small levels are also printed as a group."""
    n_levels = draw(st.integers(3, 6))
    levels = tuple(f"l{j}" for j in range(n_levels))
    group_size = draw(st.integers(2, n_levels - 1))
    country = Dimension("country", levels, {"Øvrige land": levels[-group_size:]})
    year = Dimension("year", ("y0", "y1", "y2")[: draw(st.integers(2, 3))])
    other = Dimension("gender", ("g0", "g1"))
    dims = [country, year, other]
    folded = (*levels[:-group_size], "Øvrige land")
    tables: list[TableSpec | str] = [
        TableSpec("country*year", ("country", "year"), {"country": folded}),
        "gender*year",
    ]
    if draw(st.booleans()):
        tables.append("country*gender")  # full detail in a second table
    shape = tuple(len(d.levels) for d in dims)
    return Problem(dims, _freq(draw, shape), tables)


def inner_bounds(problem: Problem, hidden: np.ndarray, floor: int) -> list[tuple[float, float]]:
    """Each hidden cell's interval by LP over the raw inner cells: an independent check."""
    layout = problem.layout
    x = sp.csr_array(layout.x.T.astype(np.float64))
    values = layout.values.astype(float)
    shown = np.flatnonzero(~hidden)
    hid = np.flatnonzero(hidden)
    a_ub = -x[hid] if floor and len(hid) else None
    b_ub = -np.full(len(hid), float(floor)) if floor and len(hid) else None
    out = []
    for cell in hid:
        c = x[[cell]].toarray().ravel()
        lo = linprog(c, A_ub=a_ub, b_ub=b_ub, A_eq=x[shown], b_eq=values[shown], method="highs")  # type: ignore[call-overload,unused-ignore]
        hi = linprog(-c, A_ub=a_ub, b_ub=b_ub, A_eq=x[shown], b_eq=values[shown], method="highs")  # type: ignore[call-overload,unused-ignore]
        assert lo.status == 0
        upper = np.inf if hi.status == 3 else -float(hi.fun)
        out.append((float(lo.fun), upper))
    return out
