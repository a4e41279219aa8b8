"""The yearly report as plain data: what every renderer reads.

A :class:`Report` is the same whether it was just built from the register
(:func:`~tallrapport.reports.build.build_report`) or read back from a published
edition (:func:`~tallrapport.reports.edition_report.edition_report`), so the
page, the PDF, the spreadsheet and the CSV print the same cells, the same
``*`` and the same notes either way. Nothing here queries.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from tallrapport.disclosure import AuditResult, Protection, Status
from tallrapport.formatting import thousands
from tallrapport.reports.history import TOTAL_ROW
from tallrapport.reports.models import Edition

SHOWN = "shown"
HIDDEN = "hidden"
ABSENT = "absent"
"""A position a published edition printed nothing for (unreadable in the transcribed source)."""
NOT_APPLICABLE = "not_applicable"
"""A category in a year it did not exist (not yet, or no longer): printed «–», never 0."""
NOT_APPLICABLE_TEXT = "\u2013"
REVISED = "revidert"
FROM_EDITION = "publisert"


@dataclass(frozen=True)
class ActivityCounts:
    """One scheme's protected activity counts: (row code, year) → value or None."""

    types: dict[tuple[str, str], int | None]
    groups: dict[tuple[str, str], int | None]


@dataclass(frozen=True)
class ActivityProtection:
    by_scheme: dict[str, ActivityCounts]
    years: list[str]
    protections: tuple[Protection, Protection]
    audits: tuple[AuditResult, AuditResult]

    @property
    def safe(self) -> bool:
        return all(a.safe for a in self.audits)

    @property
    def hidden_count(self) -> int:
        return sum(p.count(Status.PRIMARY) + p.count(Status.SECONDARY) for p in self.protections)


@dataclass(frozen=True)
class TableDef:
    """One printed table: its rows over one dimension, its columns over another."""

    key: str
    title: str
    row_dim: str
    column_dim: str
    row_title: str
    # Tables over five years versus tables of the report year only.
    over_years: bool = True
    # Only these levels of the column dimension, beside the total (all levels when empty):
    # a narrow table costs the protection far fewer hidden cells than a wide one.
    column_levels: tuple[str, ...] = ()
    # Only these schemes print the table (every scheme when empty).
    schemes: tuple[str, ...] = ()

    def printed_for(self, scheme: str) -> bool:
        return not self.schemes or scheme in self.schemes


@dataclass(frozen=True)
class Cell:
    """One printed number: ``value`` is None when hidden."""

    value: int | None
    status: str
    note: str = ""
    # What earlier editions printed for this position, when it differs.
    previous: tuple[tuple[str, int], ...] = ()

    @property
    def shown(self) -> bool:
        return self.status == SHOWN

    @property
    def hidden(self) -> bool:
        return self.status == HIDDEN

    @property
    def text(self) -> str:
        if self.status == ABSENT:
            return ""
        if self.status == NOT_APPLICABLE:
            return NOT_APPLICABLE_TEXT
        return "*" if self.value is None else thousands(self.value)


@dataclass
class Table:
    """A rendered table: labelled rows and columns and a cell for each pair."""

    scheme: str
    definition: TableDef
    title: str
    rows: list[tuple[str, str]]
    columns: list[tuple[str, str]]
    cells: dict[tuple[str, str], Cell]
    share_column: tuple[str, str] | None = None
    shares: dict[str, Cell] = field(default_factory=dict)
    # Every column's shares (row, column) → percent of the column's total, for figures
    # that draw shares; computed, like ``shares``, from shown cells only.
    column_shares: dict[tuple[str, str], Cell] = field(default_factory=dict)
    # Footnotes every renderer prints under the table (e.g. why a row has «–»).
    footnotes: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        return self.definition.key

    def cell(self, row: str, column: str) -> Cell:
        return self.cells[(row, column)]

    def body(self) -> list[tuple[str, str, list[Cell]]]:
        """Rows with their cells in column order, for templates."""
        out = []
        for row, label in self.rows:
            cells = [self.cells[(row, column)] for column, _label in self.columns]
            if self.share_column is not None:
                cells.append(self.shares[row])
            out.append((row, label, cells))
        return out

    def header(self) -> list[str]:
        labels = [label for _c, label in self.columns]
        if self.share_column is not None:
            labels.append(self.share_column[1])
        return labels

    @property
    def has_revisions(self) -> bool:
        return any(c.note == REVISED for c in self.cells.values())

    @property
    def has_published(self) -> bool:
        return any(c.note == FROM_EDITION for c in self.cells.values())


