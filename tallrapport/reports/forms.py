"""The analyst's edit of the report's paragraphs before publishing."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from tallrapport.forms import ErrorLinksMixin
from tallrapport.reports.numbers import Printed, printed, unprinted_numbers
from tallrapport.reports.parts import REPORT_SCOPE, REPORT_TEXT_KEYS, REPORT_TEXT_TITLES
from tallrapport.reports.report import Report
from tallrapport.reports.services import MAX_TEXT, text_field
from tallrapport.reports.text import TEXT_KEYS, TEXT_TITLES

field_name = text_field


def _text_field(label: str, initial: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=MAX_TEXT,
        initial=initial,
        widget=forms.Textarea(attrs={"rows": 4, "class": "ds-input"}),
        error_messages={"max_length": gettext_lazy("Avsnittet kan ha høyst %(limit_value)d tegn.")},
    )


class PublishForm(ErrorLinksMixin, forms.Form):
    """One text area per part of the report, prefilled with the generated text.

    Every number typed into a paragraph is held against the numbers the report
    prints (:mod:`~tallrapport.reports.numbers`); one it does not print is an
    error at its paragraph until the analyst ticks the confirmation.
    """

    submission_token = forms.UUIDField(widget=forms.HiddenInput)
    confirm_numbers = forms.BooleanField(
        label=gettext_lazy(
            "Jeg har sjekket tallene som er merket, og bekrefter at de kan publiseres"
        ),
        required=False,
    )

    def __init__(self, *args: Any, report: Report, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.report = report
        # Read before any edit: what the report itself prints.
        self.known: Printed = printed(report)
        self.flagged: dict[str, list[str]] = {}
        self.fields["submission_token"].initial = uuid.uuid4()
        for key in REPORT_TEXT_KEYS:
            self.fields[field_name(REPORT_SCOPE, key)] = _text_field(
                _("Rapporten: %(part)s") % {"part": _(REPORT_TEXT_TITLES[key])},
                report.texts.get(key, ""),
            )
        for section in report.sections:
            for key in TEXT_KEYS:
                self.fields[field_name(section.scheme, key)] = _text_field(
                    f"{section.name}: {_(TEXT_TITLES[key])}", section.texts.get(key, "")
                )

    def _scopes(self) -> list[tuple[str, tuple[str, ...]]]:
        return [(REPORT_SCOPE, REPORT_TEXT_KEYS)] + [
            (section.scheme, TEXT_KEYS) for section in self.report.sections
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        confirmed = bool(cleaned.get("confirm_numbers"))
        for scope, keys in self._scopes():
            for key in keys:
                name = field_name(scope, key)
                numbers = unprinted_numbers(cleaned.get(name) or "", self.known)
                if not numbers:
                    continue
                self.flagged[name] = numbers
                if not confirmed:
                    self.add_error(name, number_message(numbers))
        return cleaned

    def texts(self) -> dict[str, dict[str, str]]:
        return {
            scope: {key: self.cleaned_data[field_name(scope, key)] for key in keys}
            for scope, keys in self._scopes()
        }

    def confirmed_numbers(self) -> dict[str, list[str]]:
        """The flagged numbers the analyst confirmed, by field; empty when none were flagged."""
        return dict(self.flagged) if self.cleaned_data.get("confirm_numbers") else {}

    def sections(self) -> list[tuple[str, list[forms.BoundField]]]:
        """Fields grouped by the report's own parts and by scheme, for the template."""
        return [
            (
                _("Rapporten"),
                [self[field_name(REPORT_SCOPE, key)] for key in REPORT_TEXT_KEYS],
            ),
            *(
                (section.name, [self[field_name(section.scheme, key)] for key in TEXT_KEYS])
                for section in self.report.sections
            ),
        ]


def number_message(numbers: list[str]) -> str:
    """The error at a paragraph with numbers the report does not print."""
    return ngettext(
        "Tallet %(numbers)s står ikke i rapporten. Et tall i teksten må være et tall rapporten "
        "viser (eller et årstall), så ingen skjult celle blir gitt bort. Rett tallet, eller "
        "bekreft nederst at det kan publiseres.",
        "Tallene %(numbers)s står ikke i rapporten. Et tall i teksten må være et tall rapporten "
        "viser (eller et årstall), så ingen skjult celle blir gitt bort. Rett tallene, eller "
        "bekreft nederst at de kan publiseres.",
        len(numbers),
    ) % {"numbers": ", ".join(f"«{n}»" for n in numbers)}
