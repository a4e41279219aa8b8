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
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from scipy.optimize import linprog

from tallrapport.disclosure.space import Space
from tallrapport.disclosure.tables import BoolArray, IntArray

if TYPE_CHECKING:
    from tallrapport.disclosure.knowledge import Public

EPS = 1e-6
FloatArray = npt.NDArray[np.float64]


def holds_one_integer(lower: float, upper: float) -> bool:
    """Whether [lower, upper] contains at most one whole number."""
    if not (math.isfinite(lower) and math.isfinite(upper)):
        return False
    return math.floor(upper + EPS) - math.ceil(lower - EPS) < 1


@dataclass(frozen=True)
class Bound:
    """An optimum and the printed cells whose equations pin it (nonzero duals)."""

    value: float
    certificate: tuple[int, ...]


class _Undecided(Exception):
    """HiGHS stopped without an answer we trust; the caller retries with linprog."""


Solved = tuple[float, FloatArray, FloatArray] | None
UNBOUNDED: Solved = None
"""An objective without optimum: the cell can be as large as the reader likes."""


class _HighsModel:
    """One HiGHS model kept alive across objectives.

    Each bound differs from the last only in its objective, so the previous
    optimal basis stays primal feasible and primal simplex needs a handful of
    iterations (about 3 ms instead of 15-35 ms per bound through ``linprog``).
    scipy ships HiGHS's own bindings but not as public API, hence the guard:
    if they are missing or change, :class:`Attack` falls back to ``linprog``.
    """

    def __init__(self, matrix: sp.csc_array, lower: FloatArray, upper: FloatArray) -> None:
        from scipy.optimize._highspy import _core  # type: ignore[import-not-found,unused-ignore]

        self._core = _core
        n_rows, n_cols = matrix.shape
        lp = _core.HighsLp()
        lp.num_col_ = n_cols
        lp.num_row_ = n_rows
        lp.a_matrix_.num_col_ = n_cols
        lp.a_matrix_.num_row_ = n_rows
        lp.a_matrix_.format_ = _core.MatrixFormat.kColwise
        lp.a_matrix_.start_ = np.asarray(matrix.indptr, dtype=np.int32)
        lp.a_matrix_.index_ = np.asarray(matrix.indices, dtype=np.int32)
        lp.a_matrix_.value_ = np.asarray(matrix.data, dtype=np.float64)
        lp.col_cost_ = np.zeros(n_cols)
        lp.col_lower_ = np.zeros(n_cols)
        lp.col_upper_ = np.full(n_cols, np.inf)
        lp.row_lower_ = lower
        lp.row_upper_ = upper
        highs = _core._Highs()
        highs.setOptionValue("output_flag", False)
        highs.setOptionValue("presolve", "off")
        highs.setOptionValue("simplex_strategy", 4)  # primal: keeps the basis feasible
        if highs.passModel(lp) != _core.HighsStatus.kOk:
            raise RuntimeError("HiGHS refused the model")
        self._highs = highs
        self._columns = np.arange(n_cols, dtype=np.int32)

    def set_row_bounds(self, row: int, lower: float, upper: float) -> None:
        self._highs.changeRowBounds(row, lower, upper)

    def solve(self, objective: FloatArray) -> Solved:
        """The optimum, or UNBOUNDED; raises _Undecided when HiGHS could not tell."""
        highs = self._highs
        highs.changeColsCost(len(self._columns), self._columns, objective)
        highs.run()
        status = highs.getModelStatus()
        if status == self._core.HighsModelStatus.kUnbounded:
            return UNBOUNDED
        if status != self._core.HighsModelStatus.kOptimal:
            raise _Undecided(str(status))
        solution = highs.getSolution()
        x = np.asarray(solution.col_value, dtype=np.float64)
        duals = np.asarray(solution.row_dual, dtype=np.float64)
        return float(objective @ x), x, duals


