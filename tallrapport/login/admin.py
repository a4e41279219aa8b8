"""Invitations to set up a second factor, issued by administrators in the admin.

Adding one shows its code once, on the page that answers the form; the code is
not kept anywhere readable afterwards. Invitations are never changed or deleted
here: issuing a new one closes the earlier one, and the list is their history.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from tallrapport.accounts.models import User
from tallrapport.audit.services import audit_request_meta
from tallrapport.login.models import EnrolmentInvitation
from tallrapport.login.services import enrolment_invitation_issue

if TYPE_CHECKING:
    _InvitationAdmin = admin.ModelAdmin[EnrolmentInvitation]
else:  # Django's admin classes are not subscriptable at run time.
    _InvitationAdmin = admin.ModelAdmin

# Where save_model leaves the new code for response_add, on this request only.
_CODE_ATTRIBUTE = "_tallrapport_invitation_code"


@admin.register(EnrolmentInvitation)
class EnrolmentInvitationAdmin(_InvitationAdmin):
    list_display = ["user", "issued_at", "issued_by", "expires_at", "used_at", "failed_attempts"]
    list_filter = ["used_at"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    fields = ["user"]
    autocomplete_fields = ["user"]

    def has_change_permission(
        self, request: HttpRequest, obj: EnrolmentInvitation | None = None
    ) -> bool:
        return False

    def has_delete_permission(
        self, request: HttpRequest, obj: EnrolmentInvitation | None = None
    ) -> bool:
        return False

    def save_model(
        self, request: HttpRequest, obj: EnrolmentInvitation, form: Any, change: bool
    ) -> None:
        """Issue through the service (hash, expiry, audit) instead of saving the form."""
        actor = request.user if isinstance(request.user, User) else None
        invitation, code = enrolment_invitation_issue(
            user=obj.user, issued_by=actor, **audit_request_meta(request)
        )
        obj.pk = invitation.pk
        obj.issued_at, obj.expires_at = invitation.issued_at, invitation.expires_at
        setattr(request, _CODE_ATTRIBUTE, code)

    def response_add(
        self, request: HttpRequest, obj: EnrolmentInvitation, post_url_continue: str | None = None
    ) -> HttpResponse:
        """Show the code this once, on the answer to the form."""
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Invitasjonskode",
            "invitation": obj,
            "code": getattr(request, _CODE_ATTRIBUTE, ""),
        }
        return TemplateResponse(request, "admin/login/invitation_issued.html", context)
