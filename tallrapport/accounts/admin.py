"""Administration of people, units, schemes and memberships, in Norwegian."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from tallrapport.accounts.models import Membership, Scheme, SchemeName, Unit, User

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
class UserAdmin(_DjangoUserAdmin):
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


class SchemeNameInline(_SchemeNameInline):
    model = SchemeName
    extra = 0


@admin.register(Scheme)
class SchemeAdmin(_SchemeAdmin):
    list_display = ["code", "current_name", "sort_order"]
    inlines = [SchemeNameInline]

    @admin.display(description=_("navn i dag"))
    def current_name(self, obj: Scheme) -> str:
        return obj.name_on(datetime.date.today())


@admin.register(Unit)
class UnitAdmin(_UnitAdmin):
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
class MembershipAdmin(_MembershipAdmin):
    list_display = ["user", "unit", "valid_from", "valid_to"]
    list_filter = ["unit__scheme"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "unit__name"]
    autocomplete_fields = ["user", "unit"]
