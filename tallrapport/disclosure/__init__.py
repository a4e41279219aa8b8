"""Disclosure protection for linked frequency tables: suppression that holds, and its proof.

The published reports hid small counts by hand and then gave them back through
their totals. This package decides which cells to hide so that no hidden count
can be computed from what is printed, and proves it with an LP audit. It
depends on numpy and scipy only (no Django), so reports, tests and the command
line can all use it.

Python API
----------
Build a problem from inner counts (every level combination, zeros included)
and the tables to print::

    from tallrapport.disclosure import Dimension, Problem, TableSpec, protect, audit

    dims = [Dimension("category", ("A", "B")), Dimension("year", ("2022", "2023"))]
    problem = Problem(dims, [[7, 2], [30, 12]], ["category*year"])
    result = protect(problem, max_n=5, protect_zeros=False,
                     fixed=[{"category": "A", "year": "2022"}])
    for row in result.rows():            # CellRow: table, labels, freq, published, status
        ...
    result.unprotectable                 # sensitive cells the fixed cells give away
    report = audit(problem, result)      # AuditResult: intervals, disclosed, safe

- ``Problem(dimensions, freq, tables)`` or ``Problem.from_counts(dimensions,
  {(level, ...): n}, tables)``; a table is ``"a*b"`` or ``TableSpec(name, dims,
  codes)``; ``Dimension(name, levels, groups={"Øvrige land": (...)})`` adds
  group labels (hierarchies) that tables may print as extra levels.
- ``protect(problem, *, max_n=5, protect_zeros=False, fixed=(), rules=()) ->
  Protection``: one :class:`Status` (shown/primary/secondary) per distinct
  cell; a cell printed by several tables is one cell and has one status.
- ``audit(problem, hidden, *, floor=None) -> AuditResult``: the interval the
  reader can derive for every hidden cell.

How it works
------------
1. :mod:`.tables` enumerates every table's cells with all margins and dedupes
   them by the set of inner cells they sum; known sums (``Problem(...,
   known=[KnownSum(...)])``, what earlier editions printed) become cells too.
2. :mod:`.primary` marks counts 1..max_n (and 0 with ``protect_zeros``), but
   not levels named ``not_sensitive``.
3. :mod:`.knowledge` finds the sensitive counts the earlier numbers alone
   determine: *public*, held at their value and listed, never a failure.
4. :mod:`.space` rewrites the attacker's unknowns as clique margin tables of the
   (triangulated) table structure: exact, and 50x fewer unknowns.
5. :mod:`.secondary` runs Gaussian elimination (exact, modulo a prime) over the
   candidates, totals and large cells first, as in Statistics Norway's
   GaussSuppression (Langsrud), with the earlier numbers forced in. Beside
   each sensitive count it also keeps out of the printed span the sum of every
   group of hidden counts at their floor that a margin would give away (six
   yearly 1s under a total of 6, see :mod:`.floors`).
6. :mod:`.repair` lets the LP audit find sensitive counts still determined
   through non-negativity (the reader knows every ``*`` is >= 1 when zeros are
   printed), hides a cell pinning each, and shows again those it no longer
   needs. On the bench's problems the groups leave it nothing to do.
7. :mod:`.audit` bounds every hidden cell by LP (HiGHS, via scipy).

A cell counts as disclosed when its LP interval holds only one whole number.
"""

from tallrapport.disclosure.audit import AuditResult, Interval
from tallrapport.disclosure.knowledge import Public
from tallrapport.disclosure.primary import FrequencyRule, PrimaryRule
from tallrapport.disclosure.protection import (
    CellRow,
    Protection,
    Status,
    Unprotectable,
    audit,
    cell_index,
    protect,
)
from tallrapport.disclosure.tables import TOTAL, Dimension, KnownSum, Problem, TableSpec

__all__ = [
    "TOTAL",
    "AuditResult",
    "CellRow",
    "Dimension",
    "FrequencyRule",
    "Interval",
    "KnownSum",
    "PrimaryRule",
    "Problem",
    "Protection",
    "Public",
    "Status",
    "TableSpec",
    "Unprotectable",
    "audit",
    "cell_index",
    "protect",
]
