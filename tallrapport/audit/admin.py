"""The audit trail in the admin: to read, never to change.

Importing :mod:`tallrapport.audit.accounts_admin` registers the audited admin of
people, units and schemes as well.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import admin
from django.http import HttpRequest

from tallrapport.audit import accounts_admin  # noqa: F401 (registers the accounts' admin)
from tallrapport.audit.models import AuditEntry

if TYPE_CHECKING:
    _AuditAdmin = admin.ModelAdmin[AuditEntry]
else:  # Django's admin classes are not subscriptable at run time.
    _AuditAdmin = admin.ModelAdmin


@admin.register(AuditEntry)
class AuditEntryAdmin(_AuditAdmin):
    list_display = ["at", "actor_username", "action", "target_type", "target_id"]
    list_filter = ["action", "target_type"]
    search_fields = ["actor_username", "target_id"]
    date_hierarchy = "at"
    readonly_fields = [
        "at",
        "actor",
        "actor_username",
        "action",
        "target_type",
        "target_id",
        "changes",
        "reason",
        "ip_address",
        "request_id",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: AuditEntry | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: AuditEntry | None = None) -> bool:
        return False
