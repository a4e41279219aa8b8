"""Forms for plan work: a measure's yearly status and the plan text of a measure.

Each error is shown at its field with what was typed kept; the error summary at
the top links to the fields (see ``forms/_error_summary.html``).
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tallrapport.formatting import thousands
from tallrapport.forms import ErrorLinksMixin, SpacedDecimalField
from tallrapport.plans.models import Measure, ResultGoal, Status

MAX_TEXT = 20_000


def _describe_errors(form: forms.BaseForm) -> None:
    """Point each invalid widget at its message, for screen readers."""
    for name in form.errors:
        if name in form.fields:
            widget = form.fields[name].widget
            widget.attrs["aria-invalid"] = "true"
            widget.attrs["aria-describedby"] = f"id_{form.add_prefix(name)}_error"


class MeasureStatusForm(ErrorLinksMixin, forms.Form):
    """Status, status text and one goal-achievement field per result goal."""

    status = forms.ChoiceField(
        label=_("Status"),
        choices=Status.choices,
        widget=forms.RadioSelect(attrs={"class": "ds-input"}),
        error_messages={"required": _("Velg status for tiltaket.")},
    )
    text = forms.CharField(
        label=_("Statustekst"),
        help_text=_("Hva er gjort i året, og hva gjenstår?"),
        widget=forms.Textarea(attrs={"class": "ds-input", "rows": 8}),
        max_length=MAX_TEXT,
        error_messages={"max_length": _("Statusteksten kan være høyst %(limit_value)d tegn.")},
    )

    def __init__(self, *args: Any, goals: list[ResultGoal], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.goals = goals
        for goal in goals:
            self.fields[self.goal_field(goal)] = forms.CharField(
                label=_("Måloppnåelse %(number)d") % {"number": goal.number},
                help_text=goal.text,
                required=False,
                max_length=MAX_TEXT,
                widget=forms.Textarea(attrs={"class": "ds-input", "rows": 4}),
            )

    @staticmethod
    def goal_field(goal: ResultGoal) -> str:
        return f"maloppnaelse_{goal.number}"

    def clean_text(self) -> str:
        text: str = self.cleaned_data["text"].strip()
        if len(text) < 10:
            raise forms.ValidationError(
                _("Skriv minst en setning om status (minst 10 tegn)."), code="too_short"
            )
        return text

    def full_clean(self) -> None:
        super().full_clean()
        _describe_errors(self)

    def goal_fields(self) -> list[forms.BoundField]:
        return [self[self.goal_field(goal)] for goal in self.goals]

    def achievements(self) -> dict[int, str]:
        """Goal id → text, for the service."""
        return {goal.pk: self.cleaned_data[self.goal_field(goal)] for goal in self.goals}


if TYPE_CHECKING:
    _MeasureModelForm = forms.ModelForm[Measure]
else:
    _MeasureModelForm = forms.ModelForm


class MeasureTextForm(ErrorLinksMixin, _MeasureModelForm):
    """The coordinator's form for a measure's plan text, executor, contact and budget."""

    class Meta:
        model = Measure
        fields = [
            "title",
            "description",
            "executing_body",
            "contact_role",
            "budget_amount",
            "budget_post",
            "budget_text",
        ]
        widgets = {
            "title": forms.TextInput(attrs={"class": "ds-input"}),
            "description": forms.Textarea(attrs={"class": "ds-input", "rows": 8}),
            "executing_body": forms.TextInput(attrs={"class": "ds-input"}),
            "contact_role": forms.TextInput(attrs={"class": "ds-input"}),
            # Text, not type="number": that input refuses «4 000 000» as Norwegians write it.
            "budget_amount": forms.TextInput(
                attrs={"class": "ds-input", "inputmode": "numeric", "autocomplete": "off"}
            ),
            "budget_post": forms.TextInput(attrs={"class": "ds-input"}),
            "budget_text": forms.Textarea(attrs={"class": "ds-input", "rows": 3}),
        }
        error_messages = {
            "title": {"required": _("Tiltaket må ha en tittel.")},
            "budget_amount": {
                "invalid": _("Skriv beløpet som et helt tall i kroner, for eksempel 250 000."),
            },
        }
        field_classes = {"budget_amount": SpacedDecimalField}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Show the saved amount as the pages write it, «4 000 000», not «4000000».
        amount = self.initial.get("budget_amount")
        if amount is not None:
            self.initial["budget_amount"] = thousands(amount)

    def clean_budget_amount(self) -> Decimal | None:
        amount: Decimal | None = self.cleaned_data.get("budget_amount")
        if amount is not None and amount < 0:
            raise forms.ValidationError(_("Beløpet kan ikke være negativt."), code="negative")
        return amount

    def full_clean(self) -> None:
        super().full_clean()
        _describe_errors(self)
