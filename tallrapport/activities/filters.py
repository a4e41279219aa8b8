"""The filters, search and sorting of the activity lists (django-filter), over the
queryset of :func:`~tallrapport.activities.selectors.activities_visible_to`, as
:mod:`tallrapport.cases.filters` does for cases."""

from __future__ import annotations

import re
from typing import Any

import django_filters
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from tallrapport.activities.models import Activity, ActivityType
from tallrapport.lists import (
    HALF_YEAR_CHOICES,
    ListFilterSet,
    SortFilter,
    folded,
    pks_named,
    scheme_filter,
    search_filter,
    unit_filter,
    year_filter,
)

REFERENCE = re.compile(r"[0-9a-f]{4,8}(-[0-9a-f-]{0,28})?", re.IGNORECASE)

ACTIVITY_ORDERS = {
    "dato": (["date"], _("Dato, eldste først"), _("Dato, nyeste først")),
    "type": (["type_order"], _("Type aktivitet, i listens rekkefølge"), _("Type, baklengs")),
}


def _in_type_order(activities: QuerySet[Activity]) -> QuerySet[Activity]:
    """The types in the order the form and the report list them, not by code."""
    order = [When(activity_type=t.value, then=Value(i)) for i, t in enumerate(ActivityType)]
    return activities.annotate(
        type_order=Case(*order, default=Value(len(order)), output_field=IntegerField())
    )


class ActivityFilter(ListFilterSet):
    """Year, half-year, scheme, unit, type, a search and the sort."""

    aar = year_filter()
    halvaar = django_filters.ChoiceFilter(
        method="half_year",
        label=_("Halvår"),
        choices=HALF_YEAR_CHOICES,
        empty_label=_("Hele året"),
    )
    ordning = scheme_filter()
    enhet = unit_filter()
    type = django_filters.ChoiceFilter(
        field_name="activity_type",
        label=_("Type aktivitet"),
        choices=ActivityType.choices,
        empty_label=_("Alle typer"),
    )
    sok = search_filter("search")
    sorter = SortFilter(orders=ACTIVITY_ORDERS, then=["-date", "-created_at", "id"])

    def __init__(self, data: QueryDict | None, queryset: QuerySet[Activity], **kwargs: Any) -> None:
        super().__init__(data, _in_type_order(queryset), **kwargs)

    def half_year(self, queryset: QuerySet[Activity], name: str, value: str) -> QuerySet[Activity]:
        if value == "1":
            return queryset.filter(date__month__lte=6)
        return queryset.filter(date__month__gte=7)

    def search(self, queryset: QuerySet[Activity], name: str, value: str) -> QuerySet[Activity]:
        """An activity's reference, a unit or municipality or type by (part of) its name."""
        if not value:
            return queryset
        wanted = folded(value)
        matches = Q(unit__in=pks_named(self.units.values_list("pk", "name"), value))
        types = [t.value for t in ActivityType if wanted in folded(str(t.label))]
        matches |= Q(activity_type__in=types)
        municipalities = (
            queryset.exclude(municipality="")
            .order_by()
            .values_list("municipality", flat=True)
            .distinct()
        )
        named = [m for m in set(municipalities) if wanted in folded(m)]
        matches |= Q(municipality__in=named)
        if REFERENCE.fullmatch(value):
            matches |= Q(id__istartswith=value.lower())
        return queryset.filter(matches)
