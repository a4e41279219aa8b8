"""One start page per role: the advisor's counts and hours, the analyst's
follow-up lists, the administrator's ways in.

The counts are internal and scoped like the lists (see
:mod:`tallrapport.stats.overview`); they are never published, so they are not
protected against small counts, and the page says so.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from tallrapport.accounts.access import only_methods, user_for
from tallrapport.accounts.models import Scheme, User
from tallrapport.activities.selectors import CompetenceShare, competence_share
from tallrapport.plans.selectors import (
    measure_url_label,
    measures_owned_in_any_plan,
    plans_visible_to,
)
from tallrapport.reports.render.charts import Series, bar_chart_svg
from tallrapport.stats.overview import (
    AdvisorCounts,
    advisor_category_years,
    half_year_period,
    late_registrations,
    unit_registrations,
    unknown_shares,
    years_waiting,
)


def home(request: HttpRequest) -> HttpResponse:
    """The start page of the user's role."""
    user = user_for(request)
    if not_allowed := only_methods(request, "GET"):
        return not_allowed
    today = timezone.localdate()
    if user.is_advisor:
        context = _advisor(user, today)
    elif user.is_analyst:
        context = _analyst(user, today)
    elif user.is_administrator:
        context = _administrator(user)
    else:
        raise PermissionDenied
    return render(request, "start/home.html", {"today": today, **context})


def _category_chart(counts: AdvisorCounts) -> SafeString:
    """Last year's and this year's bars per category; the table beside it has the numbers."""
    svg = bar_chart_svg(
        chart_id="kategorier-figur",
        title=_("Søylediagram: saker per kategori i %(last)s og %(this)s")
        % {"last": counts.last_year, "this": counts.this_year},
        groups=[row.category.name for row in counts.rows],
        series=[
            Series(str(counts.last_year), [row.last_year for row in counts.rows]),
            Series(str(counts.this_year), [row.this_year for row in counts.rows]),
        ],
        labelledby="kategorier-tabell",
    )
    return mark_safe(svg)  # noqa: S308 (our own SVG, every text escaped by the chart module)


def _hours_chart(share: CompetenceShare) -> SafeString:
    """Hours on competence building against the hours the mandate's share makes."""
    svg = bar_chart_svg(
        chart_id="timer-figur",
        title=_("Søylediagram: timer kompetanseheving mot målet"),
        groups=[_("Kompetanseheving"), _("Rettet mot elever og foreldre"), _("Mål etter mandatet")],
        series=[
            Series(
                _("Timer"),
                [
                    _whole(share.competence_hours),
                    _whole(share.other_hours),
                    _whole(share.target_hours),
                ],
            )
        ],
        labelledby="timer-tabell",
    )
    return mark_safe(svg)  # noqa: S308 (our own SVG, every text escaped by the chart module)


def _whole(hours: Decimal) -> int:
    return int(hours.to_integral_value())


def _advisor(user: User, today: datetime.date) -> dict[str, Any]:
    counts = advisor_category_years(user=user, this_year=today.year)
    share = competence_share(user=user, year=today.year)
    return {
        "role": "advisor",
        "counts": counts,
        "category_chart": _category_chart(counts),
        "share": share,
        "share_rows": [row for row in share.rows if row.count],
        "hours_chart": _hours_chart(share),
    }


def _analyst(user: User, today: datetime.date) -> dict[str, Any]:
    year, half, first, last = half_year_period(today)
    units = unit_registrations(user=user, day=today)
    return {
        "role": "analyst",
        "year": year,
        "half_year": half,
        "half_first": first,
        "half_last": last,
        "units": units,
        "units_without": sum(1 for u in units if u.has_none),
        "unknown": unknown_shares(user=user, year=year),
        "late": [(r, _scheme_in(r.scheme, r.year)) for r in late_registrations(user=user)],
        "waiting": [(s, _scheme_in(s.scheme, s.year)) for s in years_waiting(this_year=today.year)],
    }


def _scheme_in(scheme: Scheme, year: int) -> str:
    """The scheme's name as it was in ``year`` (its names are prefetched)."""
    return scheme.name_on(datetime.date(year, 12, 31))


def _administrator(user: User) -> dict[str, Any]:
    measures = measures_owned_in_any_plan(user)
    return {
        "role": "administrator",
        "plans": list(plans_visible_to(user)),
        "measures": [(m, measure_url_label(m)) for m in measures],
    }
