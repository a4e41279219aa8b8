"""The filters of the audit search page; every one optional, sent by GET."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tallrapport.audit.models import Action
from tallrapport.audit.services import TARGET_TYPES
from tallrapport.forms import ErrorLinksMixin, style_widgets


class AuditFilterForm(ErrorLinksMixin, forms.Form):
    use_required_attribute = False

    actor = forms.CharField(label=_("Brukernavn"), required=False, max_length=150)
    action = forms.ChoiceField(
        label=_("Handling"), required=False, choices=[("", _("Alle")), *Action.choices]
    )
    target_type = forms.ChoiceField(
        label=_("Type"),
        required=False,
        choices=[("", _("Alle")), *TARGET_TYPES.items()],
    )
    target_id = forms.CharField(
        label=_("Id eller referanse"),
        required=False,
        max_length=100,
    )
    date_from = forms.DateField(
        label=_("Fra dato (dd.mm.åååå)"),
        required=False,
        widget=forms.DateInput(format="%d.%m.%Y"),
        error_messages={"invalid": _("Skriv en gyldig dato, for eksempel 15.03.2025.")},
    )
    date_to = forms.DateField(
        label=_("Til dato (dd.mm.åååå)"),
        required=False,
        widget=forms.DateInput(format="%d.%m.%Y"),
        error_messages={"invalid": _("Skriv en gyldig dato, for eksempel 15.03.2025.")},
    )

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

    def filters(self) -> dict[str, Any]:
        """The valid filters; an invalid one is left out (and shown at its field)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {
            k: v
            for k, v in self.cleaned_data.items()
            if v not in (None, "") and k not in self.errors
        }
