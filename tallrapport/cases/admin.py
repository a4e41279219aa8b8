"""Administration of the classifications, in Norwegian.

Categories, countries and referral sources are data with validity dates and old
names, edited here by an administrator. Cases can be looked at and deleted (a
wrong registration, a request for erasure) but not added or changed here: those
writes go through the services, which check the rules a form checks. A case of a
closed year cannot be deleted here either (an analyst reopens the year first,
with a reason), and every deletion is written to the audit trail.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from tallrapport.accounts.models import User
from tallrapport.audit.admin_hooks import AuditedAdminMixin
from tallrapport.audit.models import Action
from tallrapport.audit.services import audit_record, audit_request_meta
from tallrapport.cases.models import (
    Case,
    Category,
    CategoryAlias,
    Country,
    CountryAlias,
    Family,
    ReferralSource,
    ReferralSourceAlias,
)
from tallrapport.cases.selectors import in_closed_year
from tallrapport.cases.services import AUDIT_TARGET

if TYPE_CHECKING:
    _CategoryAliasInline = admin.TabularInline[CategoryAlias, Category]
    _CountryAliasInline = admin.TabularInline[CountryAlias, Country]
    _ReferralSourceAliasInline = admin.TabularInline[ReferralSourceAlias, ReferralSource]
    _CategoryAdmin = admin.ModelAdmin[Category]
    _CountryAdmin = admin.ModelAdmin[Country]
    _ReferralSourceAdmin = admin.ModelAdmin[ReferralSource]
    _FamilyAdmin = admin.ModelAdmin[Family]
    _CaseAdmin = admin.ModelAdmin[Case]
else:  # Django's admin classes are not subscriptable at run time.
    _CategoryAliasInline = admin.TabularInline
    _CountryAliasInline = admin.TabularInline
    _ReferralSourceAliasInline = admin.TabularInline
    _CategoryAdmin = admin.ModelAdmin
    _CountryAdmin = admin.ModelAdmin
    _ReferralSourceAdmin = admin.ModelAdmin
    _FamilyAdmin = admin.ModelAdmin
    _CaseAdmin = admin.ModelAdmin


class CategoryAliasInline(_CategoryAliasInline):
    model = CategoryAlias
    extra = 0


class CountryAliasInline(_CountryAliasInline):
    model = CountryAlias
    extra = 0


class ReferralSourceAliasInline(_ReferralSourceAliasInline):
    model = ReferralSourceAlias
    extra = 0


CLASSIFICATION_LIST = ["name", "code", "valid_from", "valid_to", "sort_order"]


@admin.register(Category)
class CategoryAdmin(_CategoryAdmin):
    list_display = [*CLASSIFICATION_LIST, "scheme"]
    list_filter = ["scheme"]
    search_fields = ["name", "code", "aliases__name"]
    inlines = [CategoryAliasInline]


@admin.register(Country)
class CountryAdmin(_CountryAdmin):
    list_display = [*CLASSIFICATION_LIST]
    search_fields = ["name", "code", "aliases__name"]
    inlines = [CountryAliasInline]


@admin.register(ReferralSource)
class ReferralSourceAdmin(_ReferralSourceAdmin):
    list_display = [*CLASSIFICATION_LIST]
    search_fields = ["name", "code", "aliases__name"]
    inlines = [ReferralSourceAliasInline]


class LockedYearsAdminMixin:
    """No delete here of a row that would change a closed year (an analyst reopens
    the year first, with a reason); rows go one at a time, each checked."""

    def locked_rows(self, obj: Any) -> QuerySet[Any]:
        """The rows of closed years a delete of ``obj`` would change."""
        raise NotImplementedError

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and in_closed_year(self.locked_rows(obj)):
            return False
        return bool(super().has_delete_permission(request, obj))  # type: ignore[misc]

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        actions: dict[str, Any] = super().get_actions(request)  # type: ignore[misc]
        actions.pop("delete_selected", None)
        return actions


@admin.register(Family)
class FamilyAdmin(LockedYearsAdminMixin, _FamilyAdmin):
    list_display = ["__str__", "unit", "created_at", "case_count"]
    list_filter = ["unit"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Family]:
        return super().get_queryset(request).annotate(n_cases=Count("cases"))

    @admin.display(description=_("saker"))
    def case_count(self, obj: Family) -> int:
        return int(getattr(obj, "n_cases", 0))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Family | None = None) -> bool:
        return False

    def locked_rows(self, obj: Family) -> QuerySet[Case]:
        # Deleting a family unlinks its cases, which is a change to a closed year's cases.
        return Case.objects.filter(family=obj)


@admin.register(Case)
class CaseAdmin(AuditedAdminMixin, LockedYearsAdminMixin, _CaseAdmin):
    audit_target_type = AUDIT_TARGET

    list_display = [
        "short_ref",
        "registered_on",
        "unit",
        "scheme",
        "main_category",
        "gender",
        "age_group",
        "country",
        "reported_by",
    ]
    list_filter = ["scheme", "year", "half_year", "main_category", "gender", "age_group", "guided"]
    search_fields = ["id", "unit__name"]
    date_hierarchy = "registered_on"
    list_select_related = ["unit", "scheme", "main_category", "country", "reported_by"]

    @admin.display(description=_("referanse"))
    def short_ref(self, obj: Case) -> str:
        return obj.short_ref

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        """A case's page here is a look at the case like the app's, so it is audited too."""
        response = super().change_view(request, object_id, form_url, extra_context)
        shown = getattr(response, "context_data", None) or {}
        if request.method == "GET" and response.status_code == 200 and shown.get("original"):
            audit_record(
                actor=request.user if isinstance(request.user, User) else None,
                action=Action.VIEW,
                target_type=AUDIT_TARGET,
                target_id=shown["original"].pk,
                **audit_request_meta(request),
            )
        return response

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Case | None = None) -> bool:
        return False

    def locked_rows(self, obj: Case) -> QuerySet[Case]:
        return Case.objects.filter(pk=obj.pk)
