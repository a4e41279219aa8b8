"""Integer arithmetic for synthetic registers: turning shares into exact counts.

The demo register must reproduce published totals exactly, so every split of a
total (percent → counts, a margin over categories, a category × gender table) is
done in integers whose sums are exact by construction, never by rounding each
cell on its own and hoping.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Hashable, Mapping
from typing import TypeVar

K = TypeVar("K", bound=Hashable)
R = TypeVar("R", bound=Hashable)
C = TypeVar("C", bound=Hashable)


def largest_remainder(total: int, weights: Mapping[K, float]) -> dict[K, int]:
    """Split ``total`` in proportion to ``weights`` so that the parts sum to it exactly.

    Hare's largest-remainder method, the one used to turn a report's percents
    back into counts: floor every share, then give the missing units to the
    largest fractional parts (ties by the order of ``weights``, so it is stable).
    """
    keys = list(weights)
    if total < 0:
        raise ValueError(f"negative total {total}")
    if not keys:
        if total:
            raise ValueError("nothing to split a positive total over")
        return {}
    weight_sum = sum(max(0.0, weights[key]) for key in keys)
    if weight_sum <= 0:
        weight_sum = float(len(keys))
        shares = {key: total / weight_sum for key in keys}
    else:
        shares = {key: total * max(0.0, weights[key]) / weight_sum for key in keys}
    parts = {key: math.floor(shares[key]) for key in keys}
    missing = total - sum(parts.values())
    order = sorted(keys, key=lambda key: (-(shares[key] - parts[key]), keys.index(key)))
    for key in order[:missing]:
        parts[key] += 1
    return parts


def capped_spread(
    total: int, weights: Mapping[K, float], cap: int, *, minimum: int = 1
) -> dict[K, int]:
    """Spread ``total`` over the keys with every part in ``[minimum, cap]``.

    Used for "Øvrige land" (no unnamed country may outgrow the smallest named
    one) and for hidden cells (each between 1 and 5). Raises if impossible.
    """
    keys = list(weights)
    if total < minimum * len(keys) or total > cap * len(keys):
        raise ValueError(f"cannot spread {total} over {len(keys)} parts in [{minimum}, {cap}]")
    parts = dict.fromkeys(keys, minimum)
    left = total - minimum * len(keys)
    while left:
        open_keys = {key: weights[key] for key in keys if parts[key] < cap}
        step = largest_remainder(left, open_keys)
        for key, extra in step.items():
            room = cap - parts[key]
            take = min(room, extra)
            parts[key] += take
            left -= take
    return parts


def fit_table(
    row_totals: Mapping[R, int],
    col_totals: Mapping[C, int],
    weights: Mapping[R, Mapping[C, float]],
    fixed: Mapping[tuple[R, C], int] | None = None,
) -> dict[R, dict[C, int]]:
    """An integer table with the given margins, fixed cells and a plausible shape.

    Published cross-tabulations give a few cells (e.g. 70 % girls within
    Negativ sosial kontroll) and the margins (gender totals); the rest must be
    filled so that both margins hold exactly. Rows are filled one by one in
    proportion to weight × what the column still needs, most constrained rows
    first; the last, least constrained row takes the exact remainder.
    """
    fixed = dict(fixed or {})
    if sum(row_totals.values()) != sum(col_totals.values()):
        raise ValueError("row and column totals differ")
    table, row_left, col_left = _place_fixed(row_totals, col_totals, fixed)

    def free(row: R) -> list[C]:
        return [col for col in col_totals if (row, col) not in fixed]

    def allowed(row: R) -> list[C]:
        return [col for col in free(row) if weights[row].get(col, 0.0) > 0]

    ordered, last = _fill_order(row_left, len(col_totals), free, allowed)
    for row in ordered:
        need = row_left[row]
        # Columns the row's shape allows first; any free column only if they run out.
        for pool in (allowed(row), free(row)):
            need = _fill_from(pool, need, weights[row], col_left, table[row])
        if need:
            raise ValueError(f"row {row!r} cannot be filled")
        row_left[row] = 0
    if last is not None:
        for col in col_totals:
            table[last][col] += col_left[col]
            col_left[col] = 0
    if any(col_left.values()):
        raise ValueError("columns left unfilled")
    return table


def _place_fixed(
    row_totals: Mapping[R, int],
    col_totals: Mapping[C, int],
    fixed: Mapping[tuple[R, C], int],
) -> tuple[dict[R, dict[C, int]], dict[R, int], dict[C, int]]:
    """The table with only its published cells, and what each row and column still needs."""
    table: dict[R, dict[C, int]] = {row: dict.fromkeys(col_totals, 0) for row in row_totals}
    row_left = dict(row_totals)
    col_left = dict(col_totals)
    for (row, col), value in fixed.items():
        table[row][col] = value
        row_left[row] -= value
        col_left[col] -= value
    if any(v < 0 for v in row_left.values()) or any(v < 0 for v in col_left.values()):
        raise ValueError("fixed cells exceed a margin")
    return table, row_left, col_left


def _fill_order(
    row_left: Mapping[R, int],
    column_count: int,
    free: Callable[[R], list[C]],
    allowed: Callable[[R], list[C]],
) -> tuple[list[R], R | None]:
    """The rows to fill, most constrained first, and the row kept to take the remainder.

    The kept row is the largest one with no fixed cell: it can absorb whatever
    the other rows leave in every column, so both margins come out exact.
    """
    candidates = [row for row in row_left if row_left[row] > 0]
    fully_free = [row for row in candidates if len(free(row)) == column_count]
    last = max(fully_free, key=lambda row: row_left[row]) if fully_free else None
    ordered = sorted(
        (row for row in candidates if row != last),
        key=lambda row: (len(allowed(row)), row_left[row]),
    )
    return ordered, last


def _fill_from(
    pool: list[C],
    need: int,
    row_weights: Mapping[C, float],
    col_left: dict[C, int],
    cells: dict[C, int],
) -> int:
    """Give ``need`` to the columns in ``pool`` in proportion to weight × what each
    column still needs, never more than a column needs; return what is left over."""
    while need:
        scores = {
            col: (row_weights.get(col, 0.0) or 1e-6) * col_left[col]
            for col in pool
            if col_left[col] > 0
        }
        if not scores:
            break
        for col, part in largest_remainder(need, scores).items():
            take = min(part, col_left[col])
            cells[col] += take
            col_left[col] -= take
            need -= take
    return need


def shuffled_labels(counts: Mapping[K, int], rng: random.Random) -> list[K]:
    """The multiset ``counts`` as a list in random order (one label per case)."""
    labels = [label for label, count in counts.items() for _ in range(count)]
    rng.shuffle(labels)
    return labels


def jitter(weights: Mapping[K, float], rng: random.Random, spread: float = 0.15) -> dict[K, float]:
    """Weights varied a little, so plausible years are not copies of each other."""
    return {key: value * (1 + rng.uniform(-spread, spread)) for key, value in weights.items()}


def counts_from_percents(total: int, percents: Mapping[K, float], rest_key: K) -> dict[K, int]:
    """Published percents back to counts of ``total``; what they leave goes to ``rest_key``."""
    shares: dict[K, float] = dict(percents)
    rest = 100.0 - sum(percents.values())
    if rest > 0:
        shares[rest_key] = rest
    return largest_remainder(total, shares)
