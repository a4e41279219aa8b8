"""Reads about editions and which years a report can be made for."""

from __future__ import annotations

from django.http import Http404

from tallrapport.reports.models import Edition
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
