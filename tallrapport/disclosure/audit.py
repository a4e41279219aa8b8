"""The audit: what a reader can learn about each hidden cell, by linear programming.

The reader knows every printed cell, that counts are never negative and, when
the publication hides no zero, that every hidden cell is at least 1 (zeros
would have been printed). For each hidden cell we ask HiGHS for the smallest
and largest value consistent with that knowledge.

The LP is continuous. An attacker who also uses that counts are whole numbers
can sometimes do better, so we count a cell as *determined* when its interval
holds only one whole number (not only when it is a single point): [1, 1.5]
gives the cell away as surely as [1, 1]. Full integer programming could still
narrow some intervals further; we do not claim protection against that
stronger reader, and say so here rather than pretend.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from scipy.optimize import linprog

from tallrapport.disclosure.space import Space
from tallrapport.disclosure.tables import BoolArray, IntArray

EPS = 1e-6
FloatArray = npt.NDArray[np.float64]


def holds_one_integer(lower: float, upper: float) -> bool:
    """Whether [lower, upper] contains at most one whole number."""
    return math.floor(upper + EPS) - math.ceil(lower - EPS) < 1


@dataclass(frozen=True)
class Bound:
    """An optimum and the printed cells whose equations pin it (nonzero duals)."""

    value: float
    certificate: tuple[int, ...]


class Attack:
    """The reader's LP for one publication pattern, over the clique unknowns."""

    def __init__(
        self, space: Space, values: IntArray, hidden: BoolArray, *, floor: int
    ) -> None:
        cells = sp.csr_array(space.cells, dtype=np.float64)
        nonempty = np.diff(cells.indptr) > 0
        self.shown_rows: IntArray = np.flatnonzero(~hidden & nonempty)
        self.hidden_rows: IntArray = np.flatnonzero(hidden)
        consistency = sp.csr_array(space.consistency, dtype=np.float64)
        self.a_eq = sp.csr_array(sp.vstack([cells[self.shown_rows], consistency]))
        self.b_eq: FloatArray = np.concatenate(
            [values[self.shown_rows].astype(np.float64), np.zeros(consistency.shape[0])]
        )
        self.cells = cells
        self.floor = floor
        with_vars = self.hidden_rows[nonempty[self.hidden_rows]]
        if floor > 0 and len(with_vars):
            self.a_ub: sp.csr_array | None = sp.csr_array(-cells[with_vars])
            self.b_ub: FloatArray | None = np.full(len(with_vars), -float(floor))
        else:
            self.a_ub, self.b_ub = None, None
        self.empty_hidden = set(int(h) for h in self.hidden_rows[~nonempty[self.hidden_rows]])

    def _solve(self, objective: FloatArray) -> tuple[float, FloatArray, FloatArray]:
        result = linprog(
            objective,
            A_ub=self.a_ub,
            b_ub=self.b_ub,
            A_eq=self.a_eq,
            b_eq=self.b_eq,
            bounds=(0, None),
            method="highs",
        )
        if result.status != 0:
            raise RuntimeError(f"audit LP failed: {result.message}")
        marginals = np.asarray(result.eqlin.marginals, dtype=np.float64)
        return float(result.fun), np.asarray(result.x, dtype=np.float64), marginals

    def _certificate(self, marginals: FloatArray) -> tuple[int, ...]:
        used = np.flatnonzero(np.abs(marginals[: len(self.shown_rows)]) > EPS)
        return tuple(int(c) for c in self.shown_rows[used])

    def bounds(self, cell: int) -> tuple[Bound, Bound]:
        """The least and greatest value of ``cell`` the reader cannot rule out."""
        if cell in self.empty_hidden:
            return Bound(0.0, ()), Bound(0.0, ())
        objective = self.cells[[cell]].toarray().ravel()
        low, _, m_low = self._solve(objective)
        high, _, m_high = self._solve(-objective)
        return Bound(low, self._certificate(m_low)), Bound(-high, self._certificate(m_high))

    def sample(self, weights: FloatArray) -> FloatArray:
        """Values of every hidden cell at the optimum of a weighted objective."""
        hidden = self.cells[self.hidden_rows]
        objective = np.asarray(weights @ hidden, dtype=np.float64).ravel()
        _, x, _ = self._solve(objective)
        return np.asarray(hidden @ x, dtype=np.float64)


@dataclass(frozen=True)
class Disclosure:
    """A hidden cell the reader can compute, and the printed cells that give it away."""

    cell: int
    certificate: tuple[int, ...]


def find_disclosures(
    attack: Attack,
    values: IntArray,
    *,
    skip: Iterable[int] = (),
    samples: int = 4,
    seed: int = 0,
) -> list[Disclosure]:
    """Hidden cells whose interval holds one whole number, found cheaply.

    Most hidden cells are far from determined, so we first look at a few LP
    vertices (and the true table, which is always feasible): a cell seen at
    values at least 1 apart is safe without its own LPs. Only the rest get the
    two exact bound LPs.
    """
    skipped = set(skip)
    hidden = attack.hidden_rows
    truth = values[hidden].astype(np.float64)
    low, high = truth.copy(), truth.copy()
    rng = np.random.default_rng(seed)
    for _ in range(samples):
        unsettled = (high - truth < 1 - EPS) & (truth - low < 1 - EPS)
        if not unsettled.any():
            break
        weights = rng.uniform(0.5, 1.5, len(hidden)) * rng.choice([-1.0, 1.0], len(hidden))
        weights[~unsettled] *= 1e-3
        seen = attack.sample(weights)
        low, high = np.minimum(low, seen), np.maximum(high, seen)
    found: list[Disclosure] = []
    for i, cell in enumerate(hidden):
        cell = int(cell)
        if cell in skipped or high[i] - truth[i] >= 1 - EPS or truth[i] - low[i] >= 1 - EPS:
            continue
        lower, upper = attack.bounds(cell)
        if holds_one_integer(lower.value, upper.value):
            found.append(Disclosure(cell, tuple(sorted(set(lower.certificate + upper.certificate)))))
    return found


@dataclass(frozen=True)
class Interval:
    """What the reader can tell about one hidden cell."""

    cell: int
    labels: tuple[str, ...]
    value: int
    lower: float
    upper: float

    @property
    def determined(self) -> bool:
        """True when the interval holds a single whole number: the cell is given away."""
        return holds_one_integer(self.lower, self.upper)

    def within(self, max_n: int) -> bool:
        """True when the reader can tell the cell is small (informational, not a failure)."""
        return self.upper <= max_n + EPS


@dataclass(frozen=True)
class AuditResult:
    """Every hidden cell's interval; safe when none is determined."""

    intervals: tuple[Interval, ...]
    floor: int

    @property
    def disclosed(self) -> tuple[Interval, ...]:
        """The hidden cells the reader can compute exactly."""
        return tuple(i for i in self.intervals if i.determined)

    @property
    def safe(self) -> bool:
        """Whether no hidden cell can be computed from what is printed."""
        return not self.disclosed


def audit_intervals(
    attack: Attack, values: IntArray, labels: list[tuple[str, ...]]
) -> AuditResult:
    """Both bounds for every hidden cell."""
    out: list[Interval] = []
    for cell in attack.hidden_rows:
        cell = int(cell)
        lower, upper = attack.bounds(cell)
        out.append(Interval(cell, labels[cell], int(values[cell]), lower.value, upper.value))
    return AuditResult(tuple(out), attack.floor)
