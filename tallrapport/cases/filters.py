"""The filters, search and sorting of the case lists (django-filter).

Both lists, the advisor's «Mine saker» and the analyst's «Alle saker», are one
:class:`CaseFilter` over the queryset of
:func:`~tallrapport.cases.selectors.cases_visible_to`; the units and schemes it
offers are those of the same scope, so another school's unit is a wrong choice,
not a way in.
"""

from __future__ import annotations

import re

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from tallrapport.cases.models import Case, Category, Country
from tallrapport.lists import (
    HALF_YEAR_CHOICES,
    ListFilterSet,
    SortFilter,
    pks_named,
    scheme_filter,
    search_filter,
    unit_filter,
    year_filter,
)

# A case's reference is the start of its id: hexadecimal digits, perhaps with dashes.
REFERENCE = re.compile(r"[0-9a-f]{4,8}(-[0-9a-f-]{0,28})?", re.IGNORECASE)

CASE_ORDERS = {
    "dato": (["registered_on"], _("Dato, eldste først"), _("Dato, nyeste først")),
    "kategori": (
        ["main_category__sort_order", "main_category__name"],
        _("Hovedkategori, i listens rekkefølge"),
        _("Hovedkategori, baklengs"),
    ),
}


class CaseFilter(ListFilterSet):
    """Year, half-year, scheme, unit, main category, a search and the sort."""

    aar = year_filter()
    halvaar = django_filters.ChoiceFilter(
        field_name="half_year",
        label=_("Halvår"),
        choices=HALF_YEAR_CHOICES,
        empty_label=_("Hele året"),
    )
    ordning = scheme_filter()
    enhet = unit_filter()
    kategori = django_filters.ModelChoiceFilter(
        field_name="main_category",
        to_field_name="code",
        label=_("Hovedkategori"),
        queryset=Category.objects.all(),
        empty_label=_("Alle kategorier"),
    )
    sok = search_filter("search")
    sorter = SortFilter(orders=CASE_ORDERS, then=["-registered_on", "-created_at", "id"])

    def search(self, queryset: QuerySet[Case], name: str, value: str) -> QuerySet[Case]:
        """A case's reference, or a unit, country or main category by (part of) its name."""
        if not value:
            return queryset
        matches = Q(unit__in=pks_named(self.units.values_list("pk", "name"), value))
        matches |= Q(country__in=pks_named(Country.objects.values_list("pk", "name"), value))
        matches |= Q(main_category__in=pks_named(Category.objects.values_list("pk", "name"), value))
        if REFERENCE.fullmatch(value):
            matches |= Q(id__istartswith=value.lower())
        return queryset.filter(matches)
