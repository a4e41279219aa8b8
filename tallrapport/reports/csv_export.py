"""The report as one CSV file: one line per printed count.

Columns: ``scheme``, ``table``, ``row``, ``column``, ``value`` (empty when
hidden), ``status`` (``shown``/``hidden``, ``not_applicable`` for «–»), ``note``
(``revidert`` when an earlier edition printed another number for the cell, ``publisert`` when the
value comes from an earlier edition rather than the register; every row of a
report that fails the audit also carries the draft mark, «UTKAST – revisjonen
fant skjulte tall …», so that no line of such a file can pass for a
publishable number). Only counts are
written: shares, changes from last year and staff numbers are derived or not
about exposed persons, and a reader of the file recomputes the shares from the
shown counts.
"""

from __future__ import annotations

import csv
import io

from tallrapport.reports.report import Report, draft_mark
from tallrapport.spreadsheet_cells import neutralised

HEADER = ("scheme", "table", "row", "column", "value", "status", "note")
PUBLIC_TABLE = "allerede_offentlig"
"""Rows of small counts earlier editions already give away (``status`` ``public``,
``note`` the earlier numbers that give each)."""


def report_rows(report: Report) -> list[tuple[str, str, str, str, str, str, str]]:
    """Every printed count of the report, tables in report order, rows as printed."""
    rows = []
    draft = draft_mark(report)
    for section in report.sections:
        for table in section.tables.values():
            for row, row_label in table.rows:
                for column, column_label in table.columns:
                    cell = table.cells[(row, column)]
                    rows.append(
                        (
                            section.scheme,
                            table.key,
                            row_label,
                            column_label,
                            "" if cell.value is None else str(cell.value),
                            cell.status,
                            "; ".join(note for note in (cell.note, draft) if note),
                        )
                    )
    # What earlier editions already give away is part of the method: listed, with its sources.
    for public in report.public:
        rows.append(
            (
                public.scheme,
                PUBLIC_TABLE,
                public.where,
                "",
                str(public.value),
                "public",
                "; ".join(public.sources),
            )
        )
    return rows


def render_csv(report: Report) -> str:
    """The CSV text (UTF-8, comma separated, a header line)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(neutralised(row) for row in report_rows(report))
    return out.getvalue()
