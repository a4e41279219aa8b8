"""Administration of plans, ministries and plan roles, in Norwegian.

The administrator sets up a plan's structure, its ministries and who holds which
role in it. Yearly statuses are shown read-only: they are written by measure
owners through the status form, whose service keeps closed years frozen (the
database triggers would refuse an admin edit of a closed year anyway).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import admin
from django.http import HttpRequest

from tallrapport.audit.admin_hooks import AuditedAdminMixin
from tallrapport.plans.models import (
    ActionPlan,
    FocusArea,
    Measure,
    MeasureOwner,
    MeasureStatus,
    Ministry,
    MinistryResponsibility,
    PlanRole,
    ReportingYear,
    ResultGoal,
)

if TYPE_CHECKING:
    _PlanAdmin = admin.ModelAdmin[ActionPlan]
    _MeasureAdmin = admin.ModelAdmin[Measure]
    _MinistryAdmin = admin.ModelAdmin[Ministry]
    _PlanRoleAdmin = admin.ModelAdmin[PlanRole]
    _MeasureOwnerAdmin = admin.ModelAdmin[MeasureOwner]
    _StatusAdmin = admin.ModelAdmin[MeasureStatus]
    _FocusAreaInline = admin.TabularInline[FocusArea, ActionPlan]
    _ReportingYearInline = admin.TabularInline[ReportingYear, ActionPlan]
    _ResponsibilityInline = admin.TabularInline[MinistryResponsibility, Measure]
    _ResultGoalInline = admin.TabularInline[ResultGoal, Measure]
else:  # Django's admin classes are not subscriptable at run time.
    _PlanAdmin = _MeasureAdmin = _MinistryAdmin = _PlanRoleAdmin = admin.ModelAdmin
    _MeasureOwnerAdmin = _StatusAdmin = admin.ModelAdmin
    _FocusAreaInline = _ReportingYearInline = admin.TabularInline
    _ResponsibilityInline = _ResultGoalInline = admin.TabularInline


class FocusAreaInline(_FocusAreaInline):
    model = FocusArea
    extra = 0


class ReportingYearInline(_ReportingYearInline):
    model = ReportingYear
    extra = 0
    fields = ["year", "closed", "closed_at", "closed_by"]
    readonly_fields = ["closed_at", "closed_by"]


@admin.register(ActionPlan)
class ActionPlanAdmin(_PlanAdmin):
    list_display = ["name", "start_year", "end_year", "slug"]
    inlines = [FocusAreaInline, ReportingYearInline]


class ResponsibilityInline(_ResponsibilityInline):
    model = MinistryResponsibility
    extra = 0


class ResultGoalInline(_ResultGoalInline):
    model = ResultGoal
    extra = 0


@admin.register(Measure)
class MeasureAdmin(_MeasureAdmin):
    list_display = ["label", "title", "plan", "focus_area", "illustrative"]
    list_filter = ["plan", "illustrative"]
    search_fields = ["title"]
    inlines = [ResponsibilityInline, ResultGoalInline]


@admin.register(Ministry)
class MinistryAdmin(_MinistryAdmin):
    list_display = ["code", "name", "sort_order"]


@admin.register(PlanRole)
class PlanRoleAdmin(AuditedAdminMixin, _PlanRoleAdmin):
    audit_target_type = "rolle"

    list_display = ["user", "plan", "role"]
    list_filter = ["plan", "role"]


@admin.register(MeasureOwner)
class MeasureOwnerAdmin(AuditedAdminMixin, _MeasureOwnerAdmin):
    audit_target_type = "rolle"

    list_display = ["user", "measure"]
    list_filter = ["measure__plan"]


@admin.register(MeasureStatus)
class MeasureStatusAdmin(_StatusAdmin):
    list_display = ["measure", "reporting_year", "status", "updated_at"]
    list_filter = ["reporting_year__plan", "reporting_year__year", "status"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: MeasureStatus | None = None) -> bool:
        return False
