"""The advisor's and the analyst's pages.

Views are thin: one access getter (:func:`user_for`, then a scoping selector
that answers 404 or 403 for a record), one form submit
(:func:`~tallrapport.forms.form_submit`) around one service call, and render or
redirect. Login is required everywhere by ``LoginRequiredMiddleware``.

Access answers: a role that may never use a page gets 403; a case outside what
an advisor may see gets 404 for every method, so an id reveals nothing.
"""

from __future__ import annotations

import uuid
from functools import partial
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tallrapport.accounts.access import only_methods, record_for, user_for
from tallrapport.accounts.models import Scheme, User
from tallrapport.audit.models import Action
from tallrapport.audit.services import audit_record, audit_request_meta
from tallrapport.cases.forms import CaseForm, default_year
from tallrapport.cases.models import Case
from tallrapport.cases.selectors import (
    case_get_for_change,
    case_get_visible,
    case_sibling_source,
    country_names_on,
    lock_state,
    user_may_change_cases,
    user_may_close_years,
    year_statuses,
)
from tallrapport.cases.services import AUDIT_TARGET, case_delete, case_register, case_update
from tallrapport.cases.years import case_year_close, case_year_reopen, closed_refusal
from tallrapport.forms import closed_record_page, delete_page, form_for, form_submit, year_in_range

# The register form's query parameter naming the case whose family, unit and date
# the new case starts from.
SIBLING_PARAMETER = "samme_som"


def _my_cases_url(year: int) -> str:
    return f"{reverse('my_cases')}?aar={year}"


def _form_context(form: CaseForm, **more: Any) -> dict[str, Any]:
    return {"form": form, "country_names": country_names_on(timezone.localdate()), **more}


def case_register_view(request: HttpRequest, late: bool = False) -> HttpResponse:
    """Register a case (or, ``late``, the analyst's late registration in a closed
    year); a repeated POST of one form returns the first case."""
    user = user_for(request, may=user_may_close_years if late else user_may_change_cases)
    if not_allowed := only_methods(request, "GET", "POST"):
        return not_allowed
    initial = CaseForm.initial_for_new()
    if not late and (sibling := _sibling_source(request, user)) is not None:
        initial.update(CaseForm.initial_for_sibling(sibling))
    form = form_for(request, CaseForm, initial=initial, user=user, late=late)
    if case := form_submit(form, lambda: case_register(user=user, **form.write_arguments())):
        if late:
            messages.success(request, _("Saken er etterregistrert."))
            return redirect("case_detail", case.pk)
        messages.success(request, _("Saken er registrert."))
        return redirect("case_registered", case.pk)
    return render(request, "cases/register.html", _form_context(form, late=late))


def _sibling_source(request: HttpRequest, user: User) -> Case | None:
    """The case named by «Registrer en til i samme sakskompleks» (``?samme_som=``)."""
    raw = request.GET.get(SIBLING_PARAMETER, "")
    try:
        case_id = uuid.UUID(raw)
    except ValueError:
        return None
    return case_sibling_source(user=user, case_id=case_id)