def percent(part: int, whole: int) -> int:
    """A share in whole percent, halves rounded up as a reader rounds («12,5 %» → 13)."""
    return (200 * part + whole) // (2 * whole)


@dataclass(frozen=True)
class ShareUse:
    """A share a text prints, and the two printed cells it is computed from.

    Positions are (table key, row, column) of the section's tables; the share
    audit (:func:`share_problems`) proves both are shown cells, so a printed
    share never gives back a hidden count.
    """

    where: str
    value: int
    numerator: tuple[str, str, str]
    denominator: tuple[str, str, str]


@dataclass(frozen=True)
class KeyFigures:
    new_cases: Cell
    previous_cases: Cell
    change: int | None
    # Staff and country counts are not frozen in an edition: None when read from one.
    advisors: int | None
    countries: int | None
    # Competence-building assignments this year and the year before.
    competence: Cell | None = None
    competence_before: Cell | None = None


@dataclass
class Section:
    """One scheme's part of the report."""

    scheme: str
    name: str
    advisor_title: str
    key_figures: KeyFigures
    tables: dict[str, Table]
    texts: dict[str, str] = field(default_factory=dict)
    # Every share the texts print, with the printed cells it is computed from.
    shares: list[ShareUse] = field(default_factory=list)
    # Per category, the country backgrounds its sentence names (codes, biggest first);
    # the protection holds each as a known sum (:mod:`tallrapport.reports.stated`).
    countries: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Whether the analysts have closed the report year for this scheme: until
    # then late registrations may still change its numbers. None for an edition.
    year_closed: bool | None = False


@dataclass(frozen=True)
class Revision:
    scheme: str
    table: str
    row: str
    column: str
    value: int
    previous: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class PublicCount:
    """A small count the earlier editions already give away, and which of their numbers do."""

    scheme: str
    where: str
    value: int
    sources: tuple[str, ...]
    tables: tuple[str, ...] = ()
    """The titles of the tables of this report that would print it."""

    def __str__(self) -> str:
        tables = f" ({', '.join(self.tables)})" if self.tables else ""
        return _("%(where)s%(tables)s = %(value)s, gitt av %(sources)s") % {
            "where": self.where,
            "tables": tables,
            "value": self.value,
            "sources": "; ".join(self.sources),
        }


@dataclass
class Report:
    """The yearly report: both schemes, their protection and its proof."""

    year: int
    years: list[int]
    sections: list[Section]
    protection: Protection | None
    audit: AuditResult | None
    reference_editions: list[Edition]
    # When the report was made; for an edition, when it was published (None
    # for a transcribed historical edition).
    generated_at: datetime.datetime | None
    unprotectable: list[str]
    public: list[PublicCount] = field(default_factory=list)
    """Small counts the earlier editions already give away: held, listed, never a failure."""
    activities: ActivityProtection | None = None
    # The published edition this report was read back from; None for a fresh report.
    edition: Edition | None = None
    # The report's own parts before the schemes («Innledning», «Hva er en sak?» …).
    texts: dict[str, str] = field(default_factory=dict)

    @property
    def title(self) -> str:
        if self.edition is not None:
            return self.edition.title
        return _("Tallrapportering %(year)s") % {"year": self.year}

    @property
    def safe(self) -> bool:
        """Whether no hidden number of any table can be computed from what is printed."""
        cases_safe = self.audit is None or self.audit.safe
        activities_safe = self.activities is None or self.activities.safe
        return cases_safe and activities_safe and not self.bad_shares

    @property
    def bad_shares(self) -> list[str]:
        """Printed shares not computed from two shown cells (see :func:`share_problems`)."""
        return share_problems(self)

    @property
    def revisions(self) -> list[Revision]:
        out = []
        for section in self.sections:
            for table in section.tables.values():
                for (row, column), cell in table.cells.items():
                    if cell.note == REVISED and cell.value is not None:
                        out.append(
                            Revision(
                                section.scheme,
                                table.key,
                                dict(table.rows)[row],
                                dict(table.columns)[column],
                                cell.value,
                                cell.previous,
                            )
                        )
        return out

    @property
    def hidden_count(self) -> int:
        return sum(
            1
            for section in self.sections
            for table in section.tables.values()
            for cell in table.cells.values()
            if cell.hidden
        )

    def section(self, scheme: str) -> Section:
        return next(s for s in self.sections if s.scheme == scheme)