class Attack:
    """The reader's LP for one publication pattern, over the clique unknowns.

    Every published cell is a row: printed ones fixed at their value, hidden
    ones bounded below by ``floor``; the separator equations are rows fixed at
    0. Hiding one more cell only changes that row's bounds, so the singleton
    loop keeps one model for all its rounds.
    """

    def __init__(
        self,
        space: Space,
        values: IntArray,
        hidden: BoolArray,
        *,
        floor: int,
        persistent: bool = True,
        floors: FloatArray | None = None,
    ) -> None:
        cells = sp.csr_array(space.cells.astype(np.float64))
        consistency = sp.csr_array(space.consistency.astype(np.float64))
        self.cells = cells
        self.values = values.astype(np.float64)
        self.hidden = np.asarray(hidden, dtype=bool).copy()
        self.floor = floor
        self.n_cells = cells.shape[0]
        # What the reader knows each cell to be at least once hidden: the
        # report's floor, or what the earlier edition that hid it promised.
        self.floors: FloatArray = (
            np.full(self.n_cells, float(floor))
            if floors is None
            else np.asarray(floors, dtype=np.float64).copy()
        )
        self._nonempty = np.diff(cells.indptr) > 0
        self._matrix = sp.csc_array(sp.vstack([cells, consistency]))
        lower, upper = self._bounds()
        self._model: _HighsModel | None = None
        if persistent:
            try:
                self._model = _HighsModel(self._matrix, lower, upper)
            except (ImportError, AttributeError, RuntimeError, TypeError):
                self._model = None

    @property
    def hidden_rows(self) -> IntArray:
        """The hidden cells, as indices."""
        return np.flatnonzero(self.hidden)

    @property
    def empty_hidden(self) -> set[int]:
        """Hidden cells without unknowns: they are zero and everyone knows it."""
        return {int(c) for c in np.flatnonzero(self.hidden & ~self._nonempty)}

    def _bounds(self) -> tuple[FloatArray, FloatArray]:
        n_cons = self._matrix.shape[0] - self.n_cells
        lower = np.concatenate([self.values, np.zeros(n_cons)])
        upper = lower.copy()
        # A hidden cell without unknowns is zero whatever the floor says.
        floor_rows = self.hidden & self._nonempty
        lower[: self.n_cells][floor_rows] = self.floors[floor_rows]
        upper[: self.n_cells][floor_rows] = np.inf
        return lower, upper

    def hide(self, cell: int) -> None:
        """Hide one more cell: its equation becomes ``cell >= floor``."""
        self.hidden[cell] = True
        if self._model is not None and self._nonempty[cell]:
            self._model.set_row_bounds(cell, float(self.floors[cell]), np.inf)

    def show(self, cell: int) -> None:
        """Print a cell again (undoes :meth:`hide`, for trying a choice out)."""
        self.hidden[cell] = False
        if self._model is not None and self._nonempty[cell]:
            value = float(self.values[cell])
            self._model.set_row_bounds(cell, value, value)

    def determined(self, cell: int) -> bool:
        """Whether the reader can compute ``cell`` under the current pattern."""
        high, _ = self.optimum(cell, maximise=True)
        if not math.isfinite(high.value) or high.value >= self.values[cell] + 1 - EPS:
            return False
        low, _ = self.optimum(cell, maximise=False)
        return holds_one_integer(low.value, high.value)

    def _solve(self, objective: FloatArray) -> Solved:
        """Minimise; None means unbounded below."""
        if self._model is not None:
            try:
                return self._model.solve(objective)
            except _Undecided:
                pass
        return self._linprog(objective)

    def _linprog(self, objective: FloatArray) -> Solved:
        lower, upper = self._bounds()
        matrix = sp.csr_array(self._matrix)
        equal = lower == upper
        eq_rows, ub_rows = np.flatnonzero(equal), np.flatnonzero(~equal)
        result = linprog(  # type: ignore[call-overload]
            objective,
            A_ub=sp.csr_array(-matrix[ub_rows]) if len(ub_rows) else None,
            b_ub=-lower[ub_rows] if len(ub_rows) else None,
            A_eq=matrix[eq_rows],
            b_eq=lower[eq_rows],
            bounds=(0, None),
            method="highs",
        )
        if result.status == 3:
            return UNBOUNDED
        if result.status != 0:
            raise RuntimeError(f"audit LP failed: {result.message}")
        duals = np.zeros(len(lower))
        duals[eq_rows] = np.asarray(result.eqlin.marginals, dtype=np.float64)
        return float(result.fun), np.asarray(result.x, dtype=np.float64), duals

    def _certificate(self, duals: FloatArray) -> tuple[int, ...]:
        pinning = np.abs(duals[: self.n_cells]) > EPS
        return tuple(int(c) for c in np.flatnonzero(pinning & ~self.hidden))

    def optimum(self, cell: int, *, maximise: bool) -> tuple[Bound, FloatArray | None]:
        """One bound of ``cell`` and the optimal point (None when the cell has no unknown)."""
        if cell in self.empty_hidden:
            return Bound(0.0, ()), None
        objective = self.cells[[cell]].toarray().ravel()
        solved = self._solve(-objective if maximise else objective)
        if solved is None:
            return Bound(np.inf if maximise else -np.inf, ()), None
        value, x, duals = solved
        return Bound(-value if maximise else value, self._certificate(duals)), x

    def bounds(self, cell: int) -> tuple[Bound, Bound]:
        """The least and greatest value of ``cell`` the reader cannot rule out."""
        low, _ = self.optimum(cell, maximise=False)
        high, _ = self.optimum(cell, maximise=True)
        return low, high

    def hidden_values(self, x: FloatArray) -> FloatArray:
        """The hidden cells' values at a point of the unknowns."""
        return np.asarray(self.cells[self.hidden_rows] @ x, dtype=np.float64)

    def sample(self, weights: FloatArray) -> FloatArray | None:
        """Values of every hidden cell at the optimum of a weighted objective."""
        hidden = self.cells[self.hidden_rows]
        objective = np.asarray(weights @ hidden, dtype=np.float64).ravel()
        solved = self._solve(objective)
        if solved is None:
            return None
        return self.hidden_values(solved[1])


