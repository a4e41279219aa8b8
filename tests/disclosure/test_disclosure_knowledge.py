"""The reader's earlier editions: known sums enter the protection and the audit.

Checked against an independent LP over the raw inner cells, on random tables
and random earlier editions whose «Øvrige land» had other members.
"""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from tallrapport.disclosure import Dimension, KnownSum, Problem, Status, TableSpec, audit, protect
from tallrapport.disclosure.audit import holds_one_integer

MAX_N = 5
PROPERTY = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=True,
)


@st.composite
def with_earlier_edition(draw: st.DrawFn) -> Problem:
    """A country-by-year report whose «Øvrige land» differs from an earlier edition's."""
    n_countries = draw(st.integers(4, 7))
    countries = tuple(f"c{i}" for i in range(n_countries))
    years = ("y0", "y1", "y2")[: draw(st.integers(2, 3))]
    named_now = draw(st.sets(st.sampled_from(countries), min_size=1, max_size=n_countries - 2))
    others_now = tuple(c for c in countries if c not in named_now)
    country = Dimension("country", countries, {"Øvrige land": others_now})
    dims = [country, Dimension("year", years), Dimension("gender", ("g0", "g1", "ukjent"))]
    shape = tuple(len(d.levels) for d in dims)
    weights = draw(
        st.lists(st.integers(0, 9), min_size=int(np.prod(shape)), max_size=int(np.prod(shape)))
    )
    freq = np.array(weights, dtype=np.int64).reshape(shape)
    freq[:, :, 2] = freq[:, :, 2] % 2  # a small «ukjent», as in the register
    tables: list[TableSpec | str] = [
        TableSpec(
            "country*year",
            ("country", "year"),
            {"country": (*sorted(named_now), "Øvrige land")},
            without_total=("year",),
        ),
        "gender*year",
    ]
    if draw(st.booleans()):
        tables.append("country*gender")
    # The earlier edition: another set of named countries, some of the same years.
    named_then = draw(st.sets(st.sampled_from(countries), min_size=1, max_size=n_countries - 1))
    others_then = tuple(c for c in countries if c not in named_then)
    earlier_years = draw(st.sets(st.sampled_from(years), min_size=1))
    known: list[KnownSum] = []
    for year in sorted(earlier_years):
        parts = [(c, (c,)) for c in sorted(named_then)] + [("Øvrige land", others_then)]
        parts.append(("Totalt", countries))
        for name, members in parts:
            value = int(freq[[countries.index(m) for m in members], years.index(year)].sum())
            hidden = 1 <= value <= MAX_N and name != "Totalt"
            known.append(
                KnownSum(
                    f"earlier {name} {year}",
                    {"country": members, "year": (year,)},
                    None if hidden else value,
                    at_least=1 if hidden else 0,
                )
            )
    return Problem(dims, freq, tables, known)


def _raw_interval(
    x: sp.csr_array, values: np.ndarray, shown: np.ndarray, floors: np.ndarray, cell: int
) -> tuple[float, float]:
    """One cell's interval by LP over every inner cell (independent of the library)."""
    hid = np.flatnonzero(~shown & (floors > 0))
    a_ub = -x[hid] if len(hid) else None
    b_ub = -floors[hid] if len(hid) else None
    rows = np.flatnonzero(shown)
    c = x[[cell]].toarray().ravel()
    lo = linprog(c, A_ub=a_ub, b_ub=b_ub, A_eq=x[rows], b_eq=values[rows], method="highs")  # type: ignore[call-overload,unused-ignore]
    hi = linprog(-c, A_ub=a_ub, b_ub=b_ub, A_eq=x[rows], b_eq=values[rows], method="highs")  # type: ignore[call-overload,unused-ignore]
    assert lo.status == 0
    return float(lo.fun), (np.inf if hi.status == 3 else -float(hi.fun))


@PROPERTY
@given(with_earlier_edition())
def test_only_counts_the_earlier_edition_gave_away_are_determined(problem: Problem) -> None:
    # given a report and an earlier edition of other make-up, when protected
    result = protect(problem, max_n=MAX_N)
    layout = problem.layout
    x = sp.csr_array(layout.x.T.astype(np.float64))
    values = layout.values.astype(float)
    known_printed = np.zeros(layout.n_cells, dtype=bool)
    floors_then = np.zeros(layout.n_cells)
    for row in layout.known:
        if row.printed:
            known_printed[row.cell] = True
        else:
            floors_then[row.cell] = max(floors_then[row.cell], row.at_least)
    hidden = result.hidden
    floors_now = np.where(layout.in_tables & hidden, float(result.floor), 0.0)
    floors_now = np.maximum(floors_now, floors_then)
    public = {p.cell for p in result.public}
    reported = {u.cell for u in result.unprotectable}
    for cell in range(layout.n_cells):
        if not (1 <= values[cell] <= MAX_N) or not (layout.in_tables[cell] or not hidden[cell]):
            continue
        # then earlier numbers alone determine exactly the cells listed as public
        before = holds_one_integer(*_raw_interval(x, values, known_printed, floors_then, cell))
        assert before == (cell in public), (cell, layout.keys[cell])
        if cell in public or cell in reported:
            continue
        # and no other small count is determined by the new tables and the earlier edition
        assert hidden[cell]
        now = _raw_interval(x, values, ~hidden | known_printed, floors_now, cell)
        assert not holds_one_integer(*now), (cell, now)
    # and the library's own audit agrees
    assert {i.cell for i in audit(problem, result).disclosed} <= reported


