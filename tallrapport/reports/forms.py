"""The analyst's edit of the report's paragraphs before publishing."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tallrapport.forms import ErrorLinksMixin
from tallrapport.reports.report import Report
from tallrapport.reports.services import MAX_TEXT
from tallrapport.reports.text import TEXT_KEYS, TEXT_TITLES


def field_name(scheme: str, key: str) -> str:
    return f"{scheme}__{key}"


class PublishForm(ErrorLinksMixin, forms.Form):
    """One text area per scheme and paragraph, prefilled with the generated text."""

    submission_token = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, report: Report, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.report = report
        self.fields["submission_token"].initial = uuid.uuid4()
        for section in report.sections:
            for key in TEXT_KEYS:
                self.fields[field_name(section.scheme, key)] = forms.CharField(
                    label=f"{section.name}: {TEXT_TITLES[key]}",
                    required=False,
                    max_length=MAX_TEXT,
                    initial=section.texts.get(key, ""),
                    widget=forms.Textarea(attrs={"rows": 4, "class": "ds-input"}),
                    error_messages={
                        "max_length": _("Avsnittet kan ha høyst %(limit_value)d tegn.")
                    },
                )

    def texts(self) -> dict[str, dict[str, str]]:
        return {
            section.scheme: {
                key: self.cleaned_data[field_name(section.scheme, key)] for key in TEXT_KEYS
            }
            for section in self.report.sections
        }

    def sections(self) -> list[tuple[str, list[forms.BoundField]]]:
        """Fields grouped by scheme, for the template."""
        return [
            (section.name, [self[field_name(section.scheme, key)] for key in TEXT_KEYS])
            for section in self.report.sections
        ]
