"""The advisor's and the analyst's pages.

Views are thin: they find out who asks, fetch what that person may reach through
a selector (which answers 404 or 403), call one service, and render or
redirect. Login is required everywhere by ``LoginRequiredMiddleware``.

Access answers: a role that may never use a page gets 403; a case outside what
an advisor may see gets 404 for every method, so an id reveals nothing.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tallrapport.accounts.access import only_methods, request_user
from tallrapport.accounts.models import Scheme, User
from tallrapport.accounts.selectors import units_of_user
from tallrapport.audit.models import Action
from tallrapport.audit.services import audit_record, audit_request_meta
from tallrapport.cases.forms import (
    CaseEditForm,
    CaseFilterForm,
    CaseForm,
    LateCaseEditForm,
    LateCaseForm,
    default_year,
)
from tallrapport.cases.models import Case
from tallrapport.cases.selectors import (
    case_get_for_change,
    case_get_visible,
    case_years,
    cases_filtered,
    cases_visible_to,
    category_counts,
    closed_years,
    country_names_on,
    user_may_change_cases,
    user_may_close_years,
    year_is_closed,
    year_statuses,
)
from tallrapport.cases.services import (
    AUDIT_TARGET,
    CaseConflictError,
    case_delete,
    case_register,
    case_register_late,
    case_update,
    case_update_late,
    case_year_close,
    case_year_reopen,
)

PAGE_SIZE = 50


def _advisor(request: HttpRequest) -> User:
    user = request_user(request)
    if not user_may_change_cases(user):
        raise PermissionDenied
    return user


def _reader_of_all(request: HttpRequest) -> User:
    user = request_user(request)
    if not (user.is_analyst or user.is_administrator):
        raise PermissionDenied
    return user


def _my_cases_url(year: int) -> str:
    return f"{reverse('my_cases')}?aar={year}"


def home(request: HttpRequest) -> HttpResponse:
    """Send each role to where its work starts."""
    user = request_user(request)
    if user.is_advisor:
        return redirect("my_cases")
    if user.is_analyst:
        return redirect("all_cases")
    if user.is_administrator:
        return redirect("admin:index")
    raise PermissionDenied


def _form_context(form: CaseForm) -> dict[str, Any]:
    return {"form": form, "country_names": country_names_on(timezone.localdate())}


def case_register_view(request: HttpRequest) -> HttpResponse:
    """Register a case; a repeated POST of one form returns the first case."""
    user = _advisor(request)
    if not_allowed := only_methods(request, "GET", "POST"):
        return not_allowed
    if request.method == "POST":
        form = CaseForm(request.POST, user=user)
        if form.is_valid():
            try:
                case = case_register(
                    user=user,
                    unit=form.cleaned_data.get("unit"),
                    submission_token=form.cleaned_data["submission_token"],
                    **form.service_arguments(),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Saken er registrert."))
                return redirect(_my_cases_url(case.year))
    else:
        form = CaseForm(user=user, initial=CaseForm.initial_for_new())
    return render(request, "cases/register.html", _form_context(form))


def my_cases_view(request: HttpRequest) -> HttpResponse:
    """The advisor's cases in one year, with counts per category."""
    user = _advisor(request)
    if not_allowed := only_methods(request, "GET"):
        return not_allowed
    visible = cases_visible_to(user)
    this_year = default_year()
    try:
        year = int(request.GET.get("aar", this_year))
    except ValueError:
        year = this_year
    cases = cases_filtered(visible, year=year).prefetch_related("secondary_categories")
    schemes = list(Scheme.objects.filter(units__in=units_of_user(user=user)).distinct())
    counts = category_counts(cases, year=year, schemes=schemes)
    context = {
        "closed": list(closed_years().filter(year=year, scheme__in=schemes)),
        "year": year,
        "years": case_years(visible, include=this_year),
        "cases": cases,
        "counts": counts,
        "total": sum(c.count for c in counts),
    }
    return render(request, "cases/my_cases.html", context)


