"""Tables: inner cells over named dimensions, and the published cells built from them.

A *problem* is the finest cross-classification of counts (every combination of
levels, zeros included) plus the list of tables a report prints. Every table is
the crossing of some dimensions with all its margins. What an attacker sees is
a set of *published cells*; each is the sum of a product set of inner cells.
Two tables that print the same product set print the same number, so they
print **one** cell: we identify a cell by the set of inner cells it sums,
never by the labels a table gives it (a group that covers every level is the
total; a group of one level is that level).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

TOTAL = "Total"
"""The label of a margin, in every dimension."""

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class Dimension:
    """One classification variable, its levels and optional groups of levels.

    ``groups`` maps a group label (e.g. ``"Øvrige land"``) to its members, which
    are levels or other groups. Groups appear as extra labels of the dimension,
    so a report can print a country table whose small countries are folded into
    one row and still be protected together with every other table.
    """

    name: str
    levels: tuple[str, ...]
    groups: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        labels = list(self.levels) + list(self.groups)
        if not self.levels:
            raise ValueError(f"dimension {self.name!r} has no levels")
        if len(set(labels)) != len(labels):
            raise ValueError(f"dimension {self.name!r} repeats a level or group label")
        if TOTAL in labels:
            raise ValueError(f"dimension {self.name!r}: {TOTAL!r} is reserved for margins")
        for group, members in self.groups.items():
            if not members:
                raise ValueError(f"dimension {self.name!r}: group {group!r} is empty")

    @property
    def labels(self) -> tuple[str, ...]:
        """Every label a table may print for this dimension, the total excluded."""
        return self.levels + tuple(self.groups)

    def mask(self, label: str) -> int:
        """The set of levels a label covers, as a bit mask over ``levels``."""
        return self._masks()[label]

    def _masks(self) -> dict[str, int]:
        masks: dict[str, int] = {level: 1 << i for i, level in enumerate(self.levels)}
        masks[TOTAL] = (1 << len(self.levels)) - 1
        resolving: set[str] = set()

        def resolve(label: str) -> int:
            if label in masks:
                return masks[label]
            if label not in self.groups:
                raise ValueError(f"dimension {self.name!r}: unknown group member {label!r}")
            if label in resolving:
                raise ValueError(f"dimension {self.name!r}: group {label!r} contains itself")
            resolving.add(label)
            value = 0
            for member in self.groups[label]:
                value |= resolve(member)
            masks[label] = value
            return value

        for group in self.groups:
            resolve(group)
        return masks


@dataclass(frozen=True)
class TableSpec:
    """A published table: the crossing of ``dims`` with all its margins.

    ``codes`` may restrict, per dimension, which labels the table prints (for a
    country table that shows the large countries and ``"Øvrige land"``); the
    total is always printed. Dimensions a table does not name are summed over.
    """

    name: str
    dims: tuple[str, ...]
    codes: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @classmethod
    def parse(cls, text: str) -> TableSpec:
        """Read ``"category*year"`` as the table of category by year."""
        dims = tuple(part.strip() for part in text.split("*"))
        if any(not d for d in dims):
            raise ValueError(f"table {text!r}: empty dimension name")
        if len(set(dims)) != len(dims):
            raise ValueError(f"table {text!r} names a dimension twice")
        return cls(name=text, dims=dims)


@dataclass(frozen=True)
class PublishedRow:
    """One printed position: a table, the label per problem dimension, and its cell."""

    table: str
    labels: tuple[str, ...]
    cell: int


class Problem:
    """Inner counts over dimensions and the tables to publish from them.

    ``freq`` has one axis per dimension, in order, with one entry per level:
    every zero combination is present by construction.
    """

    def __init__(
        self,
        dimensions: Sequence[Dimension],
        freq: npt.ArrayLike,
        tables: Iterable[TableSpec | str],
    ) -> None:
        self.dimensions: tuple[Dimension, ...] = tuple(dimensions)
        names = [d.name for d in self.dimensions]
        if len(set(names)) != len(names):
            raise ValueError("two dimensions share a name")
        array = np.asarray(freq)
        shape = tuple(len(d.levels) for d in self.dimensions)
        if array.shape != shape:
            raise ValueError(f"freq has shape {array.shape}, dimensions need {shape}")
        if array.size and (not np.all(np.equal(np.mod(array, 1), 0)) or array.min() < 0):
            raise ValueError("freq must hold non-negative whole numbers")
        self.freq: IntArray = array.astype(np.int64)
        self.tables: tuple[TableSpec, ...] = tuple(
            TableSpec.parse(t) if isinstance(t, str) else t for t in tables
        )
        if not self.tables:
            raise ValueError("no table to publish")
        for table in self.tables:
            for dim in table.dims:
                if dim not in names:
                    raise ValueError(f"table {table.name!r}: unknown dimension {dim!r}")
            for dim, labels in table.codes.items():
                if dim not in table.dims:
                    raise ValueError(f"table {table.name!r}: codes for unnamed dimension {dim!r}")
                known = set(self.dimension(dim).labels)
                for label in labels:
                    if label not in known:
                        raise ValueError(f"table {table.name!r}: unknown label {label!r}")
        self._layout: Layout | None = None

    @classmethod
    def from_counts(
        cls,
        dimensions: Sequence[Dimension],
        counts: Mapping[tuple[str, ...], int],
        tables: Iterable[TableSpec | str],
    ) -> Problem:
        """Build from sparse counts keyed by one level per dimension; missing keys are 0."""
        index = [{level: i for i, level in enumerate(d.levels)} for d in dimensions]
        freq = np.zeros(tuple(len(d.levels) for d in dimensions), dtype=np.int64)
        for key, value in counts.items():
            if len(key) != len(dimensions):
                raise ValueError(f"count key {key!r} does not name one level per dimension")
            position = tuple(idx[level] for idx, level in zip(index, key, strict=True))
            freq[position] += int(value)
        return cls(dimensions, freq, tables)

    def dimension(self, name: str) -> Dimension:
        """The dimension called ``name``."""
        for dim in self.dimensions:
            if dim.name == name:
                return dim
        raise KeyError(name)

    @property
    def layout(self) -> Layout:
        """The published cells and their relation to inner cells (built once)."""
        if self._layout is None:
            self._layout = Layout.build(self)
        return self._layout


@dataclass(frozen=True)
class Layout:
    """The deduplicated published cells of a problem.

    ``x`` is the 0/1 model matrix, inner cells × published cells, so that
    ``x.T @ inner == values``. ``keys`` hold, per cell, one level mask per
    dimension: equal keys mean equal sets of inner cells.
    """

    keys: tuple[tuple[int, ...], ...]
    values: IntArray
    sizes: IntArray
    x: sp.csc_array
    rows: tuple[PublishedRow, ...]
    inner: IntArray

    @property
    def n_cells(self) -> int:
        """How many distinct published cells there are."""
        return len(self.keys)

    @staticmethod
    def build(problem: Problem) -> Layout:
        """Enumerate every table's cells, dedupe them, and relate them to inner cells."""
        dims = problem.dimensions
        masks = [d._masks() for d in dims]
        shape = tuple(len(d.levels) for d in dims)
        strides = np.array(
            [int(np.prod(shape[i + 1 :], dtype=np.int64)) for i in range(len(shape))],
            dtype=np.int64,
        )
        cell_of: dict[tuple[int, ...], int] = {}
        keys: list[tuple[int, ...]] = []
        rows: list[PublishedRow] = []
        for table in problem.tables:
            per_dim: list[tuple[str, ...]] = []
            for dim in dims:
                if dim.name in table.dims:
                    labels = table.codes.get(dim.name, dim.labels)
                    per_dim.append((*labels, TOTAL))
                else:
                    per_dim.append((TOTAL,))
            for labels in itertools.product(*per_dim):
                key = tuple(m[label] for m, label in zip(masks, labels, strict=True))
                cell = cell_of.get(key)
                if cell is None:
                    cell = len(keys)
                    cell_of[key] = cell
                    keys.append(key)
                rows.append(PublishedRow(table.name, tuple(labels), cell))
        indptr = [0]
        indices: list[IntArray] = []
        for key in keys:
            flat = np.zeros(1, dtype=np.int64)
            for mask, stride, size in zip(key, strides, shape, strict=True):
                levels = np.array([i for i in range(size) if mask >> i & 1], dtype=np.int64)
                flat = np.add.outer(flat, levels * stride).ravel()
            indices.append(np.sort(flat))
            indptr.append(indptr[-1] + len(flat))
        n_inner = int(np.prod(shape, dtype=np.int64))
        all_indices = np.concatenate(indices) if indices else np.zeros(0, dtype=np.int64)
        x = sp.csc_array(
            (np.ones(len(all_indices), dtype=np.int8), all_indices, np.array(indptr)),
            shape=(n_inner, len(keys)),
        )
        inner = problem.freq.ravel()
        values = np.array([int(inner[idx].sum()) for idx in indices], dtype=np.int64)
        sizes = np.array([len(idx) for idx in indices], dtype=np.int64)
        return Layout(tuple(keys), values, sizes, x, tuple(rows), inner)

    def is_total(self, cell: int, problem: Problem) -> bool:
        """Whether a cell is the grand total (every dimension at its margin)."""
        return all(
            k == (1 << len(d.levels)) - 1
            for k, d in zip(self.keys[cell], problem.dimensions, strict=True)
        )


