"""A published edition's tables as the public API serves them: JSON, CSV and JSON-stat 2.0.

Everything here reads the :class:`~tallrapport.reports.report.Report` that
:func:`~tallrapport.reports.edition_report.edition_report` makes of an
edition's frozen cells, the one the edition page and its downloads print: the
same rows, columns, labels, hidden cells and notes. Nothing is counted again,
and no draft can reach here, because only editions (published reports) are
read. Shares are left out as in the CSV: they are derived from the counts.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from django.utils.translation import gettext as _

from tallrapport.reports.csv_export import HEADER, report_rows
from tallrapport.reports.knowledge import PreviousValues, previous_values
from tallrapport.reports.models import Edition, EditionCell, EditionSource
from tallrapport.reports.render.html import HIDDEN_NOTE
from tallrapport.reports.report import (
    ABSENT,
    HIDDEN,
    NOT_APPLICABLE,
    Cell,
    Report,
    Table,
)
from tallrapport.spreadsheet_cells import neutralised

SOURCE = "IMDi, Tallrapport"
# JSON-stat's cell status, in the symbols the printed reports and Statistics
# Norway use: «*» hidden to protect small counts, «..» not printed (unreadable in
# a transcribed source), «.» impossible (a category in a year it did not exist),
# «r» revised since an earlier edition printed it.
STATUS_HIDDEN, STATUS_ABSENT, STATUS_NOT_APPLICABLE, STATUS_REVISED = "*", "..", ".", "r"
STATUS_LABELS = {
    STATUS_HIDDEN: HIDDEN_NOTE.removeprefix("* "),
    STATUS_ABSENT: "Ikke trykt (uleselig i den transkriberte kilden).",
    STATUS_NOT_APPLICABLE: "Kategorien fantes ikke dette året.",
    STATUS_REVISED: "Revidert: en tidligere utgave trykte et annet tall.",
}


def earlier_editions(edition: Edition) -> list[Edition]:
    """The editions this one could revise: those it was held to, or (a transcribed
    report) the transcribed reports of earlier years."""
    based_on = list(edition.based_on.all())
    if based_on or edition.source == EditionSource.TALLRAPPORT:
        return based_on
    return list(
        Edition.objects.filter(source=EditionSource.HISTORICAL, year__lt=edition.year).order_by(
            "year"
        )
    )


def edition_previous(edition: Edition, scheme: str) -> PreviousValues:
    """What earlier editions printed per (table, row, column), for the revision notes."""
    cells = EditionCell.objects.filter(
        edition__in=earlier_editions(edition), scheme=scheme
    ).select_related("edition")
    return previous_values(scheme, edition.year, list(cells))


def revisions(table: Table, previous: PreviousValues) -> list[dict[str, Any]]:
    """Shown cells whose number an earlier edition printed differently."""
    out = []
    for (row, column), cell in table.cells.items():
        if cell.value is None or cell.status in (HIDDEN, ABSENT, NOT_APPLICABLE):
            continue
        before = [
            {"edition": title, "value": old}
            for title, old in previous.get((table.key, row, column), [])
            if old != cell.value
        ]
        if before:
            out.append({"row": row, "column": column, "value": cell.value, "before": before})
    return out


def find_table(report: Report, scheme: str, key: str) -> Table | None:
    for section in report.sections:
        if section.scheme == scheme:
            return section.tables.get(key)
    return None


def _status(cell: Cell, revised: bool) -> str | None:
    if cell.status == HIDDEN:
        return STATUS_HIDDEN
    if cell.status == ABSENT:
        return STATUS_ABSENT
    if cell.status == NOT_APPLICABLE:
        return STATUS_NOT_APPLICABLE
    return STATUS_REVISED if revised else None


def edition_summary(edition: Edition) -> dict[str, Any]:
    return {
        "slug": edition.slug,
        "title": edition.title,
        "year": edition.year,
        "source": edition.source,
        "published_at": edition.published_at,
    }


def table_notes(table: Table, revised: list[dict[str, Any]]) -> list[str]:
    """The notes the page prints under the table."""
    notes = []
    if any(c.hidden for c in table.cells.values()):
        notes.append(_(HIDDEN_NOTE))
    for item in revised:
        before = ", ".join(f"{b['edition']}: {b['value']}" for b in item["before"])
        notes.append(
            _("Revidert: %(row)s %(column)s er %(value)s (før: %(before)s).")
            % {
                "row": dict(table.rows)[item["row"]],
                "column": dict(table.columns)[item["column"]],
                "value": item["value"],
                "before": before,
            }
        )
    notes.extend(table.footnotes)
    return notes


def table_json(edition: Edition, table: Table, previous: PreviousValues) -> dict[str, Any]:
    """One table as plain JSON: rows, columns and every cell with its status."""
    revised = revisions(table, previous)
    revised_at = {(r["row"], r["column"]) for r in revised}
    return {
        "edition": edition_summary(edition),
        "scheme": table.scheme,
        "table": table.key,
        "title": table.title,
        "row_title": table.definition.row_title,
        "rows": [{"code": code, "label": label} for code, label in table.rows],
        "columns": [{"code": code, "label": label} for code, label in table.columns],
        "cells": [
            {
                "row": row,
                "column": column,
                "value": cell.value
                if cell.status not in (HIDDEN, ABSENT, NOT_APPLICABLE)
                else None,
                "status": _status(cell, (row, column) in revised_at),
            }
            for row, _label in table.rows
            for column, _column_label in table.columns
            for cell in (table.cells[(row, column)],)
        ],
        "notes": table_notes(table, revised),
        "revisions": revised,
        "source": SOURCE,
    }


def table_csv(report: Report, table: Table) -> str:
    """The table's lines of the edition's CSV download, with its header."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(
        neutralised(row)
        for row in report_rows(report)
        if row[0] == table.scheme and row[1] == table.key
    )
    return out.getvalue()


