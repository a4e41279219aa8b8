"""Secondary suppression by Gaussian elimination, in the manner of Langsrud (SSB).

Every published cell is a vector over the attacker's unknowns. A hidden cell is
*linearly* given away exactly when its vector lies in the span of the printed
cells' vectors. We walk the candidates in the order we would most like to
print them (totals and large cells first) and keep the printed span in reduced
form: a candidate already in the span costs nothing to print; a candidate that
would pull a protected cell into the span is hidden instead (secondary), and
from then on it is protected itself, because a hidden cell whose value can be
computed is no better hidden than printed.

Arithmetic is exact: integers modulo the prime 2**31 − 1, so nothing is lost
to rounding and no tolerance has to be tuned. Elimination modulo a prime agrees
with elimination over the rationals unless the prime divides a minor of the
0/±1 matrix, which for table structures does not happen in practice; and the
LP audit that follows would catch it anyway, so the result stays safe.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from tallrapport.disclosure.tables import BoolArray, IntArray

PRIME = 2_147_483_647


@dataclass(frozen=True)
class GaussResult:
    """What the elimination decided, as indices into the columns it was given."""

    secondary: tuple[int, ...]
    lost: tuple[int, ...]
    """Protected columns that the forced columns alone already determine."""


def gauss_secondary(
    vectors: sp.csr_array,
    *,
    forced: IntArray,
    candidates: IntArray,
    protected: IntArray,
) -> GaussResult:
    """Choose secondary suppressions so no protected vector is in the printed span.

    ``vectors`` holds one row per published cell or known equation, over the
    unknowns. ``forced`` rows are printed whatever happens (known equations,
    fixed cells), in order; ``candidates`` are tried in order of preference to
    print; ``protected`` rows must never fall into the printed span.
    """
    work: npt.NDArray[np.int64] = np.mod(vectors.toarray().astype(np.int64), PRIME)
    n_rows = work.shape[0]
    is_protected = np.zeros(n_rows, dtype=bool)
    is_protected[protected] = True
    active = is_protected.copy()
    # Forced and candidate rows stay reduced against every pivot taken before
    # their turn, so each is tested against the whole printed span.
    active[candidates] = True
    active[forced] = True
    lost: list[int] = []
    secondary: list[int] = []

    # A protected cell that is already the zero vector is given away by the
    # known zeros alone; nothing we hide can change that.
    for row in protected:
        if not work[row].any():
            lost.append(int(row))
            is_protected[row] = False

    for row in forced:
        row = int(row)
        active[row] = False
        if not work[row].any():
            continue
        for dead in _eliminate(work, active, is_protected, row, commit_if_safe=False):
            lost.append(dead)
            is_protected[dead] = False
            active[dead] = False

    for row in candidates:
        row = int(row)
        active[row] = False
        if is_protected[row] or not work[row].any():
            continue
        if _eliminate(work, active, is_protected, row, commit_if_safe=True):
            secondary.append(row)
            is_protected[row] = True
            active[row] = True

    return GaussResult(tuple(secondary), tuple(lost))


def _eliminate(
    work: npt.NDArray[np.int64],
    active: BoolArray,
    is_protected: BoolArray,
    row: int,
    *,
    commit_if_safe: bool,
) -> list[int]:
    """Pivot on ``row`` (reducing ``work`` in place); return the protected rows this
    would determine. With ``commit_if_safe``, nothing changes if any would."""
    vector = work[row]
    support = np.flatnonzero(vector)
    pivot = int(support[0])
    inverse = pow(int(vector[pivot]), PRIME - 2, PRIME)
    normal = np.mod(vector[support] * inverse, PRIME)
    touched = np.flatnonzero(active & (work[:, pivot] != 0))
    touched = touched[touched != row]
    guarded = touched[is_protected[touched]]
    factors = work[guarded, pivot]
    block = np.mod(work[np.ix_(guarded, support)] - factors[:, None] * normal[None, :], PRIME)
    # A protected row dies when its entries on the pivot's support vanish
    # and it had none elsewhere.
    rest = work[guarded].copy()
    rest[:, support] = block
    dying = guarded[~rest.any(axis=1)]
    if commit_if_safe and len(dying):
        return [int(r) for r in dying]
    work[guarded] = rest
    others = touched[~is_protected[touched]]
    if len(others):
        f = work[others, pivot]
        work[np.ix_(others, support)] = np.mod(
            work[np.ix_(others, support)] - f[:, None] * normal[None, :], PRIME
        )
    return [int(r) for r in dying]
