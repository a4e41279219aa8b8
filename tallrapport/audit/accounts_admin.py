"""Administration of people, units, schemes and memberships, in Norwegian.

Every save and delete here is written to the audit trail by
:class:`~tallrapport.audit.admin_hooks.AuditedAdminMixin` (ModelAdmin's own
hooks, no signals); a change of role gets an entry of its own, type «rolle».

It lives in ``audit``, not in ``accounts``, because it writes the trail: the
audit app may import ``accounts`` but nothing in ``accounts`` imports back, so
the two packages have no import cycle. ``audit/admin.py`` imports this module,
so Django's admin autodiscovery registers it.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db import IntegrityError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from tallrapport.accounts.models import Membership, Scheme, SchemeName, Unit, User
from tallrapport.audit.admin_hooks import AuditedAdminMixin
from tallrapport.audit.models import Action
from tallrapport.audit.services import HIDDEN, audit_record, audit_request_meta

if TYPE_CHECKING:
    _DjangoUserAdmin = DjangoUserAdmin[User]
    _UserMembershipInline = admin.TabularInline[Membership, User]
    _UnitMembershipInline = admin.TabularInline[Membership, Unit]
    _SchemeNameInline = admin.TabularInline[SchemeName, Scheme]
    _SchemeAdmin = admin.ModelAdmin[Scheme]
    _UnitAdmin = admin.ModelAdmin[Unit]
    _MembershipAdmin = admin.ModelAdmin[Membership]
else:  # Django's admin classes are not subscriptable at run time.
    _DjangoUserAdmin = DjangoUserAdmin
    _UserMembershipInline = admin.TabularInline
    _UnitMembershipInline = admin.TabularInline
    _SchemeNameInline = admin.TabularInline
    _SchemeAdmin = admin.ModelAdmin
    _UnitAdmin = admin.ModelAdmin
    _MembershipAdmin = admin.ModelAdmin


class MembershipInline(_UserMembershipInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["unit"]


class UnitMembershipInline(_UnitMembershipInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(User)
class UserAdmin(AuditedAdminMixin, _DjangoUserAdmin):
    audit_target_type = "bruker"
    audit_inline_targets = {Membership: "medlemskap"}

    list_display = ["username", "first_name", "last_name", "role", "is_active", "last_login"]
    list_filter = ["role", "is_active", "is_staff"]
    search_fields = ["username", "first_name", "last_name", "email"]
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        (_("Rolle i Tallrapport"), {"fields": ["role"]}),
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        (_("Rolle i Tallrapport"), {"fields": ["role"]}),
    )
    inlines = [MembershipInline]
    actions = ["deactivate_users"]

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        old_role = form.initial.get("role") if change else None
        super().save_model(request, obj, form, change)
        if old_role != obj.role:
            audit_record(
                actor=request.user if isinstance(request.user, User) else None,
                action=Action.UPDATE if change else Action.CREATE,
                target_type="rolle",
                target_id=obj.pk,
                changes={"role": [old_role, obj.role]},
                **audit_request_meta(request),
            )

    def delete_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        """Say why a user cannot be deleted, and offer deactivation, instead of failing.

        Deleting a user removes them as the author of what they registered; in a
        closed year the database refuses that change (the closed-year triggers),
        and the admin's transaction has rolled everything back by the time we are
        told. Deactivating keeps the records and stops the login.
        """
        try:
            return super().delete_view(request, object_id, extra_context)
        except IntegrityError:
            self.message_user(
                request,
                _(
                    "Brukeren kan ikke slettes, fordi hen har registrert saker eller aktiviteter "
                    "i et år som er låst. Deaktiver brukeren i stedet: fjern haken ved «Aktiv» "
                    "og lagre, eller bruk handlingen «Deaktiver valgte brukere» i listen."
                ),
                level=messages.ERROR,
            )
            return redirect("admin:accounts_user_change", object_id)

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        # Deleting many at once would fail as a whole on one user with locked
        # records; delete one at a time (checked above) or deactivate.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    @admin.action(description=_("Deaktiver valgte brukere"))
    def deactivate_users(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        """Stop the logins and keep everything the users registered."""
        for user in queryset.filter(is_active=True):
            user.is_active = False
            user.save(update_fields=["is_active"])
            audit_record(
                actor=request.user if isinstance(request.user, User) else None,
                action=Action.UPDATE,
                target_type="bruker",
                target_id=user.pk,
                changes={"is_active": [True, False]},
                **audit_request_meta(request),
            )
        self.message_user(request, _("Brukerne er deaktivert."), level=messages.SUCCESS)

    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        """Log a password set by an administrator (that it happened, never the value)."""
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            audit_record(
                actor=request.user if isinstance(request.user, User) else None,
                action=Action.UPDATE,
                target_type="bruker",
                target_id=id,
                changes={"password": [HIDDEN, HIDDEN]},
                **audit_request_meta(request),
            )
        return response


class SchemeNameInline(_SchemeNameInline):
    model = SchemeName
    extra = 0


@admin.register(Scheme)
class SchemeAdmin(AuditedAdminMixin, _SchemeAdmin):
    audit_target_type = "ordning"

    list_display = ["code", "current_name", "sort_order"]
    inlines = [SchemeNameInline]

    @admin.display(description=_("navn i dag"))
    def current_name(self, obj: Scheme) -> str:
        return obj.name_on(datetime.date.today())


@admin.register(Unit)
class UnitAdmin(AuditedAdminMixin, _UnitAdmin):
    audit_target_type = "enhet"
    audit_inline_targets = {Membership: "medlemskap"}

    list_display = [
        "name",
        "kind",
        "scheme",
        "county",
        "municipality",
        "city",
        "valid_from",
        "valid_to",
    ]
    list_filter = ["scheme", "kind", "county"]
    search_fields = ["name", "county", "municipality", "city"]
    inlines = [UnitMembershipInline]


@admin.register(Membership)
class MembershipAdmin(AuditedAdminMixin, _MembershipAdmin):
    audit_target_type = "medlemskap"

    list_display = ["user", "unit", "valid_from", "valid_to"]
    list_filter = ["unit__scheme"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "unit__name"]
    autocomplete_fields = ["user", "unit"]
