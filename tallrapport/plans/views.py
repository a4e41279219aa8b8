"""Action-plan pages: list, overview, a measure across years, status form, closing a
year, and the status report in four formats.

Thin views: find out who asks, fetch through a scoping selector (which answers
404 for a plan the user may not read, 403 for a page their role may not use),
call one service, render or redirect. Login is required by the middleware.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from tallrapport.accounts.access import only_methods, user_for
from tallrapport.forms import form_submit
from tallrapport.plans.forms import MeasureStatusForm, MeasureTextForm
from tallrapport.plans.models import (
    ActionPlan,
    GoalAchievement,
    Measure,
    MeasureStatus,
    ReportingYear,
)
from tallrapport.plans.reports import FORMATS, render_report, report_filename
from tallrapport.plans.selectors import (
    default_year,
    measure_get,
    measure_get_for_status_edit,
    measure_history,
    ministry_history,
    plan_access,
    plan_get_visible,
    plan_overview,
    plan_report,
    plans_visible_to,
    reporting_year_get,
    reporting_years,
)
from tallrapport.plans.services import measure_report_save, measure_update, reporting_year_close


def _year_in(plan: ActionPlan, raw: str | None) -> int:
    """The year asked for in ``?aar=``, or the plan's default; 404 outside the plan."""
    if raw is None or raw == "":
        return default_year(plan)
    try:
        year = int(raw)
    except ValueError:
        raise Http404 from None
    if not plan.covers(year):
        raise Http404
    return year


def _year_choices(plan: ActionPlan) -> list[tuple[int, bool]]:
    """Every year of the plan, with whether it is closed."""
    closed = {ry.year for ry in reporting_years(plan) if ry.closed}
    return [(year, year in closed) for year in range(plan.start_year, plan.end_year + 1)]


def _overview_url(plan: ActionPlan, year: int) -> str:
    return f"{reverse('plan_overview', args=[plan.slug])}?aar={year}"


def plan_list_view(request: HttpRequest) -> HttpResponse:
    user = user_for(request)
    if not_allowed := only_methods(request, "GET"):
        return not_allowed
    plans = plans_visible_to(user).order_by("-start_year")
    return render(request, "plans/plan_list.html", {"plans": plans})


def plan_overview_view(request: HttpRequest, slug: str) -> HttpResponse:
    """The overview table by focus area for one year, with the summary sentence."""
    user = user_for(request)
    plan = plan_get_visible(user, slug)
    if not_allowed := only_methods(request, "GET"):
        return not_allowed
    year = _year_in(plan, request.GET.get("aar"))
    access = plan_access(user, plan)
    context = {
        "plan": plan,
        "year": year,
        "year_choices": _year_choices(plan),
        "overview": plan_overview(plan, year),
        "access": access,
        "formats": sorted(FORMATS),
    }
    return render(request, "plans/overview.html", context)


def measure_detail_view(request: HttpRequest, slug: str, label: str) -> HttpResponse:
    """One measure: its plan text, its ministries over time and its status every year."""
    user = user_for(request)
    plan = plan_get_visible(user, slug)
    measure = measure_get(plan, label)
    if not_allowed := only_methods(request, "GET"):
        return not_allowed
    access = plan_access(user, plan)
    context = {
        "plan": plan,
        "measure": measure,
        "sub_measures": list(measure.sub_measures.order_by("letter")),
        "ministries": ministry_history(measure),
        "history": measure_history(measure),
        "goals": list(measure.result_goals.order_by("number")),
        "may_write": access.may_write_status(measure) and not measure.sub_measures.exists(),
        "may_edit_text": access.is_coordinator,
        "open_years": [
            year
            for year in range(plan.start_year, plan.end_year + 1)
            if not (ry := reporting_year_get(plan, year)) or not ry.closed
        ],
    }
    return render(request, "plans/measure_detail.html", context)


def _status_initial(measure: Measure, reporting_year: ReportingYear | None) -> dict[str, str]:
    """The saved status, text and goal achievements of one year, to edit."""
    if reporting_year is None:
        return {}
    initial: dict[str, str] = {}
    current = MeasureStatus.objects.filter(measure=measure, reporting_year=reporting_year).first()
    if current is not None:
        initial = {"status": current.status, "text": current.text}
    for achievement in GoalAchievement.objects.filter(
        result_goal__measure=measure, reporting_year=reporting_year
    ).select_related("result_goal"):
        initial[MeasureStatusForm.goal_field(achievement.result_goal)] = achievement.text
    return initial