def case_registered_view(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    """The confirmation after a registration: the new case's reference and family,
    and the way to register the next person of the same family."""
    user, case = record_for(request, lambda user: case_get_for_change(user=user, case_id=case_id))
    if not_allowed := only_methods(request, "GET"):
        return not_allowed
    audit_record(
        actor=user,
        action=Action.VIEW,
        target_type=AUDIT_TARGET,
        target_id=case.pk,
        **audit_request_meta(request),
    )
    context = {
        "case": case,
        "family_size": case.family.cases.count() if case.family else 0,
        "my_cases_url": _my_cases_url(case.year),
        "envoy_without_family": case.family_id is None
        and case.scheme.code == Scheme.SPECIAL_ENVOYS,
        **_sibling_link(case),
    }
    return render(request, "cases/registered.html", context)


def _sibling_link(case: Case) -> dict[str, str]:
    if case.family_id is None:
        return {}
    return {"sibling_url": f"{reverse('case_register')}?{SIBLING_PARAMETER}={case.pk}"}


def case_detail_view(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    """One case, for anyone who may see it; each look is logged (one INSERT)."""
    user, case = record_for(request, lambda user: case_get_visible(user=user, case_id=case_id))
    if not_allowed := only_methods(request, "GET"):
        return not_allowed
    audit_record(
        actor=user,
        action=Action.VIEW,
        target_type=AUDIT_TARGET,
        target_id=case.pk,
        **audit_request_meta(request),
    )
    may_change = user_may_change_cases(user)
    lock = lock_state(user=user, scheme=case.scheme, year=case.year, may_change=may_change)
    return render(request, "cases/detail.html", {"case": case, **lock, **_sibling_link(case)})


def case_edit_view(request: HttpRequest, case_id: uuid.UUID, late: bool = False) -> HttpResponse:
    """Change a case (or, ``late``, the analyst's change of a closed year's case);
    if someone saved it meanwhile, say so and show what is saved instead of overwriting."""
    user, case = record_for(
        request, lambda user: case_get_for_change(user=user, case_id=case_id, late=late)
    )
    if not_allowed := only_methods(request, "GET", "POST"):
        return not_allowed
    if not late and (refusal := closed_refusal(case.scheme, case.year)):
        return closed_record_page(
            request,
            refusal,
            title=_("Endre sak %(ref)s") % {"ref": case.short_ref},
            summary="cases/_case_summary.html",
            back=reverse("case_detail", args=[case.pk]),
            record={"case": case},
        )
    form = form_for(request, CaseForm, user=user, case=case, late=late)
    if saved := form_submit(
        form, lambda: case_update(user=user, case=case, **form.write_arguments())
    ):
        messages.success(request, _("Endringene er lagret."))
        return redirect("case_detail", saved.pk) if late else redirect(_my_cases_url(saved.year))
    conflict = form.conflict if isinstance(form.conflict, Case) else None
    context = _form_context(
        form,
        case=case,
        late=late,
        conflict=conflict,
        differences=form.differences_from(conflict) if conflict else [],
        # After a conflict the next save is a deliberate overwrite of what is shown.
        version=conflict.version if conflict else form["version"].value(),
    )
    return render(request, "cases/edit.html", context)


def case_delete_view(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    """Ask, then delete on POST only."""
    user, case = record_for(request, lambda user: case_get_for_change(user=user, case_id=case_id))
    delete = partial(case_delete, case=case, user=user)
    done, then = _("Saken er slettet."), _my_cases_url(case.year)
    context = {"case": case, **closed_refusal(case.scheme, case.year)}
    return delete_page(request, "cases/delete.html", context, delete, done=done, then=then)


# --- closed years and late registration (analysts) ----------------------------------------


def _scheme_year(scheme_code: str, year: int) -> tuple[Scheme, int]:
    """The scheme and year a URL names; 404 for an unknown scheme or an impossible year."""
    scheme = Scheme.objects.filter(code=scheme_code).first()
    if scheme is None:
        raise Http404
    return scheme, year_in_range(year)


def years_view(request: HttpRequest) -> HttpResponse:
    """Every scheme's years: open or closed, by whom, with the way to close or reopen."""
    user_for(request, may=user_may_close_years)
    if not_allowed := only_methods(request, "GET"):
        return not_allowed
    statuses = year_statuses(this_year=default_year())
    return render(request, "cases/years.html", {"statuses": statuses, "this_year": default_year()})


def year_lock_view(
    request: HttpRequest, scheme_code: str, year: int, reopen: bool = False
) -> HttpResponse:
    """Confirm, then close one scheme's year (the reason optional) or reopen it (a
    reason required, for the audit trail)."""
    user = user_for(request, may=user_may_close_years)
    scheme, year = _scheme_year(scheme_code, year)
    if not_allowed := only_methods(request, "GET", "POST"):
        return not_allowed
    errors: list[str] = []
    reason = request.POST.get("reason", "")
    if request.method == "POST":
        change = case_year_reopen if reopen else case_year_close
        try:
            change(user=user, scheme=scheme, year=year, reason=reason)
        except ValidationError as error:
            errors = error.messages
        else:
            done = _("%(year)s er åpnet igjen.") if reopen else _("%(year)s er låst.")
            messages.success(request, done % {"year": year})
            return redirect("case_years")
    context = {
        "scheme": scheme,
        "scheme_name": scheme.name_in(year),
        "year": year,
        "errors": errors,
        "reason": reason,
    }
    template = "cases/year_reopen.html" if reopen else "cases/year_close.html"
    return render(request, template, context, status=400 if errors else 200)
