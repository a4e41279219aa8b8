"""The filters of the audit search page (django-filter); every one optional, sent by GET.

A filter whose value is not valid (a date like 32.13.2024, an action that does
not exist) is named at its field in Norwegian and left out of the filtering;
the others still apply. No query string reaches the database other than as a
validated value.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from tallrapport.audit.models import Action, AuditEntry
from tallrapport.audit.services import TARGET_TYPES
from tallrapport.forms import ErrorLinksMixin, style_widgets

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise

DATE_FORMAT = "%d.%m.%Y"
DATE_ERRORS = {"invalid": _("Skriv en gyldig dato, for eksempel 15.03.2025.")}


class AuditFilterForm(ErrorLinksMixin, forms.Form):
    """The form django-filter builds: Designsystemet's classes, Norwegian messages,
    and a period that does not end before it starts."""

    use_required_attribute = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.error_messages["invalid_choice"] = _("Velg en verdi fra listen.")
        style_widgets(self)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("Til-datoen kan ikke være før fra-datoen."))
        return cleaned


def _date_filter(label: StrOrPromise, lookup: str) -> django_filters.DateFilter:
    return django_filters.DateFilter(
        field_name="at",
        lookup_expr=lookup,
        label=label,
        widget=forms.DateInput(format=DATE_FORMAT),
        error_messages=DATE_ERRORS,
    )


class AuditFilterSet(django_filters.FilterSet):  # type: ignore[misc]
    actor = django_filters.CharFilter(
        field_name="actor_username", lookup_expr="iexact", label=_("Brukernavn"), max_length=150
    )
    action = django_filters.ChoiceFilter(
        choices=Action.choices, empty_label=_("Alle"), label=_("Handling")
    )
    target_type = django_filters.ChoiceFilter(
        choices=list(TARGET_TYPES.items()), empty_label=_("Alle"), label=_("Type")
    )
    target_id = django_filters.CharFilter(
        lookup_expr="startswith", label=_("Id eller referanse"), max_length=100
    )
    date_from = _date_filter(_("Fra dato (dd.mm.åååå)"), "date__gte")
    date_to = _date_filter(_("Til dato (dd.mm.åååå)"), "date__lte")

    class Meta:
        model = AuditEntry
        fields: list[str] = []
        form = AuditFilterForm

    @property
    def entries(self) -> QuerySet[AuditEntry]:
        """The entries of the valid filters (an invalid one is left out), newest first."""
        return self.qs.order_by("-at", "-id")  # type: ignore[no-any-return]
