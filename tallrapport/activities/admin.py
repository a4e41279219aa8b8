"""Administration of activities, for administrators only (the admin site checks the role).

Activities can be looked at and deleted here (a wrong registration) but not
added or changed: those writes go through the services, which check the rules
the form checks (membership on the date, hours, headcount). An activity of a
closed year cannot be deleted here either, as for cases.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from tallrapport.activities.models import (
    Activity,
    ActivityPartner,
    ActivityTargetGroup,
    ActivityTopic,
)
from tallrapport.cases.admin import LockedYearsAdminMixin

if TYPE_CHECKING:
    _ActivityAdmin = admin.ModelAdmin[Activity]
    _TargetGroupInline = admin.TabularInline[ActivityTargetGroup, Activity]
    _TopicInline = admin.TabularInline[ActivityTopic, Activity]
    _PartnerInline = admin.TabularInline[ActivityPartner, Activity]
else:  # Django's admin classes are not subscriptable at run time.
    _ActivityAdmin = admin.ModelAdmin
    _TargetGroupInline = admin.TabularInline
    _TopicInline = admin.TabularInline
    _PartnerInline = admin.TabularInline


class _ReadOnlyInline:
    """Inlines follow the activity: shown, never edited here (the activity's own
    change permission is off, so Django renders them read-only)."""

    extra = 0
    can_delete = False


class TargetGroupInline(_ReadOnlyInline, _TargetGroupInline):
    model = ActivityTargetGroup


class TopicInline(_ReadOnlyInline, _TopicInline):
    model = ActivityTopic


class PartnerInline(_ReadOnlyInline, _PartnerInline):
    model = ActivityPartner


@admin.register(Activity)
class ActivityAdmin(LockedYearsAdminMixin, _ActivityAdmin):
    list_display = [
        "short_ref",
        "date",
        "unit",
        "scheme",
        "activity_type",
        "participants",
        "hours",
        "municipality",
    ]
    list_filter = ["scheme", "year", "activity_type"]
    search_fields = ["id", "unit__name", "municipality"]
    date_hierarchy = "date"
    list_select_related = ["unit", "scheme"]
    inlines = [TargetGroupInline, TopicInline, PartnerInline]

    @admin.display(description=_("referanse"))
    def short_ref(self, obj: Activity) -> str:
        return obj.short_ref

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Activity | None = None) -> bool:
        return False

    def locked_rows(self, obj: Activity) -> QuerySet[Activity]:
        # A closed year locks its activities, here too (an analyst reopens the year first).
        return Activity.objects.filter(pk=obj.pk)