@dataclass(frozen=True)
class Disclosure:
    """A hidden cell the reader can compute, and the printed cells that give it away."""

    cell: int
    certificate: tuple[int, ...]


class Seen:
    """The range of values each hidden cell took at feasible points seen so far.

    Hiding more cells only turns equations ``cell = value`` into ``cell >= 1``
    (value >= 1), so every point that was feasible stays feasible: what we saw
    in an earlier round of the singleton loop still counts.
    """

    def __init__(self, n_cells: int) -> None:
        self.low: FloatArray = np.full(n_cells, np.inf)
        self.high: FloatArray = np.full(n_cells, -np.inf)

    def add(self, cells: IntArray, seen: FloatArray) -> None:
        """Record the hidden cells' values at one feasible point."""
        self.low[cells] = np.minimum(self.low[cells], seen)
        self.high[cells] = np.maximum(self.high[cells], seen)

    def settled(self, cells: IntArray, truth: FloatArray) -> BoolArray:
        """Whether two whole numbers are known possible, per cell."""
        return np.asarray(
            (self.high[cells] - truth >= 1 - EPS) | (truth - self.low[cells] >= 1 - EPS),
            dtype=bool,
        )


def find_disclosures(
    attack: Attack,
    values: IntArray,
    *,
    seen: Seen | None = None,
    skip: Iterable[int] = (),
    samples: int = 2,
    seed: int = 0,
) -> list[Disclosure]:
    """Hidden cells whose interval holds one whole number, found cheaply.

    Most hidden cells are far from determined, and every LP we solve gives a
    feasible point that may show it: a cell seen at values at least 1 apart is
    safe without LPs of its own. The true table is feasible too. Only cells
    still unsettled get their own bound LPs, one at a time, each solution
    settling others on the way.
    """
    seen = seen if seen is not None else Seen(len(values))
    skipped = set(skip)
    hidden = attack.hidden_rows
    truth = values[hidden].astype(np.float64)
    seen.add(hidden, truth)
    _sample_points(attack, seen, truth, samples=samples, seed=seed)
    found: list[Disclosure] = []
    for i, cell in enumerate(hidden.tolist()):
        if cell in skipped or seen.settled(np.array([cell]), truth[i : i + 1])[0]:
            continue
        certificate = _determining_certificate(attack, seen, cell, truth[i : i + 1])
        if certificate is not None:
            found.append(Disclosure(cell, tuple(sorted(certificate))))
    return found


