"""The repair step: what Gaussian elimination leaves to non-negativity, hidden one cell at a time.

Elimination makes sure no hidden cell is a linear combination of printed
ones. The reader also knows that counts are never negative and, where zeros
are printed, that every ``*`` is at least 1: a row "total 2 = shown 0 + * + *"
gives both stars away although neither is in the printed span. The LP audit
finds such cells; its duals name the printed cells that pin each; we hide one
of those and look again, until the audit finds nothing.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

from tallrapport.disclosure.audit import Attack, Disclosure, Seen, find_disclosures
from tallrapport.disclosure.tables import BoolArray, IntArray


def repair(
    attack: Attack,
    values: IntArray,
    protected: BoolArray,
    eligible: BoolArray,
    unprotectable: dict[int, tuple[str, tuple[int, ...]]],
    rank: IntArray,
) -> None:
    """Hide a pinning cell for each sensitive count still determined, until none is.

    Only sensitive counts are repaired: a large secondary cell that the reader
    can compute gives nobody away, and hiding more to save it costs printed
    numbers for nothing. Each round's choices are made one disclosure at a
    time, so a later choice can make an earlier one unnecessary: those are
    shown again (:func:`_prune`), and a last full check repairs anything the
    pruning got wrong. The repair only ever hides more, so it ends.
    """
    shares = _sharing(attack.cells)
    added: list[int] = []
    prunes = 0
    # Points seen feasible stay feasible while cells are only hidden; showing
    # cells again (the pruning) ends that, so it starts afresh then.
    seen = Seen(attack.n_cells)
    while True:
        skip = set(unprotectable) | {int(c) for c in np.flatnonzero(~protected)}
        found = find_disclosures(attack, values, seen=seen, skip=skip)
        if not found:
            if prunes == PRUNE_ROUNDS or not added:
                return
            _prune(attack, values, protected, added, shares)
            added = []
            prunes += 1
            seen = Seen(attack.n_cells)
            continue
        for number, disclosure in enumerate(found):
            cell = disclosure.cell
            if number and not attack.determined(cell):
                continue  # an earlier choice in this round already freed it
            choice = _pick(attack, disclosure, eligible & ~attack.hidden, shares, rank)
            if choice is None:
                unprotectable[cell] = (
                    "the earlier numbers, printed zeros and non-negativity determine it",
                    disclosure.certificate,
                )
                continue
            attack.hide(choice)
            added.append(choice)


def _prune(
    attack: Attack,
    values: IntArray,
    protected: BoolArray,
    added: Sequence[int],
    shares: BoolArray,
) -> None:
    """Show again the repair's cells that no sensitive count needs any more.

    Largest first, as we would rather print them. Whether showing one gives a
    count away is checked among the counts that share unknowns with it, where
    it nearly always shows; the caller's full check after the pruning repairs
    whatever this local check missed.
    """
    for cell in sorted(added, key=lambda c: (-int(values[c]), c)):
        attack.show(cell)
        near = np.flatnonzero(shares[cell] & protected & attack.hidden).tolist()
        if any(attack.determined(int(other)) for other in near):
            attack.hide(cell)


PRUNE_ROUNDS = 3
"""How often the repair's cells are pruned; each round's full check may add a few again."""

LOOKAHEAD = 8
"""How many pinning cells to try before settling for the first."""


def _pick(
    attack: Attack,
    disclosure: Disclosure,
    allowed: BoolArray,
    shares: BoolArray,
    rank: IntArray,
) -> int | None:
    """Which printed cell to hide so that the disclosed cell is free again.

    Candidates are the cells whose equations pin it (LP duals), those that
    share unknowns with it first, each group from the largest count. A small
    partner tends to leave the same pattern (a hidden sum equal to the number
    of ``*``) one margin further, and the repair then cascades; a large one
    ends it, and measured on the bench's problems it costs fewer cells and
    moves less when the counts move a little. We try a few: the first whose
    hiding actually frees the cell wins.
    """
    cell = disclosure.cell
    pinning = [c for c in disclosure.certificate if allowed[c]]
    if not pinning:
        pinning = [int(c) for c in np.flatnonzero(shares[cell] & allowed)]
    if not pinning:
        return None
    pinning.sort(key=lambda c: (not shares[cell, c], int(rank[c])))
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
