"""The administrator's search in the audit trail."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tallrapport.accounts.access import only_methods, user_for
from tallrapport.audit.forms import AuditFilterSet
from tallrapport.audit.readable import readable_changes
from tallrapport.audit.selectors import audit_entries, user_may_read_audit
from tallrapport.audit.targets import entry_targets

PAGE_SIZE = 50


def audit_search_view(request: HttpRequest) -> HttpResponse:
    """Filter the trail by actor, target, action and dates; 50 entries a page, each
    in Norwegian, naming what it is about with a link where the reader may open it."""
    user = user_for(request, may=user_may_read_audit)
    if not_allowed := only_methods(request, "GET"):
        return not_allowed
    filters = AuditFilterSet(request.GET or None, queryset=audit_entries())
    page = Paginator(filters.entries, PAGE_SIZE).get_page(request.GET.get("side"))
    targets = entry_targets(page, reader=user)
    changes = readable_changes(page)
    context = {
        "form": filters.form,
        "page": page,
        "rows": [(entry, targets[entry.pk], changes[entry.pk]) for entry in page],
        "page_numbers": list(page.paginator.get_elided_page_range(page.number)),
    }
    return render(request, "audit/search.html", context)
