"""A published edition read back as a :class:`~tallrapport.reports.report.Report`.

An edition froze what it printed, cell by cell; reading those cells into the
same report types lets the edition page and its downloads go through the same
renderers as a fresh report (same captions, columns, ``*``, notes and figures),
instead of a second path that prints the same numbers differently. Only what
was frozen is shown: row labels as printed, the paragraphs as published, the
key figures that the printed tables give. Staff and country counts were not
frozen, so an edition has none.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from tallrapport.reports.assemble import add_shares, printed_key_figures
from tallrapport.reports.catalogue import (
    ACTIVITY_TABLES,
    SHARE_TABLES,
    TABLES,
    column_labels,
    table_title,
)
from tallrapport.reports.history import TOTAL_ROW
from tallrapport.reports.models import CellStatus, Edition, EditionCell, EditionSource
from tallrapport.reports.parts import REPORT_SCOPE
from tallrapport.reports.report import (
    ABSENT,
    HIDDEN,
    SHOWN,
    Cell,
    Report,
    Section,
    Table,
    TableDef,
)
from tallrapport.reports.validity import Periods, mark_not_applicable
from tallrapport.stats import selectors as stats

_DEFINITIONS = {t.key: t for t in (*TABLES, *ACTIVITY_TABLES)}


def edition_report(edition: Edition) -> Report:
    """The edition as a report: its frozen cells as tables, its paragraphs as texts."""
    by_table: dict[tuple[str, str], list[EditionCell]] = {}
    for cell in edition.cells.order_by("id"):
        by_table.setdefault((cell.scheme, cell.table), []).append(cell)
    order = {code: i for i, code in enumerate(stats.scheme_codes())}
    schemes = sorted({s for s, _t in by_table}, key=lambda s: (order.get(s, len(order)), s))
    sections = []
    periods = stats.category_periods()
    for scheme in schemes:
        tables = {
            key: _table(
                scheme,
                _definition(key),
                edition.year,
                by_table[(scheme, key)],
                periods if edition.source == EditionSource.TALLRAPPORT else None,
            )
            for key in _table_order({t for s, t in by_table if s == scheme})
        }
        name, title = stats.scheme_name(scheme, edition.year)
        sections.append(
            Section(
                scheme=scheme,
                name=name,
                advisor_title=title,
                key_figures=printed_key_figures(
                    edition.year, tables, advisors=None, countries=None
                ),
                tables=tables,
                texts=dict(edition.texts.get(scheme, {})),
                year_closed=None,
            )
        )
    years = sorted(
        {int(c) for s in sections for t in s.tables.values() for c, _l in t.columns if c.isdigit()}
    )
    return Report(
        year=edition.year,
        years=years or [edition.year],
        sections=sections,
        protection=None,
        audit=None,
        reference_editions=list(edition.based_on.order_by("year", "published_at", "slug")),
        generated_at=edition.published_at,
        unprotectable=[],
        edition=edition,
        texts=dict(edition.texts.get(REPORT_SCOPE, {})),
    )


def _table_order(keys: set[str]) -> list[str]:
    """The catalogue's order; a table the catalogue no longer knows comes last."""
    known = [t.key for t in (*TABLES, *ACTIVITY_TABLES) if t.key in keys]
    return known + sorted(keys - set(known))


def _definition(key: str) -> TableDef:
    found = _DEFINITIONS.get(key)
    if found is not None:
        return found
    return TableDef(key, key, "row", "column", _("Rad"), over_years=False)


def _table(
    scheme: str,
    definition: TableDef,
    year: int,
    cells: list[EditionCell],
    periods: Periods | None,
) -> Table:
    """One frozen table: rows and columns in the order they were printed."""
    rows = list(dict.fromkeys(c.row for c in cells))
    columns = list(dict.fromkeys(c.column for c in cells))
    if definition.column_dim == "year":
        columns.sort(key=lambda c: (not c.isdigit(), int(c) if c.isdigit() else 0, c))
    printed = {(c.row, c.column): c for c in cells}
    labels = {c.row: c.label or c.row for c in reversed(cells)}
    known = definition.key in _DEFINITIONS
    table = Table(
        scheme=scheme,
        definition=definition,
        title=table_title(definition, year, columns) if known else definition.title,
        rows=[(row, labels[row]) for row in rows],
        columns=list(
            zip(columns, column_labels(definition, columns) if known else columns, strict=True)
        ),
        cells={
            (row, column): _cell(printed.get((row, column))) for row in rows for column in columns
        },
    )
    if periods is not None:
        # Our editions stored «–» as its 0; a transcribed one stays as it was printed.
        mark_not_applicable(table, periods, year)
    # Shares were printed beside the report year's counts; an edition without
    # that year's total (none so far) printed none.
    if definition.key in SHARE_TABLES and (TOTAL_ROW, str(year)) in printed:
        add_shares(table, str(year))
    return table


def _cell(printed: EditionCell | None) -> Cell:
    if printed is None:
        return Cell(None, ABSENT)
    if printed.status == CellStatus.HIDDEN or printed.value is None:
        return Cell(None, HIDDEN)
    return Cell(printed.value, SHOWN)
