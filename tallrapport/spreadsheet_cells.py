"""Keep text that people typed from becoming a formula in a spreadsheet.

Every XLSX and CSV file Tallrapport writes passes each cell value through
:func:`neutralise`. A measure's status text such as ``=HYPERLINK("http://…"&A1)``
would otherwise be a live formula in the workbook another user opens (openpyxl
stores any text that starts with ``=`` as a formula), and a CSV cell starting
with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read as a formula
by Excel and LibreOffice (OWASP, "CSV Injection"). Prefixing a single quote is
OWASP's advice: spreadsheets then show the text as text.

Numbers stay numbers: only ``str`` values change, so a count written as an int
is still a number a reader can sum. A negative number typed as text (``"-5"``)
is text, and is neutralised like any other text: the file cannot tell it from
``-5+cmd|…``.

This module imports nothing from Django, so the disclosure package, the
benchmarks and any renderer can use it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

# The first characters that make a spreadsheet read a cell as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

T = TypeVar("T")


def neutralise(value: T) -> T | str:
    """``value`` unchanged, unless it is text a spreadsheet would run as a formula:
    then the same text behind a single quote."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def neutralised(row: Iterable[T]) -> list[T | str]:
    """A CSV row with :func:`neutralise` applied to each value."""
    return [neutralise(value) for value in row]
