"""The activity lists: the advisor's «Mine aktiviteter» (with their share of time
on competence building), the analyst's «Alle aktiviteter» and its spreadsheet.

As for cases: the rows come from
:func:`~tallrapport.activities.selectors.activities_visible_to` and are narrowed
by :class:`~tallrapport.activities.filters.ActivityFilter`, for the page and the
download alike.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from tallrapport.accounts.access import only_methods, user_for
from tallrapport.accounts.models import User
from tallrapport.accounts.selectors import schemes_visible_to, units_visible_to
from tallrapport.activities.filters import ActivityFilter
from tallrapport.activities.models import Activity
from tallrapport.activities.selectors import (
    activities_visible_to,
    activity_years,
    competence_share,
    user_may_change_activities,
)
from tallrapport.audit.models import Action
from tallrapport.audit.services import audit_record, audit_request_meta
from tallrapport.cases.selectors import (
    closed_years_of_list,
    user_may_download_lists,
    with_closed_year_flag,
)
from tallrapport.lists import (
    PAGE_PARAM,
    SCHEME_PARAM,
    UNIT_PARAM,
    Column,
    filter_summary,
    page_of,
    sort_header,
    xlsx_response,
    yes_no,
)

EXPORT_TARGET = "aktivitetsliste"


def _activity_filter(request: HttpRequest, user: User) -> ActivityFilter:
    """The list's filters over what ``user`` may see, opening on this year."""
    visible = activities_visible_to(user)
    this_year = timezone.localdate().year
    return ActivityFilter(
        request.GET,
        visible,
        units=units_visible_to(user),
        schemes=schemes_visible_to(user),
        years=activity_years(visible, include=this_year),
        default_year=this_year,
    )


def _rows(filterset: ActivityFilter) -> QuerySet[Activity]:
    rows: QuerySet[Activity] = filterset.qs.select_related(
        "unit", "scheme", "registered_by"
    ).prefetch_related("target_groups", "scheme__names")
    return rows


def _activity_list(request: HttpRequest, *, everyone: bool) -> HttpResponse:
    user = user_for(
        request, may=(lambda u: u.reads_every_unit) if everyone else user_may_change_activities
    )
    if not_allowed := only_methods(request, "GET"):
        return not_allowed
    filterset = _activity_filter(request, user)
    rows = _rows(filterset)
    year = filterset.year
    schemes = filterset.filters[SCHEME_PARAM].queryset
    chosen = filterset.valid(SCHEME_PARAM)
    listing = page_of(with_closed_year_flag(rows), request.GET.get(PAGE_PARAM))
    context: dict[str, Any] = {
        "everyone": everyone,
        "form": filterset.form,
        "year": year,
        "show_scheme_filter": len(schemes) > 1,
        "show_unit_filter": everyone or filterset.filters[UNIT_PARAM].queryset.count() > 1,
        "listing": listing,
        "page": listing.page,
        "sort_date": sort_header(filterset, key="dato", label=_("Dato"), default_descending=True),
        "sort_type": sort_header(filterset, key="type", label=_("Type aktivitet")),
        "closed": closed_years_of_list(
            rows, year=year, schemes=[chosen] if chosen else list(schemes)
        ),
        "may_change": user_may_change_activities(user),
        "may_export": user_may_download_lists(user),
    }
    if not everyone:
        share_year = year if year is not None else timezone.localdate().year
        context["share"] = competence_share(user=user, year=share_year)
        context["share_year"] = share_year
    return render(request, "activities/activity_list.html", context)


def my_activities_view(request: HttpRequest) -> HttpResponse:
    """The activities of the advisor's units, and the advisor's own share of working
    time on competence building against the mandate's 40 %."""
    return _activity_list(request, everyone=False)


def all_activities_view(request: HttpRequest) -> HttpResponse:
    """Every activity, for the analysts and administrators."""
    return _activity_list(request, everyone=True)


ACTIVITY_COLUMNS = [
    Column(_("Referanse"), lambda a: a.short_ref, 11),
    Column(_("Dato"), lambda a: a.date, 12),
    Column(_("År"), lambda a: a.year, 7),
    Column(_("Halvår"), lambda a: 1 if a.date.month <= 6 else 2, 8),
    Column(_("Ordning"), lambda a: a.scheme.name_in(a.year), 32),
    Column(_("Enhet"), lambda a: a.unit.name, 36),
    Column(_("Type aktivitet"), lambda a: a.get_activity_type_display(), 30),
    Column(_("Kompetanseheving"), lambda a: yes_no(a.is_competence_building), 12),
    Column(_("Målgrupper"), lambda a: ", ".join(a.target_group_names), 36),
    Column(_("Temaer"), lambda a: ", ".join(a.topic_names), 36),
    Column(_("Samarbeidspartnere"), lambda a: ", ".join(a.partner_names), 30),
    Column(_("Deltakere"), lambda a: a.participants, 10),
    Column(_("Timer"), lambda a: a.hours, 8),
    Column(_("Kommune"), lambda a: a.municipality, 18),
    Column(_("Låst år"), lambda a: yes_no(a.in_closed_year), 9),
]


def all_activities_xlsx_view(request: HttpRequest) -> HttpResponse:
    """The analyst's filtered activity list as a spreadsheet, all pages, audited."""
    user = user_for(request, may=user_may_download_lists)
    if not_allowed := only_methods(request, "GET"):
        return not_allowed
    filterset = _activity_filter(request, user)
    rows = with_closed_year_flag(_rows(filterset)).prefetch_related("topics", "partners")
    count = rows.count()
    summary = filter_summary(filterset) or _("ingen filter")
    audit_record(
        actor=user,
        action=Action.EXPORT,
        target_type=EXPORT_TARGET,
        target_id="xlsx",
        reason=_("%(count)s aktiviteter. %(filters)s") % {"count": count, "filters": summary},
        **audit_request_meta(request),
    )
    today = timezone.localdate().strftime("%Y-%m-%d")
    return xlsx_response(
        title=_("Aktiviteter"),
        columns=ACTIVITY_COLUMNS,
        rows=rows.iterator(chunk_size=2000),
        filename=f"aktiviteter-{today}.xlsx",
    )