def draft_mark(report: Report) -> str:
    """The words a file of a report that fails the audit carries on its first page; else empty.

    Such a file must never pass for a publishable report, wherever it ends up.
    """
    if report.safe:
        return ""
    return _(
        "UTKAST – revisjonen fant skjulte tall som kan regnes ut. Rapporten må ikke publiseres."
    )


def table_share_uses(section: Section) -> list[ShareUse]:
    """The shares of every table (its share column, its figures'), each with its two cells."""
    uses = [
        ShareUse(
            f"{table.title}: {dict(table.rows).get(row, row)}, {column}",
            share.value,
            (table.key, row, column),
            (table.key, TOTAL_ROW, column),
        )
        for table in section.tables.values()
        for (row, column), share in table.column_shares.items()
        if share.value is not None
    ]
    for table in section.tables.values():
        if table.share_column is None:
            continue
        column = table.share_column[0].removeprefix("andel_")
        for row, label in table.rows:
            share = table.shares.get(row)
            if share is not None and share.value is not None:
                uses.append(
                    ShareUse(
                        f"{table.title}: {label}",
                        share.value,
                        (table.key, row, column),
                        (table.key, TOTAL_ROW, column),
                    )
                )
    return uses


def share_problems(report: Report) -> list[str]:
    """Printed shares that are not computed from two shown cells; empty when all are.

    A share of a hidden count, or of a hidden total, narrows the hidden count
    down (12 % of 245 is 29 or 30), so every share in a table's share column
    and in the texts must be the rounded quotient of two cells the report
    prints. Part of the audit: a report with such a share is not safe.
    """
    problems = []
    for section in report.sections:
        for use in [*table_share_uses(section), *section.shares]:
            cells = []
            for table_key, row, column in (use.numerator, use.denominator):
                table = section.tables.get(table_key)
                cell = table.cells.get((row, column)) if table is not None else None
                cells.append(cell if cell is not None and cell.shown else None)
            part, whole = cells
            if part is None or whole is None or part.value is None or not whole.value:
                problems.append(
                    _("%(scheme)s, %(where)s: andelen er regnet av et tall som ikke vises")
                    % {"scheme": section.name, "where": use.where}
                )
            elif percent(part.value, whole.value) != use.value:
                problems.append(
                    _("%(scheme)s, %(where)s: andelen stemmer ikke med tallene som vises")
                    % {"scheme": section.name, "where": use.where}
                )
    return problems


def text_share(
    section: Section,
    where: str,
    numerator: tuple[str, str, str],
    denominator: tuple[str, str, str],
) -> int | None:
    """The share a text may print of two of the section's cells, recorded for the audit.

    None unless both cells are shown (a share of a hidden count is never
    printed) and the whole is not zero.
    """
    values = []
    for table_key, row, column in (numerator, denominator):
        table = section.tables.get(table_key)
        cell = table.cells.get((row, column)) if table is not None else None
        if cell is None or not cell.shown or cell.value is None:
            return None
        values.append(cell.value)
    part, whole = values
    if whole == 0:
        return None
    value = percent(part, whole)
    section.shares.append(ShareUse(where, value, numerator, denominator))
    return value
