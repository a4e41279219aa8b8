"""The report's CSV: no cell a spreadsheet would run as a formula (defect 4)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

import pytest

from tallrapport.reports.csv_export import render_csv
from tallrapport.reports.report import Report
from tallrapport.spreadsheet_cells import FORMULA_STARTS
from tests.reports.render_samples import rolled_back, small_report
from tests.reports.test_render_xlsx import HOSTILE, with_hostile_labels

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def report(django_db_setup: None, django_db_blocker: Any) -> Iterator[Report]:
    with rolled_back(django_db_blocker):
        yield small_report()


def test_typed_text_that_looks_like_a_formula_is_quoted(report: Report) -> None:
    # given a report whose row labels start like a formula
    hostile = with_hostile_labels(report)
    # when it is written as CSV
    rows = list(csv.DictReader(io.StringIO(render_csv(hostile))))
    # then no cell starts like a formula, the label is quoted, and counts are plain digits
    assert rows
    assert not [v for row in rows for v in row.values() if v.startswith(FORMULA_STARTS)]
    assert {row["row"] for row in rows} == {"'" + HOSTILE}
    assert all(row["value"] == "" or row["value"].isdigit() for row in rows)
