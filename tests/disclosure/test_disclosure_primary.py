"""Primary rules and the zero policy."""

from __future__ import annotations

import numpy as np

from tallrapport.disclosure import Dimension, FrequencyRule, Problem, Status, protect
from tallrapport.disclosure.primary import primary_cells

DIM = Dimension("category", ("A", "B", "C", "D"))


def test_counts_from_one_to_max_n_are_primary_and_zeros_are_shown() -> None:
    # given counts 0, 5, 6 and 1
    problem = Problem([DIM], [0, 5, 6, 1], ["category"])
    # when the default rule runs
    flags = FrequencyRule()(problem, problem.layout)
    # then 5 and 1 are primary, 0 and 6 (and the total 12) are not
    assert flags.tolist() == [False, True, False, True, False]


def test_protect_zeros_makes_zeros_primary() -> None:
    # given the same counts, when zeros are protected, then the zero is primary too
    problem = Problem([DIM], [0, 5, 6, 1], ["category"])
    flags = FrequencyRule(protect_zeros=True)(problem, problem.layout)
    assert flags.tolist() == [True, True, False, True, False]


def test_max_n_moves_the_threshold() -> None:
    # given max_n 6, when the rule runs, then 6 is primary as well
    problem = Problem([DIM], [0, 5, 6, 1], ["category"])
    assert FrequencyRule(max_n=6)(problem, problem.layout)[2]


def test_extra_rules_add_to_the_frequency_rule() -> None:
    # given a rule that hides the largest cell
    def biggest(problem: Problem, layout: object) -> np.ndarray:
        values = problem.layout.values
        return np.asarray(values == values[:-1].max(), dtype=bool)

    problem = Problem([DIM], [0, 5, 6, 1], ["category"])
    # when both rules run, then both sets of cells are primary
    flags = primary_cells(problem, problem.layout, (FrequencyRule(), biggest))
    assert flags.tolist() == [False, True, True, True, False]
    # and protect honours the extra rule
    result = protect(problem, rules=[biggest])
    assert result.status[2] is Status.PRIMARY


def test_zeros_are_never_hidden_when_zeros_are_shown() -> None:
    # given a table with zeros next to small counts
    problem = Problem(
        [DIM, Dimension("year", ("1", "2"))], [[0, 3], [0, 9], [4, 0], [8, 8]], ["category*year"]
    )
    # when protected with the default zero policy
    result = protect(problem)
    # then every zero cell is shown
    for cell, value in enumerate(problem.layout.values):
        if value == 0:
            assert result.status[cell] is Status.SHOWN
