"""The case lists: the advisor's «Mine saker», the analyst's «Alle saker» and its
spreadsheet download.

One list for every role: the rows come from
:func:`~tallrapport.cases.selectors.cases_visible_to` (the one scoping rule)
and are narrowed by :class:`~tallrapport.cases.filters.CaseFilter`; the
download uses the very same two steps, so it holds exactly what the page lists
(every page of it).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from tallrapport.accounts.access import only_methods, user_for
from tallrapport.accounts.models import Scheme, User
from tallrapport.accounts.selectors import schemes_visible_to, units_visible_to
from tallrapport.audit.models import Action
from tallrapport.audit.services import audit_record, audit_request_meta
from tallrapport.cases.filters import CaseFilter
from tallrapport.cases.forms import default_year
from tallrapport.cases.models import Case
from tallrapport.cases.selectors import (
    case_years,
    cases_visible_to,
    category_counts,
    closed_years_of_list,
    user_may_change_cases,
    user_may_download_lists,
    with_closed_year_flag,
)
from tallrapport.lists import (
    PAGE_PARAM,
    Column,
    filter_summary,
    page_of,
    sort_header,
    xlsx_response,
    yes_no,
)

EXPORT_TARGET = "saksliste"


def _case_filter(request: HttpRequest, user: User) -> CaseFilter:
    """The list's filters over what ``user`` may see, opening on this year."""
    visible = cases_visible_to(user)
    return CaseFilter(
        request.GET,
        visible,
        units=units_visible_to(user),
        schemes=schemes_visible_to(user),
        years=case_years(visible, include=default_year()),
        default_year=default_year(),
    )


def _rows(filterset: CaseFilter) -> QuerySet[Case]:
    rows: QuerySet[Case] = filterset.qs.select_related(
        "unit", "scheme", "main_category", "country", "reported_by", "family"
    )
    return rows


def _schemes(filterset: CaseFilter) -> list[Scheme]:
    chosen = filterset.valid("ordning")
    return [chosen] if chosen is not None else list(filterset.filters["ordning"].queryset)


def _case_list(request: HttpRequest, *, everyone: bool) -> HttpResponse:
    user = user_for(
        request, may=(lambda u: u.reads_every_unit) if everyone else user_may_change_cases
    )
    if not_allowed := only_methods(request, "GET"):
        return not_allowed
    filterset = _case_filter(request, user)
    rows = _rows(filterset)
    year, schemes = filterset.year, _schemes(filterset)
    # The zero rows: categories of the chosen scheme, or of the advisor's schemes.
    chosen = filterset.valid("ordning") is not None
    counts = category_counts(rows, year=year, schemes=schemes if chosen or not everyone else None)
    listing = page_of(
        with_closed_year_flag(rows).prefetch_related("scheme__names"),
        request.GET.get(PAGE_PARAM),
    )
    context: dict[str, Any] = {
        "everyone": everyone,
        "filterset": filterset,
        "form": filterset.form,
        "year": year,
        "show_scheme_filter": len(filterset.filters["ordning"].queryset) > 1,
        "show_unit_filter": everyone or filterset.filters["enhet"].queryset.count() > 1,
        "counts": counts,
        "total": sum(c.count for c in counts),
        "listing": listing,
        "page": listing.page,
        "sort_date": sort_header(filterset, key="dato", label=_("Dato"), default_descending=True),
        "sort_category": sort_header(filterset, key="kategori", label=_("Hovedkategori")),
        "closed": closed_years_of_list(rows, year=year, schemes=schemes),
        "may_change": user_may_change_cases(user),
        "may_export": user_may_download_lists(user),
    }
    return render(request, "cases/case_list.html", context)


def my_cases_view(request: HttpRequest) -> HttpResponse:
    """The advisor's cases: those of their units in the periods they worked there."""
    return _case_list(request, everyone=False)


def all_cases_view(request: HttpRequest) -> HttpResponse:
    """Every case, for the analysts and administrators."""
    return _case_list(request, everyone=True)


CASE_COLUMNS = [
    Column(_("Referanse"), lambda c: c.short_ref, 11),
    Column(_("Registreringsdato"), lambda c: c.registered_on, 13),
    Column(_("År"), lambda c: c.year, 7),
    Column(_("Halvår"), lambda c: c.half_year, 8),
    Column(_("Ordning"), lambda c: c.scheme.name_in(c.year), 32),
    Column(_("Enhet"), lambda c: c.unit.name, 36),
    Column(_("Hovedkategori"), lambda c: c.main_category.name, 30),
    Column(
        _("Andre kategorier"),
        lambda c: ", ".join(x.name for x in c.secondary_categories.all()),
        30,
    ),
    Column(_("Kjønn"), lambda c: c.get_gender_display(), 14),
    Column(_("Alder"), lambda c: c.get_age_group_display(), 14),
    Column(_("Landbakgrunn"), lambda c: c.country.name, 20),
    Column(_("Meldt av"), lambda c: c.reported_by.name, 24),
    Column(_("Veiledet"), lambda c: c.get_guided_display(), 24),
    Column(_("Sakskompleks"), lambda c: str(c.family_id)[:8] if c.family_id else "", 13),
    Column(_("Låst år"), lambda c: yes_no(c.in_closed_year), 9),
]


def all_cases_xlsx_view(request: HttpRequest) -> HttpResponse:
    """The analyst's filtered list as a spreadsheet: the rows the page lists, all pages,
    in its order; each download is in the audit trail with its filters."""
    user = user_for(request, may=user_may_download_lists)
    if not_allowed := only_methods(request, "GET"):
        return not_allowed
    filterset = _case_filter(request, user)
    rows = with_closed_year_flag(_rows(filterset)).prefetch_related(
        "scheme__names", "secondary_categories"
    )
    count = rows.count()
    summary = filter_summary(filterset) or _("ingen filter")
    audit_record(
        actor=user,
        action=Action.EXPORT,
        target_type=EXPORT_TARGET,
        target_id="xlsx",
        reason=_("%(count)s saker. %(filters)s") % {"count": count, "filters": summary},
        **audit_request_meta(request),
    )
    today = timezone.localdate().strftime("%Y-%m-%d")
    return xlsx_response(
        title=_("Saker"),
        columns=CASE_COLUMNS,
        rows=rows.iterator(chunk_size=2000),
        filename=f"saker-{today}.xlsx",
    )