def cell_support(layout: Layout, cell: int) -> IntArray:
    """The inner cells that a published cell sums."""
    start, end = layout.x.indptr[cell], layout.x.indptr[cell + 1]
    return np.asarray(layout.x.indices[start:end], dtype=np.int64)


def atoms(x: sp.csc_array, known_zero: BoolArray) -> sp.csr_array:
    """The attacker's unknowns: inner cells not known to be zero, merged by pattern.

    Inner cells inside a published zero are known to be zero, so they carry no
    unknown. Inner cells that lie in exactly the same published cells can only
    ever be seen through their sum, so merging them changes neither what is
    linearly determined nor any LP bound (the projection is the same), and it
    shrinks both the elimination and the audit.
    """
    csr = sp.csr_array(x)
    zero_cells = np.flatnonzero(known_zero)
    dead = np.zeros(csr.shape[0], dtype=bool)
    for cell in zero_cells:
        dead[x.indices[x.indptr[cell] : x.indptr[cell + 1]]] = True
    live = np.flatnonzero(~dead)
    sub = sp.csr_array(csr[live])
    sub.sort_indices()
    groups: dict[bytes, int] = {}
    atom_of = np.empty(len(live), dtype=np.int64)
    for r in range(len(live)):
        pattern = sub.indices[sub.indptr[r] : sub.indptr[r + 1]].tobytes()
        atom_of[r] = groups.setdefault(pattern, len(groups))
    n_atoms = len(groups)
    first = np.full(n_atoms, -1, dtype=np.int64)
    # Keep one representative row per atom, in first-seen order, for determinism.
    order = np.arange(len(live))[::-1]
    first[atom_of[order]] = order
    merged = sp.csr_array(sub[first])
    merged.data[:] = 1
    return merged