def test_the_difference_of_two_other_countries_rows_is_protected() -> None:
    # given an earlier edition that named c0, c1 and put c2, c3 in «Øvrige land» (= 12),
    # and a new report that names c2 too, with c2's first year small (3)
    countries = ("c0", "c1", "c2", "c3")
    freq = np.array([[30, 40], [25, 28], [3, 14], [9, 2]], dtype=np.int64)
    dims = [
        Dimension("country", countries, {"Øvrige land": ("c3",)}),
        Dimension("year", ("2021", "2022")),
    ]
    earlier = [
        KnownSum("2023: Øvrige land 2021", {"country": ("c2", "c3"), "year": ("2021",)}, 12),
        KnownSum("2023: c0 2021", {"country": ("c0",), "year": ("2021",)}, 30),
        KnownSum("2023: c1 2021", {"country": ("c1",), "year": ("2021",)}, 25),
    ]
    table = TableSpec(
        "country*year",
        ("country", "year"),
        {"country": ("c0", "c1", "c2", "Øvrige land")},
        without_total=("year",),
    )
    problem = Problem(dims, freq, [table], earlier)
    # when protected
    result = protect(problem, max_n=MAX_N)
    # then c2 2021 = 3 and «Øvrige land» 2021 = 9 are not both printed: that would give
    # nothing away alone, but c2 2021 = 12 − «Øvrige land» 2021 is what a reader computes
    c2 = result.status_of({"country": "c2", "year": "2021"})
    others = result.status_of({"country": "Øvrige land", "year": "2021"})
    assert c2 is Status.PRIMARY and others is not Status.SHOWN
    assert audit(problem, result).safe
    assert not result.public and result.ok


def test_a_count_the_earlier_edition_gives_back_is_public_and_listed() -> None:
    # given an earlier edition whose total and other rows give c1 2021 = 2
    dims = [Dimension("country", ("c0", "c1")), Dimension("year", ("2021", "2022"))]
    freq = np.array([[30, 40], [2, 14]], dtype=np.int64)
    earlier = [
        KnownSum("2023: c0 2021", {"country": ("c0",), "year": ("2021",)}, 30),
        KnownSum("2023: c1 2021", {"country": ("c1",), "year": ("2021",)}, None, at_least=1),
        KnownSum("2023: Totalt 2021", {"year": ("2021",)}, 32),
    ]
    problem = Problem(dims, freq, ["country*year"], earlier)
    # when protected
    result = protect(problem, max_n=MAX_N)
    # then c1 2021 is public, with the two earlier numbers that give it, and no failure
    (public,) = result.public
    assert public.labels == ("c1", "2021") and public.value == 2
    assert set(public.sources) == {"2023: c0 2021", "2023: Totalt 2021"}
    assert result.ok and audit(problem, result).safe
    # and the other small count is still protected; the public one is held as known
    assert result.status_of({"country": "c1", "year": "2021"}) is Status.SHOWN


def test_a_known_sum_that_no_longer_holds_is_refused() -> None:
    # given an earlier number that the counts no longer give (revised since)
    dims = [Dimension("year", ("2021", "2022"))]
    stale = KnownSum("2023: Totalt 2021", {"year": ("2021",)}, 535)
    # when a problem is built with it, then it is refused, naming the number
    with pytest.raises(ValueError, match="2023: Totalt 2021"):
        Problem(dims, [542, 600], ["year"], [stale]).layout  # noqa: B018


def test_unknown_levels_are_not_sensitive_when_asked() -> None:
    # given a gender table with a small «ukjent»
    dims = [Dimension("gender", ("jente", "gutt", "ukjent")), Dimension("year", ("1", "2"))]
    problem = Problem(dims, [[40, 50], [20, 30], [2, 0]], ["gender*year"])
    # when «ukjent» is not sensitive
    result = protect(problem, not_sensitive={"gender": ("ukjent",)})
    # then every count is printed: nothing had to give it a partner
    assert all(s is Status.SHOWN for s in result.status)
    # and by default it is hidden, with a partner
    assert protect(problem).count(Status.SECONDARY) >= 1


def test_a_revised_number_is_held_as_known_but_makes_nothing_public() -> None:
    # given an earlier total that was revised: the caller passes today's value, not as printed
    dims = [Dimension("country", ("c0", "c1")), Dimension("year", ("2021", "2022"))]
    freq = np.array([[30, 40], [2, 14]], dtype=np.int64)
    earlier = [
        KnownSum("2023: c0 2021", {"country": ("c0",), "year": ("2021",)}, 30),
        KnownSum("2023: Totalt 2021 (revidert)", {"year": ("2021",)}, 32, as_printed=False),
    ]
    problem = Problem(dims, freq, ["country*year"], earlier)
    # when protected
    result = protect(problem, max_n=MAX_N)
    # then c1 2021 = 2 is not public (no edition printed a total of 32) ...
    assert not result.public
    # ... yet the protection holds the reader who knows the change: c1 2021 is
    # determined by the two known numbers and cannot be protected, and says so
    assert [u.labels for u in result.unprotectable] == [("c1", "2021")]
    assert not audit(problem, result).safe
