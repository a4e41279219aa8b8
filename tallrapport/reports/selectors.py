"""Reads about editions and which years a report can be made for."""

from __future__ import annotations

from django.http import Http404

from tallrapport.reports.models import Edition, EditionCell
from tallrapport.stats import selectors as stats


def report_years() -> list[int]:
    """Years a report can be made for: any year the register or an edition covers."""
    years = stats.case_years()
    years |= set(Edition.objects.values_list("year", flat=True))
    return sorted(years, reverse=True)


def editions() -> list[Edition]:
    """Every edition, newest first."""
    return list(Edition.objects.select_related("published_by").order_by("-year", "-published_at"))


def edition_get(*, slug: str) -> Edition:
    try:
        return Edition.objects.select_related("published_by").get(slug=slug)
    except Edition.DoesNotExist:
        raise Http404 from None


def edition_tables(
    edition: Edition,
) -> list[tuple[str, str, list[str], list[tuple[str, list[str]]]]]:
    """The edition's cells as tables: (scheme, table, columns, [(row label, texts)])."""
    grouped: dict[tuple[str, str], list[EditionCell]] = {}
    for cell in edition.cells.order_by("scheme", "table", "id"):
        grouped.setdefault((cell.scheme, cell.table), []).append(cell)
    out = []
    for (scheme, table), cells in grouped.items():
        columns = list(dict.fromkeys(c.column for c in cells))
        rows: dict[str, dict[str, str]] = {}
        labels: dict[str, str] = {}
        for cell in cells:
            labels.setdefault(cell.row, cell.label or cell.row)
            rows.setdefault(cell.row, {})[cell.column] = (
                "*" if cell.value is None else str(cell.value)
            )
        body = [(labels[r], [values.get(c, "") for c in columns]) for r, values in rows.items()]
        out.append((scheme, table, columns, body))
    return out
