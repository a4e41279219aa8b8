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
from functools import cached_property

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
    total is printed unless the dimension is in ``without_total``. A yearly
    report prints one column per year but no sum over the years, and one
    scheme's rows but not both schemes added up; modelling a margin it never
    prints would only make the protection hide more than it must.
    Dimensions a table does not name are summed over.
    """

    name: str
    dims: tuple[str, ...]
    codes: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    without_total: tuple[str, ...] = ()

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
class KnownSum:
    """A sum of inner cells the reader already has, though no table here prints it.

    An earlier edition is the usual source: its printed cells, its «Øvrige
    land» with *that* edition's members and its totals are equations the
    reader can set beside the new tables. ``levels`` names, per dimension, the
    levels or group labels summed over (a dimension left out is summed over
    whole). ``value`` is what was printed; ``None`` means the edition hid the
    sum and the reader knows only that it is at least ``at_least`` (1 where
    that edition printed its zeros).

    A known sum must be true of the counts. For a number revised since it was
    printed, the caller gives today's value with ``as_printed=False``: the
    reader who has the old number and the change (itself a count of cases
    registered or corrected since) has today's, so the protection and the audit
    hold it as known; but as no edition printed that value, it never makes a
    count *public* (:mod:`.knowledge`).
    """

    name: str
    levels: Mapping[str, tuple[str, ...]]
    value: int | None = None
    at_least: int = 0
    as_printed: bool = True

    def __post_init__(self) -> None:
        if self.value is not None and self.value < 0:
            raise ValueError(f"known sum {self.name!r}: negative value {self.value}")
        if self.at_least < 0:
            raise ValueError(f"known sum {self.name!r}: negative lower bound {self.at_least}")


@dataclass(frozen=True)
class KnownRow:
    """A known sum as a cell of the layout."""

    name: str
    cell: int
    printed: bool
    at_least: int
    as_printed: bool = True


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
        known: Iterable[KnownSum] = (),
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
            self._check_table(table, names)
        self.known: tuple[KnownSum, ...] = tuple(known)
        for item in self.known:
            self._check_known(item, names)
        self._layout: Layout | None = None
        self._margins: dict[tuple[int, ...], IntArray] = {}

    def _check_table(self, table: TableSpec, names: list[str]) -> None:
        """A table names only known dimensions and labels."""
        for dim in table.dims:
            if dim not in names:
                raise ValueError(f"table {table.name!r}: unknown dimension {dim!r}")
        for dim, labels in table.codes.items():
            if dim not in table.dims:
                raise ValueError(f"table {table.name!r}: codes for unnamed dimension {dim!r}")
            printable = set(self.dimension(dim).labels)
            for label in labels:
                if label not in printable:
                    raise ValueError(f"table {table.name!r}: unknown label {label!r}")
        for dim in table.without_total:
            if dim not in table.dims:
                raise ValueError(f"table {table.name!r}: no total for unnamed {dim!r}")

    def _check_known(self, item: KnownSum, names: list[str]) -> None:
        """A known sum names only known dimensions and labels, at least one of each."""
        for dim, labels in item.levels.items():
            if dim not in names:
                raise ValueError(f"known sum {item.name!r}: unknown dimension {dim!r}")
            if not labels:
                raise ValueError(f"known sum {item.name!r}: no level of {dim!r}")
            known_labels = set(self.dimension(dim).labels) | {TOTAL}
            for label in labels:
                if label not in known_labels:
                    raise ValueError(f"known sum {item.name!r}: unknown label {label!r}")

    def known_key(self, item: KnownSum) -> tuple[int, ...]:
        """The level masks of a known sum: the union of its labels per dimension."""
        key = []
        for dim in self.dimensions:
            mask = 0
            for label in item.levels.get(dim.name, (TOTAL,)):
                mask |= dim.mask(label)
            key.append(mask)
        return tuple(key)

    def sum_of(self, item: KnownSum) -> int:
        """What the counts give for a known sum: to tell a revised number from a held one.

        A report asks this for hundreds of earlier numbers over a million inner
        cells, so the margin over the dimensions a sum restricts is kept.
        """
        key = self.known_key(item)
        axes = tuple(sorted(self.restricted(key)))
        margin = self._margins.get(axes)
        if margin is None:
            others = tuple(i for i in range(len(self.dimensions)) if i not in axes)
            margin = self.freq.sum(axis=others, dtype=np.int64)
            self._margins[axes] = margin
        if not axes:
            return int(margin)
        return _inner_sum(np.asarray(margin), tuple(key[i] for i in axes))

    def restricted(self, key: tuple[int, ...]) -> set[int]:
        """The dimensions a cell does not sum over whole, by position."""
        return {
            i
            for i, (mask, dim) in enumerate(zip(key, self.dimensions, strict=True))
            if mask != (1 << len(dim.levels)) - 1
        }

    @classmethod
    def from_counts(
        cls,
        dimensions: Sequence[Dimension],
        counts: Mapping[tuple[str, ...], int],
        tables: Iterable[TableSpec | str],
        known: Iterable[KnownSum] = (),
    ) -> Problem:
        """Build from sparse counts keyed by one level per dimension; missing keys are 0."""
        index = [{level: i for i, level in enumerate(d.levels)} for d in dimensions]
        freq = np.zeros(tuple(len(d.levels) for d in dimensions), dtype=np.int64)
        for key, value in counts.items():
            if len(key) != len(dimensions):
                raise ValueError(f"count key {key!r} does not name one level per dimension")
            position = tuple(idx[level] for idx, level in zip(index, key, strict=True))
            freq[position] += int(value)
        return cls(dimensions, freq, tables, known)

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

    ``keys`` hold, per cell, one level mask per dimension: equal keys mean equal
    sets of inner cells. ``values`` are computed from each table's own margin,
    never from per-cell lists of inner cells: a report over both schemes, half
    years and referral sources has over a million inner cells, and listing them
    for every cell would cost gigabytes while the protection only ever works on
    clique margins (:mod:`.space`).
    """

    keys: tuple[tuple[int, ...], ...]
    values: IntArray
    sizes: IntArray
    rows: tuple[PublishedRow, ...]
    inner: IntArray
    shape: tuple[int, ...]
    known: tuple[KnownRow, ...] = ()
    """Known sums, each as a cell: one a table prints too, or one of its own."""

    @property
    def n_cells(self) -> int:
        """How many distinct published cells there are."""
        return len(self.keys)

    @cached_property
    def cell_of_key(self) -> dict[tuple[int, ...], int]:
        """Cell index by key, built once: a report looks up thousands of cells."""
        return {key: i for i, key in enumerate(self.keys)}

    @cached_property
    def x(self) -> sp.csc_array:
        """The 0/1 model matrix, inner cells × published cells (``x.T @ inner == values``).

        Built on first use only: the independent LP checks in the tests need it,
        the protection does not.
        """
        strides = np.array(
            [int(np.prod(self.shape[i + 1 :], dtype=np.int64)) for i in range(len(self.shape))],
            dtype=np.int64,
        )
        indptr = [0]
        indices: list[IntArray] = []
        for key in self.keys:
            flat = np.zeros(1, dtype=np.int64)
            for mask, stride, size in zip(key, strides, self.shape, strict=True):
                levels = np.array([i for i in range(size) if mask >> i & 1], dtype=np.int64)
                flat = np.add.outer(flat, levels * stride).ravel()
            indices.append(np.sort(flat))
            indptr.append(indptr[-1] + len(flat))
        n_inner = int(np.prod(self.shape, dtype=np.int64))
        all_indices = np.concatenate(indices) if indices else np.zeros(0, dtype=np.int64)
        return sp.csc_array(
            (np.ones(len(all_indices), dtype=np.int8), all_indices, np.array(indptr)),
            shape=(n_inner, len(self.keys)),
        )

    @staticmethod
    def build(problem: Problem) -> Layout:
        """Enumerate every table's cells, dedupe them, and sum each from its table's margin."""
        dims = problem.dimensions
        masks = [d._masks() for d in dims]
        shape = tuple(len(d.levels) for d in dims)
        cell_of: dict[tuple[int, ...], int] = {}
        keys: list[tuple[int, ...]] = []
        values: list[int] = []
        rows: list[PublishedRow] = []
        for table in problem.tables:
            axes = [i for i, dim in enumerate(dims) if dim.name in table.dims]
            margin = problem.freq.sum(
                axis=tuple(i for i in range(len(dims)) if i not in axes), dtype=np.int64
            )
            per_dim: list[tuple[str, ...]] = []
            for dim in dims:
                if dim.name in table.dims:
                    labels = tuple(table.codes.get(dim.name, dim.labels))
                    if dim.name not in table.without_total:
                        labels = (*labels, TOTAL)
                    per_dim.append(labels)
                else:
                    per_dim.append((TOTAL,))
            for labels in itertools.product(*per_dim):
                key = tuple(m[label] for m, label in zip(masks, labels, strict=True))
                cell = cell_of.get(key)
                if cell is None:
                    cell = len(keys)
                    cell_of[key] = cell
                    keys.append(key)
                    select = tuple(
                        np.array([j for j in range(shape[i]) if key[i] >> j & 1], dtype=np.int64)
                        for i in axes
                    )
                    values.append(int(margin[np.ix_(*select)].sum()) if axes else int(margin))
                rows.append(PublishedRow(table.name, tuple(labels), cell))
        known = _known_rows(problem, cell_of, keys, values)
        sizes = np.array(
            [int(np.prod([k.bit_count() for k in key], dtype=np.int64)) for key in keys],
            dtype=np.int64,
        )
        return Layout(
            tuple(keys),
            np.array(values, dtype=np.int64),
            sizes,
            tuple(rows),
            problem.freq.ravel(),
            shape,
            tuple(known),
        )

    @cached_property
    def in_tables(self) -> BoolArray:
        """Which cells some table of this problem prints (the rest are known sums only)."""
        flags = np.zeros(self.n_cells, dtype=bool)
        for row in self.rows:
            flags[row.cell] = True
        return flags

    def is_total(self, cell: int, problem: Problem) -> bool:
        """Whether a cell is the grand total (every dimension at its margin)."""
        return all(
            k == (1 << len(d.levels)) - 1
            for k, d in zip(self.keys[cell], problem.dimensions, strict=True)
        )