def _sample_points(
    attack: Attack, seen: Seen, truth: npt.NDArray[np.float64], *, samples: int, seed: int
) -> None:
    """Feasible points in random directions, weighted toward the cells still open."""
    hidden = attack.hidden_rows
    rng = np.random.default_rng(seed)
    for _ in range(samples):
        open_ = ~seen.settled(hidden, truth)
        if open_.sum() < 8:
            break
        weights = rng.uniform(0.5, 1.5, len(hidden)) * rng.choice([-1.0, 1.0], len(hidden))
        weights[~open_] *= 1e-3
        point = attack.sample(weights)
        if point is not None:
            seen.add(hidden, point)


def _determining_certificate(
    attack: Attack, seen: Seen, cell: int, truth: npt.NDArray[np.float64]
) -> set[int] | None:
    """The equations that pin ``cell`` to one whole number, or None if both of its
    bounds leave room for two (each LP's solution settles other cells on the way)."""
    one = np.array([cell])
    certificate: set[int] = set()
    for maximise in (True, False):
        bound, x = attack.optimum(cell, maximise=maximise)
        if x is not None:
            seen.add(attack.hidden_rows, attack.hidden_values(x))
        certificate.update(bound.certificate)
        if not math.isfinite(bound.value) or seen.settled(one, truth)[0]:
            return None
    return certificate


@dataclass(frozen=True)
class Interval:
    """What the reader can tell about one hidden cell."""

    cell: int
    labels: tuple[str, ...]
    value: int
    lower: float
    upper: float
    sensitive: bool = True
    """Whether the count is one the rules protect; only then is determining it a disclosure."""
    public: bool = False
    """Whether the earlier numbers alone already determine it."""

    @property
    def determined(self) -> bool:
        """True when the interval holds a single whole number: the cell is given away."""
        return holds_one_integer(self.lower, self.upper)

    def within(self, max_n: int) -> bool:
        """True when the reader can tell the cell is small (informational, not a failure)."""
        return self.upper <= max_n + EPS


@dataclass(frozen=True)
class AuditResult:
    """Every hidden cell's interval; safe when no sensitive count is newly determined."""

    intervals: tuple[Interval, ...]
    floor: int
    public: tuple[Public, ...] = ()
    """Sensitive counts given away before this publication: named, not failures."""

    @property
    def disclosed(self) -> tuple[Interval, ...]:
        """The sensitive hidden counts this publication lets the reader compute."""
        return tuple(i for i in self.intervals if i.determined and i.sensitive and not i.public)

    @property
    def safe(self) -> bool:
        """Whether no sensitive hidden count can be computed that was not public before."""
        return not self.disclosed


def audit_intervals(
    attack: Attack,
    values: IntArray,
    labels: list[tuple[str, ...]],
    *,
    sensitive: BoolArray | None = None,
    public: Iterable[int] = (),
    found: tuple[Public, ...] = (),
) -> AuditResult:
    """Both bounds for every hidden cell."""
    known = set(public)
    out: list[Interval] = []
    for cell in attack.hidden_rows:
        cell = int(cell)
        lower, upper = attack.bounds(cell)
        out.append(
            Interval(
                cell,
                labels[cell],
                int(values[cell]),
                lower.value,
                upper.value,
                sensitive=True if sensitive is None else bool(sensitive[cell]),
                public=cell in known,
            )
        )
    return AuditResult(tuple(out), attack.floor, found)