def case_detail_view(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    """One case, for anyone who may see it; each look is logged (one INSERT)."""
    user = request_user(request)
    case = case_get_visible(user=user, case_id=case_id)
    if not_allowed := only_methods(request, "GET"):
        return not_allowed
    audit_record(
        actor=user,
        action=Action.VIEW,
        target_type=AUDIT_TARGET,
        target_id=case.pk,
        **audit_request_meta(request),
    )
    closed = year_is_closed(scheme=case.scheme, year=case.year)
    context = {
        "case": case,
        "closed": closed,
        "may_change": user_may_change_cases(user) and not closed,
        "may_change_late": closed and user_may_close_years(user),
    }
    return render(request, "cases/detail.html", context)


def case_edit_view(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    """Change a case; if someone saved it meanwhile, say so instead of overwriting."""
    user = request_user(request)
    case = case_get_for_change(user=user, case_id=case_id)
    if not_allowed := only_methods(request, "GET", "POST"):
        return not_allowed
    conflict: Case | None = None
    differences: list[tuple[str, str, str]] = []
    if request.method == "POST":
        form = CaseEditForm(request.POST, user=user, case=case)
        if form.is_valid():
            try:
                case = case_update(
                    case=case,
                    user=user,
                    expected_version=form.cleaned_data["version"],
                    **form.service_arguments(),
                )
            except CaseConflictError as error:
                conflict = error.case
                differences = form.differences_from(conflict)
                form.add_error(
                    None,
                    _(
                        "Noen andre har endret saken etter at du åpnet den. Se hva som er "
                        "lagret nå, og lagre på nytt om endringen din fortsatt skal gjelde."
                    ),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Endringene er lagret."))
                return redirect(_my_cases_url(case.year))
    else:
        form = CaseEditForm(user=user, case=case, initial=CaseForm.initial_for(case))
    context = {
        **_form_context(form),
        "case": case,
        "conflict": conflict,
        "differences": differences,
        # After a conflict the next save is a deliberate overwrite of what is shown.
        "version": conflict.version if conflict else form["version"].value(),
    }
    return render(request, "cases/edit.html", context)


def case_delete_view(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    """Ask, then delete on POST only."""
    user = request_user(request)
    case = case_get_for_change(user=user, case_id=case_id)
    if not_allowed := only_methods(request, "GET", "POST"):
        return not_allowed
    if request.method == "POST":
        year = case.year
        try:
            case_delete(case=case, user=user)
        except ValidationError as error:
            context = {"case": case, "errors": error.messages}
            return render(request, "cases/delete.html", context, status=400)
        messages.success(request, _("Saken er slettet."))
        return redirect(_my_cases_url(year))
    return render(request, "cases/delete.html", {"case": case})


def all_cases_view(request: HttpRequest) -> HttpResponse:
    """Every case, filtered, counted per category and listed page by page."""
    user = _reader_of_all(request)
    if not_allowed := only_methods(request, "GET"):
        return not_allowed
    visible = cases_visible_to(user)
    this_year = default_year()
    params = request.GET.copy()
    if "year" not in params:
        params["year"] = str(this_year)
    form = CaseFilterForm(params, years=case_years(visible, include=this_year))
    filters = form.filters()
    cases = cases_filtered(visible, **filters).prefetch_related("secondary_categories")
    year = filters.get("year")
    scheme = filters.get("scheme")
    counts = category_counts(cases, year=year, schemes=[scheme] if scheme else None)
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("side"))
    closed = closed_years().filter(year=year) if year is not None else closed_years().none()
    context = {
        "closed": list(closed.filter(scheme=scheme) if scheme else closed),
        "form": form,
        "counts": counts,
        "total": sum(c.count for c in counts),
        "page": page,
        "page_numbers": list(page.paginator.get_elided_page_range(page.number)),
    }
    return render(request, "cases/all_cases.html", context)


# --- closed years and late registration (analysts) ----------------------------------------


def _analyst(request: HttpRequest) -> User:
    user = request_user(request)
    if not user_may_close_years(user):
        raise PermissionDenied
    return user


def _scheme(code: str) -> Scheme:
    scheme = Scheme.objects.filter(code=code).first()
    if scheme is None:
        raise Http404
    return scheme


def years_view(request: HttpRequest) -> HttpResponse:
    """Every scheme's years: open or closed, by whom, with the way to close or reopen."""
    _analyst(request)
    if not_allowed := only_methods(request, "GET"):
        return not_allowed
    statuses = year_statuses(this_year=default_year())
    return render(request, "cases/years.html", {"statuses": statuses, "this_year": default_year()})


def year_close_view(request: HttpRequest, scheme_code: str, year: int) -> HttpResponse:
    """Confirm, then close one scheme's year (the reason is optional here)."""
    user = _analyst(request)
    scheme = _scheme(scheme_code)
    if not_allowed := only_methods(request, "GET", "POST"):
        return not_allowed
    errors: list[str] = []
    reason = ""
    if request.method == "POST":
        reason = request.POST.get("reason", "")
        try:
            case_year_close(user=user, scheme=scheme, year=year, reason=reason)
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, _("%(year)s er låst.") % {"year": year})
            return redirect("case_years")
    context = {"scheme": scheme, "year": year, "errors": errors, "reason": reason}
    return render(request, "cases/year_close.html", context, status=400 if errors else 200)


def year_reopen_view(request: HttpRequest, scheme_code: str, year: int) -> HttpResponse:
    """Reopen a closed year; a reason is required and goes to the audit trail."""
    user = _analyst(request)
    scheme = _scheme(scheme_code)
    if not_allowed := only_methods(request, "GET", "POST"):
        return not_allowed
    errors: list[str] = []
    reason = ""
    if request.method == "POST":
        reason = request.POST.get("reason", "")
        try:
            case_year_reopen(user=user, scheme=scheme, year=year, reason=reason)
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, _("%(year)s er åpnet igjen.") % {"year": year})
            return redirect("case_years")
    context = {"scheme": scheme, "year": year, "errors": errors, "reason": reason}
    return render(request, "cases/year_reopen.html", context, status=400 if errors else 200)


def _late_arguments(form: CaseForm) -> dict[str, Any]:
    arguments = form.service_arguments()
    del arguments["family"], arguments["new_family"]
    return {**arguments, "reason": form.cleaned_data["reason"]}


def late_register_view(request: HttpRequest) -> HttpResponse:
    """The analyst registers a case in a closed year, with a reason."""
    user = _analyst(request)
    if not_allowed := only_methods(request, "GET", "POST"):
        return not_allowed
    if request.method == "POST":
        form = LateCaseForm(request.POST, user=user)
        if form.is_valid():
            try:
                case = case_register_late(
                    user=user,
                    unit=form.cleaned_data.get("unit"),
                    submission_token=form.cleaned_data["submission_token"],
                    **_late_arguments(form),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Saken er etterregistrert."))
                return redirect("case_detail", case.pk)
    else:
        form = LateCaseForm(user=user, initial=CaseForm.initial_for_new())
    return render(request, "cases/late_register.html", _form_context(form))


def late_edit_view(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    """The analyst corrects a case of a closed year, with a reason."""
    user = _analyst(request)
    case = case_get_visible(user=user, case_id=case_id)
    if not_allowed := only_methods(request, "GET", "POST"):
        return not_allowed
    conflict: Case | None = None
    differences: list[tuple[str, str, str]] = []
    if request.method == "POST":
        form = LateCaseEditForm(request.POST, user=user, case=case)
        if form.is_valid():
            try:
                case = case_update_late(
                    case=case,
                    user=user,
                    expected_version=form.cleaned_data["version"],
                    **_late_arguments(form),
                )
            except CaseConflictError as error:
                conflict = error.case
                differences = form.differences_from(conflict)
                form.add_error(
                    None,
                    _(
                        "Noen andre har endret saken etter at du åpnet den. Se hva som er "
                        "lagret nå, og lagre på nytt om endringen din fortsatt skal gjelde."
                    ),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Endringene er lagret."))
                return redirect("case_detail", case.pk)
    else:
        form = LateCaseEditForm(user=user, case=case, initial=CaseForm.initial_for(case))
    context = {
        **_form_context(form),
        "case": case,
        "conflict": conflict,
        "differences": differences,
        "version": conflict.version if conflict else form["version"].value(),
    }
    return render(request, "cases/late_edit.html", context)
