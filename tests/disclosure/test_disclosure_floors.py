"""Tight groups: hidden ones that a printed margin gives away through their floors."""

from __future__ import annotations

from tallrapport.disclosure import Dimension, Problem, Status, audit, protect
from tallrapport.disclosure.floors import tight_groups

YEARS = tuple(f"20{n}" for n in range(15, 23))


def _country_by_year(small_row: list[int]) -> Problem:
    """Country «a» with the given yearly counts beside two large countries."""
    return Problem(
        [Dimension("country", ("a", "b", "c")), Dimension("year", YEARS)],
        [small_row, [40 + n for n in range(8)], [60 + n for n in range(8)]],
        ["country*year"],
    )


def _cells(problem: Problem, country: str, years: tuple[str, ...]) -> set[int]:
    cell_of = problem.layout.cell_of_key
    masks = [d._masks() for d in problem.dimensions]
    return {cell_of[(masks[0][country], masks[1][year])] for year in years}


def test_six_yearly_ones_under_a_printed_total_of_six_form_a_group() -> None:
    # given country a with 1 in six years and 0 in two: its total 6 is not small
    problem = _country_by_year([1, 1, 0, 1, 1, 0, 1, 1])
    values = problem.layout.values
    protected = (values >= 1) & (values <= 5)
    # when the groups are found with every * known to be at least 1
    groups = tight_groups(problem, protected, values == 1)
    # then the six ones are one group, the margin's hidden part
    ones = tuple(
        sorted(
            _cells(
                problem,
                "a",
                tuple(y for y, v in zip(YEARS, [1, 1, 0, 1, 1, 0, 1, 1], strict=True) if v),
            )
        )
    )
    assert ones in groups


def test_a_hidden_part_above_its_floor_leaves_slack_and_forms_no_group() -> None:
    # given country a with a 3 among its ones: total 8 minus the printed zeros is 8, not 6
    problem = _country_by_year([1, 1, 0, 1, 3, 0, 1, 1])
    values = problem.layout.values
    protected = (values >= 1) & (values <= 5)
    # when the groups are found
    groups = tight_groups(problem, protected, values == 1)
    # then no group lies along the years of country a
    row_a = _cells(problem, "a", YEARS)
    assert not any(set(group) <= row_a for group in groups)


def test_elimination_itself_hides_a_partner_for_a_tight_group() -> None:
    # given the six ones under a printed total of six
    problem = _country_by_year([1, 1, 0, 1, 1, 0, 1, 1])
    # when protected
    result = protect(problem)
    # then the audit finds nothing, and every secondary cell came from elimination
    assert audit(problem, result).safe
    assert result.count(Status.SECONDARY) == result.gauss_secondary > 0
    assert result.status_of({"country": "a", "year": "2015"}) is Status.PRIMARY