def _inner_sum(freq: IntArray, key: tuple[int, ...]) -> int:
    """The sum of the inner cells a key covers."""
    select = tuple(
        np.array([j for j in range(size) if mask >> j & 1], dtype=np.int64)
        for mask, size in zip(key, freq.shape, strict=True)
    )
    return int(freq[np.ix_(*select)].sum())


def _known_rows(
    problem: Problem,
    cell_of: dict[tuple[int, ...], int],
    keys: list[tuple[int, ...]],
    values: list[int],
) -> list[KnownRow]:
    """Each known sum as a cell (a table's, or one of its own), checked against the counts."""
    known: list[KnownRow] = []
    for item in problem.known:
        key = problem.known_key(item)
        actual = problem.sum_of(item)
        cell = cell_of.get(key)
        if cell is None:
            cell = len(keys)
            cell_of[key] = cell
            keys.append(key)
            values.append(actual)
        if item.value is not None and item.value != actual:
            raise ValueError(
                f"known sum {item.name!r} = {item.value}, but the counts give {actual}"
            )
        if item.value is None and item.at_least > actual:
            raise ValueError(
                f"known sum {item.name!r} >= {item.at_least}, but the counts give {actual}"
            )
        known.append(
            KnownRow(item.name, cell, item.value is not None, item.at_least, item.as_printed)
        )
    return known