def _dimension(dim_id: str, label: str, codes: list[tuple[str, str]]) -> dict[str, Any]:
    return {
        "label": label,
        "category": {
            "index": {code: i for i, (code, _label) in enumerate(codes)},
            "label": dict(codes),
        },
    }


def table_jsonstat(edition: Edition, table: Table, previous: PreviousValues) -> dict[str, Any]:
    """One table as a JSON-stat 2.0 dataset (the format Statistics Norway's API serves).

    Two dimensions, rows then columns, values in row-major order; a hidden cell
    is ``null`` with status ``*``. The year dimension has the role ``time``.
    """
    definition = table.definition
    revised = revisions(table, previous)
    revised_at = {(r["row"], r["column"]) for r in revised}
    row_id, column_id = definition.row_dim, definition.column_dim
    values: list[int | None] = []
    status: dict[str, str] = {}
    for row, _label in table.rows:
        for column, _column_label in table.columns:
            cell = table.cells[(row, column)]
            mark = _status(cell, (row, column) in revised_at)
            values.append(
                None
                if mark in (STATUS_HIDDEN, STATUS_ABSENT, STATUS_NOT_APPLICABLE)
                else cell.value
            )
            if mark is not None:
                status[str(len(values) - 1)] = mark
    column_title = _("År") if column_id == "year" else _("Kolonne")
    dataset: dict[str, Any] = {
        "version": "2.0",
        "class": "dataset",
        "label": f"{edition.title}: {table.title}",
        "source": SOURCE,
        "id": [row_id, column_id],
        "size": [len(table.rows), len(table.columns)],
        "dimension": {
            row_id: _dimension(row_id, definition.row_title, table.rows),
            column_id: _dimension(column_id, column_title, table.columns),
        },
        "value": values,
        "note": table_notes(table, revised),
        "extension": {
            "edition": edition_summary(edition) | {"published_at": _iso(edition)},
            "scheme": table.scheme,
            "table": table.key,
            "status": {mark: STATUS_LABELS[mark] for mark in sorted(set(status.values()))},
            "revisions": revised,
        },
    }
    if status:
        dataset["status"] = status
    if edition.published_at is not None:
        dataset["updated"] = _iso(edition)
    if column_id == "year":
        dataset["role"] = {"time": [column_id]}
    return dataset


def _iso(edition: Edition) -> str | None:
    return edition.published_at.isoformat() if edition.published_at is not None else None
