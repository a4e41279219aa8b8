"""API tokens in the admin: administrators see every token and can revoke one.

A token is made only by its owner, on their own page after the second factor,
so the admin adds and changes nothing; revoking goes through the service, so it
is in the audit trail with the administrator as the actor.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tallrapport.accounts.models import User
from tallrapport.api.models import ApiToken
from tallrapport.api.services import api_token_revoke
from tallrapport.audit.services import audit_request_meta

if TYPE_CHECKING:
    _TokenAdmin = admin.ModelAdmin[ApiToken]
else:  # Django's admin classes are not subscriptable at run time.
    _TokenAdmin = admin.ModelAdmin


@admin.register(ApiToken)
class ApiTokenAdmin(_TokenAdmin):
    list_display = [
        "name",
        "user",
        "prefix",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
    ]
    list_filter = ["revoked_at"]
    search_fields = ["user__username", "name", "prefix"]
    actions = ["revoke"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: ApiToken | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: ApiToken | None = None) -> bool:
        return False

    @admin.action(description=gettext_lazy("Trekk tilbake valgte API-nøkler"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        actor = request.user
        if not isinstance(actor, User):
            return
        for token in queryset:
            api_token_revoke(user=actor, token=token, **audit_request_meta(request))
        messages.success(request, _("API-nøklene virker ikke lenger."))
