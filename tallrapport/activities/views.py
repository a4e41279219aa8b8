"""The advisor's activity pages.

Thin views, as for cases: find out who asks, fetch what that person may reach
through a selector (which answers 404 or 403), call one service, render or
redirect. Login is required everywhere by ``LoginRequiredMiddleware``.

Access answers: a role that may never use a page gets 403; an activity outside
what an advisor may see gets 404 for every method, so an id reveals nothing.
"""

from __future__ import annotations

import uuid
from functools import partial
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from tallrapport.accounts.access import only_methods, record_for, user_for
from tallrapport.activities.forms import ActivityForm
from tallrapport.activities.models import Activity
from tallrapport.activities.selectors import (
    activity_get_for_change,
    activity_get_visible,
    municipality_suggestions,
    user_may_change_activities,
)
from tallrapport.activities.services import activity_delete, activity_register, activity_update
from tallrapport.cases.selectors import lock_state, user_may_close_years
from tallrapport.cases.years import closed_refusal
from tallrapport.forms import closed_record_page, delete_page, form_for, form_submit


def _my_activities_url(year: int) -> str:
    return f"{reverse('my_activities')}?aar={year}"


def _done(request: HttpRequest, activity: Activity, message: str, *, late: bool) -> HttpResponse:
    """After a save: the analyst back to the activity, the advisor to their year's list."""
    messages.success(request, message)
    if late:
        return redirect("activity_detail", activity.pk)
    return redirect(_my_activities_url(activity.year))


def _form_context(form: ActivityForm, **more: Any) -> dict[str, Any]:
    return {"form": form, "municipalities": municipality_suggestions(), **more}


def activity_register_view(request: HttpRequest, late: bool = False) -> HttpResponse:
    """Register an activity (or, ``late``, the analyst's late registration in a
    closed year); a repeated POST of one form returns the first one."""
    user = user_for(request, may=user_may_close_years if late else user_may_change_activities)
    if not_allowed := only_methods(request, "GET", "POST"):
        return not_allowed
    initial = ActivityForm.initial_for_new(user)
    form = form_for(request, ActivityForm, initial=initial, user=user, late=late)
    if activity := form_submit(
        form, lambda: activity_register(user=user, **form.write_arguments())
    ):
        return _done(request, activity, _("Aktiviteten er registrert."), late=late)
    return render(request, "activities/register.html", _form_context(form, late=late))


def activity_detail_view(request: HttpRequest, activity_id: uuid.UUID) -> HttpResponse:
    """One activity, for anyone who may see it."""
    user, activity = record_for(
        request, lambda user: activity_get_visible(user=user, activity_id=activity_id)
    )
    if not_allowed := only_methods(request, "GET"):
        return not_allowed
    lock = lock_state(
        user=user,
        scheme=activity.scheme,
        year=activity.year,
        may_change=user_may_change_activities(user),
    )
    return render(request, "activities/detail.html", {"activity": activity, **lock})


def activity_edit_view(
    request: HttpRequest, activity_id: uuid.UUID, late: bool = False
) -> HttpResponse:
    """Change an activity (or, ``late``, the analyst's change in a closed year);
    if someone saved it meanwhile, say so instead of overwriting."""
    user, activity = record_for(
        request,
        lambda user: activity_get_for_change(user=user, activity_id=activity_id, late=late),
    )
    if not_allowed := only_methods(request, "GET", "POST"):
        return not_allowed
    if not late and (refusal := closed_refusal(activity.scheme, activity.year, activities=True)):
        return closed_record_page(
            request,
            refusal,
            title=_("Endre aktivitet %(ref)s") % {"ref": activity.short_ref},
            summary="activities/_summary.html",
            back=reverse("activity_detail", args=[activity.pk]),
            record={"activity": activity},
        )
    form = form_for(request, ActivityForm, user=user, activity=activity, late=late)
    if saved := form_submit(
        form, lambda: activity_update(user=user, activity=activity, **form.write_arguments())
    ):
        return _done(request, saved, _("Endringene er lagret."), late=late)
    conflict = form.conflict if isinstance(form.conflict, Activity) else None
    # After a conflict the next save is a deliberate overwrite of what is shown.
    version = conflict.version if conflict else form["version"].value()
    context = _form_context(form, activity=activity, late=late, conflict=conflict, version=version)
    return render(request, "activities/edit.html", context)


def activity_delete_view(request: HttpRequest, activity_id: uuid.UUID) -> HttpResponse:
    """Ask, then delete on POST only; a closed year's activity is refused with its reason."""
    user, activity = record_for(
        request, lambda user: activity_get_for_change(user=user, activity_id=activity_id)
    )
    return delete_page(
        request,
        "activities/delete.html",
        {"activity": activity, **closed_refusal(activity.scheme, activity.year, activities=True)},
        partial(activity_delete, activity=activity, user=user),
        done=_("Aktiviteten er slettet."),
        then=_my_activities_url(activity.year),
    )
