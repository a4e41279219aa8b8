"""Primary suppression: which cells are too sensitive to print on their own.

A rule looks at the published cells and says which must be hidden. The reports'
rule is "5 or fewer are not given"; whether a zero is sensitive is a separate,
explicit choice, because it changes what a reader can infer from a ``*``: when
zeros are always printed, every ``*`` is known to be at least 1.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from tallrapport.disclosure.tables import BoolArray, Layout, Problem


class PrimaryRule(Protocol):
    """Anything that marks published cells as primary suppressed."""

    def __call__(self, problem: Problem, layout: Layout) -> BoolArray:
        """Return one flag per published cell: True means the cell must be hidden."""
        ...


@dataclass(frozen=True)
class FrequencyRule:
    """Hide counts from 1 to ``max_n``; hide zeros too only when ``protect_zeros``.

    Zeros are printed by default because the reports print them and a zero is
    usually no secret about a person; protecting them is the option for tables
    where "nobody in this group" is itself sensitive.
    """

    max_n: int = 5
    protect_zeros: bool = False
    not_sensitive: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Levels that describe no person (``{"gender": ("ukjent",)}``): a cell of only
    such levels in some dimension says that something was not recorded, and a
    small count of it identifies nobody. Such cells stay in every equation."""

    def __post_init__(self) -> None:
        if self.max_n < 0:
            raise ValueError("max_n must be zero or more")

    def __call__(self, problem: Problem, layout: Layout) -> BoolArray:
        values = layout.values
        low = 0 if self.protect_zeros else 1
        small = (values >= low) & (values <= self.max_n)
        exempt = self._exempt_masks(problem)
        if not exempt:
            return np.asarray(small, dtype=bool)
        for cell in np.flatnonzero(small).tolist():
            key = layout.keys[cell]
            if any(key[d] and not key[d] & ~mask for d, mask in exempt.items()):
                small[cell] = False
        return np.asarray(small, dtype=bool)

    def _exempt_masks(self, problem: Problem) -> dict[int, int]:
        names = [d.name for d in problem.dimensions]
        masks: dict[int, int] = {}
        for dim_name, levels in self.not_sensitive.items():
            if dim_name not in names:
                continue  # a problem without that dimension has no such cells
            dim = problem.dimension(dim_name)
            mask = 0
            for level in levels:
                if level in dim.levels:
                    mask |= dim.mask(level)
            if mask:
                masks[names.index(dim_name)] = mask
        return masks


def primary_cells(problem: Problem, layout: Layout, rules: tuple[PrimaryRule, ...]) -> BoolArray:
    """Cells that any rule marks; rules combine by union so each can only add protection."""
    flags = np.zeros(layout.n_cells, dtype=bool)
    for rule in rules:
        marked = np.asarray(rule(problem, layout), dtype=bool)
        if marked.shape != flags.shape:
            raise ValueError(f"rule {rule!r} returned {marked.shape}, expected {flags.shape}")
        flags |= marked
    return flags
