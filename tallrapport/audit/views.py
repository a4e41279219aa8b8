"""The administrator's search in the audit trail."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tallrapport.accounts.access import only_methods, user_for
from tallrapport.audit.forms import AuditFilterForm
from tallrapport.audit.selectors import audit_entries, user_may_read_audit

PAGE_SIZE = 50


def audit_search_view(request: HttpRequest) -> HttpResponse:
    """Filter the trail by actor, target, action and dates; 50 entries a page."""
    user_for(request, may=user_may_read_audit)
    if not_allowed := only_methods(request, "GET"):
        return not_allowed
    form = AuditFilterForm(request.GET)
    entries = audit_entries(**form.filters())
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("side"))
    context = {
        "form": form,
        "page": page,
        "page_numbers": list(page.paginator.get_elided_page_range(page.number)),
    }
    return render(request, "audit/search.html", context)
