"""Secondary suppression: it passes its own audit on thousands of random tables."""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tallrapport.disclosure import Dimension, Problem, Protection, Status, audit, protect
from tallrapport.disclosure.audit import holds_one_integer
from tests.disclosure.disclosure_strategies import (
    hierarchical_tables,
    inner_bounds,
    linked_tables,
    single_tables,
)

PROPERTY = settings(
    max_examples=600,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=True,
)


def _check(problem: Problem, result: Protection) -> None:
    """Every sensitive cell is hidden or reported, and the audit finds nothing."""
    values = problem.layout.values
    reported = {u.cell for u in result.unprotectable}
    for cell, status in enumerate(result.status):
        if 1 <= values[cell] <= result.max_n:
            assert status is Status.PRIMARY or cell in reported
        if values[cell] == 0:
            assert status is Status.SHOWN  # zeros are printed by default
    report = audit(problem, result)
    leaked = {i.cell for i in report.disclosed}
    assert leaked <= reported, [i for i in report.disclosed if i.cell not in reported]


@PROPERTY
@given(single_tables())
def test_single_tables_pass_the_audit(problem: Problem) -> None:
    # given a random table, when protected, then no hidden cell can be computed
    _check(problem, protect(problem))


@PROPERTY
@given(linked_tables())
def test_linked_tables_pass_the_audit(problem: Problem) -> None:
    # given random tables sharing cells, when protected together, then nothing leaks
    _check(problem, protect(problem))


@settings(PROPERTY, max_examples=400)
@given(hierarchical_tables())
def test_hierarchical_tables_pass_the_audit(problem: Problem) -> None:
    # given countries folded into "Øvrige land" next to a detailed table, then nothing leaks
    _check(problem, protect(problem))


@settings(PROPERTY, max_examples=200)
@given(st.one_of(linked_tables(), hierarchical_tables()))
def test_the_fast_audit_agrees_with_an_lp_over_raw_inner_cells(problem: Problem) -> None:
    # given a protected problem
    result = protect(problem)
    # when audited over clique margins and, independently, over every inner cell
    report = audit(problem, result)
    raw = inner_bounds(problem, result.hidden, report.floor)
    # then both give the same interval for every hidden cell
    assert len(raw) == len(report.intervals)
    for interval, (lower, upper) in zip(report.intervals, raw, strict=True):
        assert abs(interval.lower - lower) < 1e-6
        assert interval.upper == upper or abs(interval.upper - upper) < 1e-6
        assert interval.determined == holds_one_integer(lower, upper)


@settings(PROPERTY, max_examples=200)
@given(linked_tables())
def test_protecting_zeros_hides_them_and_still_passes(problem: Problem) -> None:
    # given random tables, when zeros are protected too
    result = protect(problem, protect_zeros=True)
    values = problem.layout.values
    # then every zero is hidden and nothing hidden can be computed
    assert all(result.status[c] is not Status.SHOWN for c in np.flatnonzero(values == 0))
    report = audit(problem, result)
    assert report.floor == (0 if (values[result.hidden] == 0).any() else 1)
    assert {i.cell for i in report.disclosed} <= {u.cell for u in result.unprotectable}


@settings(PROPERTY, max_examples=100)
@given(linked_tables())
def test_the_same_input_gives_the_same_pattern(problem: Problem) -> None:
    # given one problem, when protected twice (once from a fresh copy), then the pattern is equal
    again = Problem(problem.dimensions, problem.freq.copy(), problem.tables)
    assert protect(problem).status == protect(again).status


def _report_table() -> Problem:
    category = Dimension("category", ("NSK", "Vold", "TVE", "KLL"))
    year = Dimension("year", ("2021", "2022", "2023"))
    freq = [[40, 35, 50], [20, 3, 25], [4, 12, 2], [1, 0, 9]]
    return Problem([category, year], freq, ["category*year"])


def test_the_reports_primary_only_practice_leaks() -> None:
    # given the reports' practice: hide 1..5, print everything else with totals
    problem = _report_table()
    values = problem.layout.values
    hidden = (values >= 1) & (values <= 5)
    # when audited
    report = audit(problem, hidden)
    # then some hidden counts can be computed from the totals
    assert not report.safe
    assert all(i.lower == i.upper == i.value for i in report.disclosed)


def test_what_fixed_cells_already_give_away_is_public_not_a_failure() -> None:
    # given a table where an earlier edition printed the 2022 column and its total
    problem = _report_table()
    fixed = [{"category": c, "year": "2022"} for c in ("NSK", "TVE", "KLL")]
    fixed.append({"year": "2022"})
    # when protected
    result = protect(problem, fixed=fixed)
    # then the fixed cells are shown
    for spec in fixed:
        assert result.status_of(spec) is Status.SHOWN
    # and Vold 2022 = 3, the difference of those printed numbers, is public, named with its
    # sources, and no failure: nothing this publication does could hide it again
    assert result.ok
    (public,) = result.public
    assert public.labels == ("Vold", "2022") and public.value == 3
    assert set(public.sources) == {
        "printed: NSK, 2022",
        "printed: TVE, 2022",
        "printed: Total, 2022",
    }  # KLL 2022 = 0 holds no unknown, so it pins nothing
    # and the audit agrees: public, nothing newly disclosed
    report = audit(problem, result)
    assert report.safe
    assert [p.cell for p in report.public] == [public.cell]


def test_a_fixed_primary_cell_stays_shown_and_is_public() -> None:
    # given a small cell printed in an earlier edition
    problem = _report_table()
    # when it is fixed
    result = protect(problem, fixed=[("TVE", "2023")])
    # then it stays shown and is listed as public, printed before
    assert result.status_of({"category": "TVE", "year": "2023"}) is Status.SHOWN
    assert [p.labels for p in result.public] == [("TVE", "2023")]
    assert result.public[0].printed
    assert result.ok


def test_a_hidden_one_is_not_given_away_by_non_negativity() -> None:
    # given a row "total 2 = 0 + 1 + 1" where zeros are printed, so each * is >= 1
    problem = Problem(
        [Dimension("gender", ("jente", "gutt", "ukjent")), Dimension("year", ("1", "2"))],
        [[0, 30], [1, 20], [1, 25]],
        ["gender*year"],
    )
    # when protected
    result = protect(problem)
    # then the audit, knowing * >= 1, still cannot compute any hidden cell
    assert audit(problem, result).safe
    assert result.status_of({"gender": "gutt", "year": "1"}) is Status.PRIMARY
