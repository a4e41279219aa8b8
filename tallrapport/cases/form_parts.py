"""Pieces of the case form that are plain functions: the radio groups, the late
reason (the activity form's too) and the family picker's labels."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from tallrapport.cases.models import Family
from tallrapport.cases.years import REASON_MAX_LENGTH

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise


def late_reason_field(help_text: _StrOrPromise) -> forms.CharField:
    """The reason an analyst gives for writing in a closed year (cases and activities alike).

    It is logged in the audit trail, so the help text warns against anything
    that could identify a person.
    """
    return forms.CharField(
        label=_("Begrunnelse"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=help_text,
        error_messages={"required": _("Skriv en begrunnelse.")},
    )


# The radio groups' messages: when none is chosen, and when a forged value is not
# one of the choices.
RADIO_MESSAGES = {
    "gender": (_("Velg kjønn."), _("Velg et av kjønnene i listen.")),
    "age_group": (_("Velg aldersgruppe."), _("Velg en av aldersgruppene i listen.")),
    "guided": (_("Velg hvem du veiledet."), _("Velg en av dem i listen.")),
}


def radios(label: _StrOrPromise, choices: Any, name: str) -> forms.ChoiceField:
    """One choice of a few, as radio buttons, none chosen, with the form's Norwegian messages."""
    required, invalid = RADIO_MESSAGES[name]
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect,
        error_messages={"required": required, "invalid_choice": invalid},
    )


def family_label(family: Family) -> str:
    """«12.11.2026 · Ufrivillig opphold i utlandet · 2 saker (ref. 0410b771)»: a family
    as an envoy recognises it, from the queryset of
    :func:`~tallrapport.cases.selectors.families_of_units`."""
    count: int = family.case_count  # type: ignore[attr-defined]
    latest: datetime.date | None = family.latest_on  # type: ignore[attr-defined]
    if not count or latest is None:
        return str(_("Tomt sakskompleks (ref. %(ref)s)")) % {"ref": str(family.pk)[:8]}
    size = ngettext("%(count)s sak", "%(count)s saker", count) % {"count": count}
    return (
        str(_("%(day)s · %(category)s · %(size)s (ref. %(ref)s)"))
        % {
            "day": latest.strftime("%d.%m.%Y"),
            "category": family.category_name,  # type: ignore[attr-defined]
            "size": size,
            "ref": str(family.pk)[:8],
        }
    )
