"""Earlier editions as the reader's equations: each column read whole, revisions held soundly."""

from __future__ import annotations

import numpy as np
import pytest

from tallrapport.disclosure import Dimension, KnownSum, Problem, TableSpec
from tallrapport.reports.activity_tables import ACTIVITY_TABLE_BY_KEY
from tallrapport.reports.knowledge import edition_knowledge
from tallrapport.reports.models import Edition, EditionCell, EditionSource

pytestmark = pytest.mark.django_db

COUNTRIES = ("af", "ir", "sy", "so")


def _problem(freq: list[list[int]]) -> Problem:
    """One scheme's countries over two years, naming af and sy, the rest in «Øvrige land»."""
    dims = [
        Dimension("scheme", ("mangfoldsradgiver",)),
        Dimension("year", ("2021", "2022")),
        Dimension("country", COUNTRIES, {"ovrige:mangfoldsradgiver": ("ir", "so")}),
    ]
    table = TableSpec(
        "mangfoldsradgiver/landbakgrunn",
        ("scheme", "country", "year"),
        {"country": ("af", "sy", "ovrige:mangfoldsradgiver")},
        without_total=("scheme", "year"),
    )
    counts = np.array(freq, dtype=np.int64).T.reshape(1, 2, len(COUNTRIES))
    return Problem(dims, counts, [table])


def _edition(rows: dict[str, int | None], *, column: str = "2021") -> list[EditionCell]:
    edition = Edition.objects.create(
        slug="tidligere", title="Tidligere", year=2021, source=EditionSource.HISTORICAL
    )
    return [
        EditionCell.objects.create(
            edition=edition,
            scheme="mangfoldsradgiver",
            table="landbakgrunn",
            row=row,
            column=column,
            label=row,
            value=value,
            status="hidden" if value is None else "shown",
        )
        for row, value in rows.items()
    ]


def _levels(known: KnownSum) -> tuple[str, ...]:
    return known.levels["country"]


def test_the_earlier_others_row_has_that_editions_members() -> None:
    # given an edition that named af and ir, with so and sy in its «Øvrige land» (2021)
    problem = _problem([[30, 40], [12, 14], [50, 60], [3, 9]])
    earlier = _edition({"af": 30, "ir": 12, "ovrige": 53, "total": 95})
    # when read as knowledge
    known = edition_knowledge(problem, earlier)
    # then its «Øvrige land» sums its own members, sy and so, as printed
    others = next(k for k in known if k.name.endswith("ovrige = 53"))
    assert set(_levels(others)) == {"sy", "so"} and others.value == 53 and others.as_printed
    assert {k.value for k in known} == {30, 12, 53, 95}


def test_a_hidden_cell_is_at_least_one_where_the_edition_printed_zeros() -> None:
    # given an edition that hid so (3) and printed a zero elsewhere
    problem = _problem([[30, 40], [0, 14], [50, 60], [3, 9]])
    earlier = _edition({"af": 30, "ir": 0, "so": None, "sy": 50, "total": 83})
    # when read, then so is known to be at least 1, not its value
    (hidden,) = [k for k in edition_knowledge(problem, earlier) if k.value is None]
    assert _levels(hidden) == ("so",) and hidden.at_least == 1


def test_rows_the_edition_did_not_have_were_none() -> None:
    # given an edition whose rows (af, sy) added up to its total: ir and so were none then
    problem = _problem([[30, 40], [0, 14], [50, 60], [0, 9]])
    earlier = _edition({"af": 30, "sy": 50, "total": 80})
    # when read, then ir and so together are known to be 0
    zero = next(k for k in edition_knowledge(problem, earlier) if "uten egen rad" in k.name)
    assert set(_levels(zero)) == {"ir", "so"} and zero.value == 0


def test_a_revised_number_is_held_at_todays_value_only_when_its_column_is_printed_again() -> None:
    # given an edition whose «Øvrige land» (ir, so) was 14 and is 15 today (a late case),
    # while its other rows and total are cells of this report (af, sy, total)
    problem = _problem([[30, 40], [12, 14], [50, 60], [3, 9]])
    earlier = _edition({"af": 30, "sy": 50, "ovrige": 14, "total": 94})
    # when read
    known = {k.name: k for k in edition_knowledge(problem, earlier)}
    # then the reader, who learns every other change here, is held to know today's 15,
    # but that number was never printed, so it can make nothing public
    (others,) = [k for name, k in known.items() if "ovrige" in name]
    assert (others.value, others.as_printed) == (15, False)
    # and the total, revised too (94 → 95), is held the same way
    (total,) = [k for name, k in known.items() if "total" in name]
    assert (total.value, total.as_printed) == (95, False)


def test_a_revised_number_whose_column_is_not_printed_again_is_left_out() -> None:
    # given an edition that named ir (not named here) and printed ir = 11, 12 today
    problem = _problem([[30, 40], [12, 14], [50, 60], [3, 9]])
    earlier = _edition({"af": 30, "ir": 11, "ovrige": 53, "total": 94})
    # when read, then ir's old number is left out: the reader cannot learn its change
    # (ir is in this report's «Øvrige land», and the total is revised too)
    names = [k.name for k in edition_knowledge(problem, earlier)]
    assert not [n for n in names if "· ir" in n]
    assert [n for n in names if "· af = 30" in n]


def test_a_column_of_a_year_this_report_does_not_hold_is_not_knowledge() -> None:
    # given an edition column for 2019, outside the report's years
    problem = _problem([[30, 40], [12, 14], [50, 60], [3, 9]])
    earlier = _edition({"af": 1, "total": 5}, column="2019")
    # when read, then nothing is known of this report's cells from it
    assert edition_knowledge(problem, earlier) == []


def test_a_table_of_another_problem_is_not_knowledge_here() -> None:
    # given an edition column of the target-group table, read against the country problem
    problem = _problem([[30, 40], [12, 14], [50, 60], [3, 9]])
    cells = _edition({"af": 30, "total": 95})
    for cell in cells:
        cell.table = "aktiviteter_malgruppe"
    # when read, then it is not this problem's knowledge (and no error)
    assert edition_knowledge(problem, cells, ACTIVITY_TABLE_BY_KEY) == []