def measure_status_edit_view(
    request: HttpRequest, slug: str, label: str, year: int
) -> HttpResponse:
    """A measure owner (or the coordinator) writes the status for one year."""
    user = user_for(request)
    plan = plan_get_visible(user, slug)
    measure = measure_get_for_status_edit(user, plan, label)
    if not_allowed := only_methods(request, "GET", "POST"):
        return not_allowed
    if not plan.covers(year):
        raise Http404
    reporting_year = reporting_year_get(plan, year)
    goals = list(measure.result_goals.order_by("number"))
    if request.method != "POST":
        form = MeasureStatusForm(initial=_status_initial(measure, reporting_year), goals=goals)
    elif form_submit(
        form := MeasureStatusForm(request.POST, goals=goals),
        lambda: measure_report_save(
            actor=user,
            measure=measure,
            year=year,
            status=form.cleaned_data["status"],
            text=form.cleaned_data["text"],
            achievements=form.achievements(),
        ),
    ):
        messages.success(
            request,
            _("Status for tiltak %(label)s i %(year)s er lagret.")
            % {"label": measure.label, "year": year},
        )
        return redirect("measure_detail", slug=plan.slug, label=label)
    context = {
        "plan": plan,
        "measure": measure,
        "year": year,
        "form": form,
        "closed": bool(reporting_year and reporting_year.closed),
    }
    return render(request, "plans/status_edit.html", context)


def measure_text_edit_view(request: HttpRequest, slug: str, label: str) -> HttpResponse:
    """The coordinator edits a measure's text, executor, contact role and budget."""
    user = user_for(request)
    plan = plan_get_visible(user, slug)
    if not plan_access(user, plan).is_coordinator:
        raise PermissionDenied
    measure = measure_get(plan, label)
    if not_allowed := only_methods(request, "GET", "POST"):
        return not_allowed
    if request.method != "POST":
        form = MeasureTextForm(instance=measure)
    elif form_submit(
        form := MeasureTextForm(request.POST, instance=measure),
        lambda: measure_update(actor=user, measure=measure, **form.cleaned_data),
    ):
        messages.success(request, _("Tiltaket er lagret."))
        return redirect("measure_detail", slug=plan.slug, label=label)
    return render(
        request, "plans/measure_edit.html", {"plan": plan, "measure": measure, "form": form}
    )


def year_close_view(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    """Ask, then close the reporting year on POST; only the plan's coordinator may."""
    user = user_for(request)
    plan = plan_get_visible(user, slug)
    if not plan_access(user, plan).is_coordinator:
        raise PermissionDenied
    if not_allowed := only_methods(request, "GET", "POST"):
        return not_allowed
    if not plan.covers(year):
        raise Http404
    error = ""
    if request.method == "POST":
        try:
            reporting_year_close(actor=user, plan=plan, year=year)
        except ValidationError as refusal:
            error = " ".join(refusal.messages)
        else:
            messages.success(request, _("Rapporteringsåret %(year)s er låst.") % {"year": year})
            return redirect(_overview_url(plan, year))
    context = {
        "plan": plan,
        "year": year,
        "overview": plan_overview(plan, year),
        "error": error,
        "already_closed": bool((ry := reporting_year_get(plan, year)) and ry.closed),
    }
    return render(request, "plans/year_close.html", context, status=400 if error else 200)


def report_view(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    """The full status report as a page in the app, with download links."""
    user = user_for(request)
    plan = plan_get_visible(user, slug)
    if not_allowed := only_methods(request, "GET"):
        return not_allowed
    if not plan.covers(year):
        raise Http404
    report = plan_report(plan, year)
    context = {
        "plan": plan,
        "year": year,
        "report": report,
        "formats": sorted(FORMATS),
        "has_illustrative": any(
            area.illustrative or any(m.illustrative for m in area.measures) for area in report.areas
        ),
    }
    return render(request, "plans/report_page.html", context)


def report_download_view(request: HttpRequest, slug: str, year: int, fmt: str) -> HttpResponse:
    """The status report as a file: html, pdf, docx or xlsx."""
    user = user_for(request)
    plan = plan_get_visible(user, slug)
    if not_allowed := only_methods(request, "GET"):
        return not_allowed
    if fmt not in FORMATS or not plan.covers(year):
        raise Http404
    content, report_format = render_report(plan, year, fmt)
    response = HttpResponse(content, content_type=report_format.content_type)
    filename = report_filename(plan, year, report_format.extension)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
