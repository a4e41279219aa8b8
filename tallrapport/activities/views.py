"""The advisor's activity pages.

Thin views, as for cases: find out who asks, fetch what that person may reach
through a selector (which answers 404 or 403), call one service, render or
redirect. Login is required everywhere by ``LoginRequiredMiddleware``.

Access answers: a role that may never use a page gets 403; an activity outside
what an advisor may see gets 404 for every method, so an id reveals nothing.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tallrapport.accounts.access import only_methods, request_user
from tallrapport.accounts.models import User
from tallrapport.activities.forms import ActivityEditForm, ActivityForm
from tallrapport.activities.models import Activity
from tallrapport.activities.selectors import (
    activities_of_year,
    activities_visible_to,
    activity_get_for_change,
    activity_get_visible,
    activity_years,
    competence_share,
    municipality_suggestions,
    user_may_change_activities,
)
from tallrapport.activities.services import (
    ActivityConflictError,
    activity_delete,
    activity_register,
    activity_update,
)


def _advisor(request: HttpRequest) -> User:
    user = request_user(request)
    if not user_may_change_activities(user):
        raise PermissionDenied
    return user


def _my_activities_url(year: int) -> str:
    return f"{reverse('my_activities')}?aar={year}"


def _form_context(form: ActivityForm) -> dict[str, Any]:
    return {"form": form, "municipalities": municipality_suggestions()}


def activity_register_view(request: HttpRequest) -> HttpResponse:
    """Register an activity; a repeated POST of one form returns the first one."""
    user = _advisor(request)
    if not_allowed := only_methods(request, "GET", "POST"):
        return not_allowed
    if request.method == "POST":
        form = ActivityForm(request.POST, user=user)
        if form.is_valid():
            try:
                activity = activity_register(
                    user=user,
                    unit=form.cleaned_data.get("unit"),
                    submission_token=form.cleaned_data["submission_token"],
                    **form.service_arguments(),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Aktiviteten er registrert."))
                return redirect(_my_activities_url(activity.year))
    else:
        form = ActivityForm(user=user, initial=ActivityForm.initial_for_new(user))
    return render(request, "activities/register.html", _form_context(form))


def my_activities_view(request: HttpRequest) -> HttpResponse:
    """The activities of the advisor's units in one year, and the advisor's own
    share of working time on competence building against the mandate's 40 %."""
    user = _advisor(request)
    if not_allowed := only_methods(request, "GET"):
        return not_allowed
    visible = activities_visible_to(user)
    this_year = timezone.localdate().year
    try:
        year = int(request.GET.get("aar", this_year))
    except ValueError:
        year = this_year
    if not 2000 <= year <= 2100:
        year = this_year
    context = {
        "year": year,
        "years": activity_years(visible, include=this_year),
        "activities": activities_of_year(visible, year=year),
        "share": competence_share(user=user, year=year),
    }
    return render(request, "activities/my_activities.html", context)


def activity_detail_view(request: HttpRequest, activity_id: uuid.UUID) -> HttpResponse:
    """One activity, for anyone who may see it."""
    user = request_user(request)
    activity = activity_get_visible(user=user, activity_id=activity_id)
    if not_allowed := only_methods(request, "GET"):
        return not_allowed
    context = {"activity": activity, "may_change": user_may_change_activities(user)}
    return render(request, "activities/detail.html", context)


def activity_edit_view(request: HttpRequest, activity_id: uuid.UUID) -> HttpResponse:
    """Change an activity; if someone saved it meanwhile, say so instead of overwriting."""
    user = request_user(request)
    activity = activity_get_for_change(user=user, activity_id=activity_id)
    if not_allowed := only_methods(request, "GET", "POST"):
        return not_allowed
    conflict: Activity | None = None
    if request.method == "POST":
        form = ActivityEditForm(request.POST, user=user, activity=activity)
        if form.is_valid():
            try:
                activity = activity_update(
                    activity=activity,
                    user=user,
                    expected_version=form.cleaned_data["version"],
                    **form.service_arguments(),
                )
            except ActivityConflictError as error:
                conflict = error.activity
                form.add_error(
                    None,
                    _(
                        "Noen andre har endret aktiviteten etter at du åpnet den. Se hva som "
                        "er lagret nå, og lagre på nytt om endringen din fortsatt skal gjelde."
                    ),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Endringene er lagret."))
                return redirect(_my_activities_url(activity.year))
    else:
        form = ActivityEditForm(
            user=user, activity=activity, initial=ActivityForm.initial_for(activity)
        )
    context = {
        **_form_context(form),
        "activity": activity,
        "conflict": conflict,
        # After a conflict the next save is a deliberate overwrite of what is shown.
        "version": conflict.version if conflict else form["version"].value(),
    }
    return render(request, "activities/edit.html", context)


def activity_delete_view(request: HttpRequest, activity_id: uuid.UUID) -> HttpResponse:
    """Ask, then delete on POST only."""
    user = request_user(request)
    activity = activity_get_for_change(user=user, activity_id=activity_id)
    if not_allowed := only_methods(request, "GET", "POST"):
        return not_allowed
    if request.method == "POST":
        year = activity.year
        activity_delete(activity=activity, user=user)
        messages.success(request, _("Aktiviteten er slettet."))
        return redirect(_my_activities_url(year))
    return render(request, "activities/delete.html", {"activity": activity})
