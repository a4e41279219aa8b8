"""Tables: cells, margins, dedupe and hierarchies."""

from __future__ import annotations

import numpy as np
import pytest

from tallrapport.disclosure import TOTAL, Dimension, Problem, TableSpec, cell_index

YEAR = Dimension("year", ("2022", "2023"))
CATEGORY = Dimension("category", ("A", "B", "C"))


def test_a_table_prints_every_level_and_total_combination() -> None:
    # given a category by year table
    problem = Problem([CATEGORY, YEAR], [[1, 2], [3, 4], [5, 6]], ["category*year"])
    # when its cells are laid out
    layout = problem.layout
    # then there are (3+1)*(2+1) cells and the grand total sums everything
    assert layout.n_cells == 12
    assert layout.values[cell_index(problem, {})] == 21


def test_a_cell_printed_by_two_tables_is_one_cell() -> None:
    # given two tables that both print the category margins
    problem = Problem([CATEGORY, YEAR], [[1, 2], [3, 4], [5, 6]], ["category*year", "category"])
    # when laid out
    layout = problem.layout
    # then the second table adds rows but no cells
    assert layout.n_cells == 12
    assert len(layout.rows) == 12 + 4
    cat_a = [r.cell for r in layout.rows if r.labels == ("A", TOTAL)]
    assert len(set(cat_a)) == 1 and len(cat_a) == 2


def test_groups_that_equal_a_level_or_the_total_are_that_cell() -> None:
    # given groups covering one level and every level
    dim = Dimension("country", ("x", "y"), {"only x": ("x",), "all": ("x", "y")})
    problem = Problem([dim], [3, 4], ["country"])
    # when laid out
    layout = problem.layout
    # then the group cells are the level and the total
    assert layout.n_cells == 3
    assert cell_index(problem, {"country": "all"}) == cell_index(problem, {})


def test_a_folded_group_is_printed_with_its_own_value() -> None:
    # given a country table that folds small countries into a group
    dim = Dimension("country", ("x", "y", "z"), {"Øvrige land": ("y", "z")})
    table = TableSpec("country", ("country",), {"country": ("x", "Øvrige land")})
    problem = Problem([dim], [10, 2, 3], [table])
    # when laid out
    layout = problem.layout
    # then the group is a cell and its members are not printed
    assert layout.values[cell_index(problem, {"country": "Øvrige land"})] == 5
    with pytest.raises(KeyError):
        cell_index(problem, {"country": "y"})


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: Problem([CATEGORY], [1, 2], ["category"]), "shape"),
        (lambda: Problem([CATEGORY], [1, -2, 3], ["category"]), "non-negative"),
        (lambda: Problem([CATEGORY], [1, 2, 3], ["colour"]), "unknown dimension"),
        (lambda: Dimension("x", ("Total",)), "reserved"),
        (lambda: Dimension("x", ("a",), {"g": ("b",)})._masks(), "unknown group member"),
    ],
)
def test_bad_problems_are_refused_with_a_reason(make: object, message: str) -> None:
    # given a malformed problem, when built, then the error says what is wrong
    with pytest.raises(ValueError, match=message):
        make()  # type: ignore[operator]


def test_a_table_without_a_total_over_a_dimension_prints_no_such_margin() -> None:
    # given a category × year table that prints no sum over the years
    dims = [Dimension("category", ("a", "b")), Dimension("year", ("2022", "2023"))]
    table = TableSpec("category*year", ("category", "year"), without_total=("year",))
    # when its layout is built
    layout = Problem(dims, [[3, 4], [10, 20]], [table]).layout
    # then every column has its total, and no row is summed over the years
    printed = {row.labels: int(layout.values[row.cell]) for row in layout.rows}
    assert printed == {
        ("a", "2022"): 3,
        ("a", "2023"): 4,
        ("b", "2022"): 10,
        ("b", "2023"): 20,
        (TOTAL, "2022"): 13,
        (TOTAL, "2023"): 24,
    }


def test_values_are_the_sums_of_their_inner_cells_in_the_model_matrix() -> None:
    # given a three-way problem with a folded group and tables over different margins
    rng = np.random.default_rng(7)
    dims = [
        Dimension("country", ("c0", "c1", "c2", "c3"), {"Øvrige land": ("c2", "c3")}),
        Dimension("year", ("y0", "y1")),
        Dimension("gender", ("g0", "g1", "g2")),
    ]
    freq = rng.integers(0, 9, size=(4, 2, 3))
    tables = [
        TableSpec("country*year", ("country", "year"), {"country": ("c0", "c1", "Øvrige land")}),
        TableSpec("gender*year", ("gender", "year"), without_total=("year",)),
    ]
    # when the layout computes each value from its table's margin
    layout = Problem(dims, freq, tables).layout
    # then it equals the sum over the cell's inner cells
    assert np.array_equal(layout.x.T @ freq.ravel(), layout.values)
