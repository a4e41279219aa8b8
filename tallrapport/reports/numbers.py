"""Numbers an analyst types into a paragraph: each must be one the report prints.

A hidden count leaks as easily through a hand-written sentence («3 saker om
kjønnslemlestelse») as through a table. Before publishing, every number in
every edited paragraph is held against what the report prints: the shown
counts, the shares, the key figures, the numbers of its labels and of the
generated texts (which are written from shown cells only), and years. Anything
else is flagged at its paragraph and blocks publishing until the analyst
confirms it, which the audit trail records.

Norwegian forms are read as a reader reads them: «1 234» (with a space, a
no-break space or a thin space between thousands), «12,5 %», «66 prosent».
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from tallrapport.reports.report import Report, Section, table_share_uses

YEARS = range(1990, 2101)
"""A four-digit number in this range, written without a separator, is read as a year."""

_SEPARATORS = " \u00a0\u202f"
NUMBER = re.compile(
    r"(?<![\d,.])(?P<whole>\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)(?:,(?P<fraction>\d+))?"
    r"(?P<percent>\s?%|\s+prosent)?"
)
DATE = re.compile(r"\b\d{1,2}\.\d{1,2}\.\d{2,4}\b")


@dataclass(frozen=True)
class Printed:
    """What a report prints: whole numbers and shares (in percent)."""

    numbers: frozenset[int]
    shares: frozenset[int]


def _numbers_in(texts: Iterable[str]) -> set[int]:
    found: set[int] = set()
    for text in texts:
        for match in NUMBER.finditer(text):
            if match["fraction"] is None:
                found.add(_whole(match["whole"]))
    return found


def _whole(text: str) -> int:
    return int("".join(ch for ch in text if ch not in _SEPARATORS))


def _section_numbers(section: Section) -> set[int]:
    numbers: set[int] = set()
    for table in section.tables.values():
        numbers.update(c.value for c in table.cells.values() if c.shown and c.value is not None)
        numbers |= _numbers_in([table.title, *(label for _r, label in table.rows)])
        numbers |= _numbers_in(label for _c, label in table.columns)
    key = section.key_figures
    for value in (key.advisors, key.countries, key.change):
        if value is not None:
            numbers.add(abs(value))
    return numbers


def printed(report: Report) -> Printed:
    """Every number the report prints, read before the analyst edits its texts."""
    numbers: set[int] = set()
    shares: set[int] = set()
    for section in report.sections:
        numbers |= _section_numbers(section)
        numbers |= _numbers_in(section.texts.values())
        shares.update(use.value for use in [*table_share_uses(section), *section.shares])
    numbers |= _numbers_in(report.texts.values())
    return Printed(frozenset(numbers), frozenset(shares))


def _allowed(match: re.Match[str], known: Printed) -> bool:
    if match["fraction"] is not None:
        # The report prints whole numbers only; «12,5 %» is no share it prints.
        return False
    value = _whole(match["whole"])
    if match["percent"]:
        return value in known.shares
    if value in known.numbers or value in known.shares:
        return True
    if match["whole"].isdigit() and len(match["whole"]) == 4 and value in YEARS:
        return True
    # «under 18 299 saker» reads as one number with a thousands space; each part alone may do.
    parts = re.split(f"[{_SEPARATORS}]", match["whole"])
    return len(parts) > 1 and all(int(p) in known.numbers for p in parts)


def unprinted_numbers(text: str, known: Printed) -> list[str]:
    """The numbers in ``text`` the report does not print, as written, in order, once each."""
    text = DATE.sub(" ", text)
    flagged: list[str] = []
    for match in NUMBER.finditer(text):
        if not _allowed(match, known):
            written = match.group(0).strip()
            if written not in flagged:
                flagged.append(written)
    return flagged
