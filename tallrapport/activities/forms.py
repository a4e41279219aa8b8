"""The activity form: register and change an activity.

The form turns text into values and puts each message at its field; the rules
themselves are in :func:`tallrapport.activities.services.validate_activity`,
which the services call again. Browser-side ``required`` is off on purpose, as
on the case form: the server's Norwegian messages stay at the field and in the
summary at the top, where a screen reader finds them.

It is built for speed (under 30 seconds with the keyboard): today's date and
the advisor's only unit and its municipality are filled in, the type is a
select that jumps by typing, and each multi-choice is a checkbox group that is
one tab stop, walked with the arrows and first letters (``static/js/choice_groups.js``):
at most 40 key presses for a typical activity.
"""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tallrapport.accounts.models import Unit, UnitKind, User
from tallrapport.accounts.selectors import units_of_user
from tallrapport.activities.models import (
    MAX_PARTICIPANTS,
    Activity,
    ActivityType,
    PartnerKind,
    TargetGroup,
    Topic,
)
from tallrapport.activities.services import ActivityInput, clean_municipality, validate_activity
from tallrapport.cases.form_parts import late_reason_field
from tallrapport.forms import RecordForm, SpacedIntegerField, add_service_errors, style_widgets

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise

CHOICE_ERRORS = {
    "invalid_choice": _("Velg fra listen."),
    "invalid_list": _("Velg fra listen."),
}


def _checkboxes(
    label: _StrOrPromise, choices: Any, required: _StrOrPromise | None = None
) -> forms.MultipleChoiceField:
    """Several choices as checkboxes; ``required`` is the message when none is ticked."""
    return forms.MultipleChoiceField(
        label=label,
        choices=choices,
        required=required is not None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={**CHOICE_ERRORS, **({"required": required} if required else {})},
    )


class ActivityForm(RecordForm):
    """The activity form, in the order a keyboard user fills it.

    One form for the advisor's registration (``activity`` None) and change, and
    the analyst's late registration and change in a closed year (``late``),
    which names the unit from all units and asks for a reason that goes to the
    audit trail.
    """

    conflict_message = _(
        "Noen andre har endret aktiviteten etter at du åpnet den. Se hva som er lagret nå, "
        "og lagre på nytt om endringen din fortsatt skal gjelde."
    )
    # Optional for some types only: not labelled "valgfritt"; the help text says when.
    conditionally_required = ("participants",)

    date = forms.DateField(
        label=_("Dato"),
        # A plain text field, not type="date": one tab stop, today filled in.
        widget=forms.DateInput(attrs={"autocomplete": "off"}, format="%d.%m.%Y"),
        help_text=_("Skriv datoen som dd.mm.åååå."),
        error_messages={
            "required": _("Skriv datoen for aktiviteten."),
            "invalid": _("Skriv en gyldig dato, for eksempel 15.03.2025."),
        },
    )
    unit = forms.ModelChoiceField(
        queryset=Unit.objects.none(),
        required=False,
        label=_("Enhet"),
        empty_label=_("Velg enhet"),
        error_messages={"invalid_choice": _("Velg en av dine enheter.")},
    )
    activity_type = forms.ChoiceField(
        label=_("Type aktivitet"),
        choices=[("", _("Velg type")), *ActivityType.choices],
        error_messages={
            "required": _("Velg type aktivitet."),
            "invalid_choice": _("Velg en type fra listen."),
        },
    )
    target_groups = _checkboxes(_("Målgrupper"), TargetGroup.choices, _("Velg minst én målgruppe."))
    participants = SpacedIntegerField(
        label=_("Antall deltakere"),
        required=False,
        min_value=0,
        max_value=MAX_PARTICIPANTS,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text=_("Kan stå tomt for fagnotat, svar på ung.no, media og stand."),
        error_messages={
            "invalid": _("Skriv antall deltakere som et helt tall, for eksempel 25."),
            "min_value": _("Antall deltakere kan ikke være negativt."),
            "max_value": _("Antall deltakere kan være høyst %(limit_value)s."),
        },
    )
    hours = forms.DecimalField(
        label=_("Timer brukt"),
        max_digits=5,
        decimal_places=1,
        localize=True,
        help_text=_("Med forberedelse. Bruk komma for halve timer, for eksempel 2,5."),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        error_messages={
            "required": _("Skriv hvor mange timer du brukte."),
            "invalid": _("Skriv timer som et tall, for eksempel 2,5."),
            "max_digits": _("Timer må være høyst 200."),
            "max_whole_digits": _("Timer må være høyst 200."),
            "max_decimal_places": _("Skriv timer med høyst én desimal, for eksempel 1,5."),
        },
    )
    topics = _checkboxes(_("Tema"), Topic.choices, _("Velg minst ett tema."))
    partners = _checkboxes(_("Samarbeidspartnere"), PartnerKind.choices)
    municipality = forms.CharField(
        label=_("Kommune"),
        required=False,
        # Longer than the limit, so that the service's Norwegian message is the one shown.
        max_length=200,
        help_text=_("Der aktiviteten var. Tomt for fagnotat, ung.no og arbeid i utlandet."),
    )
    reason = late_reason_field(
        _(
            "Hvorfor aktiviteten registreres eller endres etter at året er låst. "
            "Ikke skriv opplysninger som kan identifisere noen."
        )
    )

    def __init__(
        self,
        *args: Any,
        user: User,
        activity: Activity | None = None,
        late: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.user, self.activity, self.late = user, activity, late
        if activity is not None and not self.is_bound:
            self.initial = {**self.initial_for(activity), **self.initial}
        self.keep_record_fields(editing=activity is not None)
        unit_field: forms.ModelChoiceField[Unit] = self.fields["unit"]  # type: ignore[assignment]
        if late:
            # The analyst belongs to no unit: every unit; a late change keeps the activity's.
            unit_field.queryset = Unit.objects.select_related("scheme")
            unit_field.required = activity is None
            unit_field.error_messages["required"] = _("Velg enheten aktiviteten hører til.")
            unit_field.error_messages["invalid_choice"] = _("Velg en enhet fra listen.")
            self.show_unit = activity is None
        else:
            units = units_of_user(user=user)
            unit_field.queryset = units
            self.show_unit = activity is None and len(list(units)) > 1
            del self.fields["reason"]
        self.fields["municipality"].widget.attrs.update(
            {"list": "kommune-forslag", "autocomplete": "off"}
        )
        style_widgets(self)

    def fields_not_shown(self) -> set[str]:
        hidden = super().fields_not_shown()
        if not self.show_unit:
            hidden.add("unit")
        return hidden

    def clean_date(self) -> datetime.date:
        """Checked here too, so a future date is flagged even when other fields are missing."""
        day: datetime.date = self.cleaned_data["date"]
        if day > timezone.localdate():
            raise ValidationError(_("Datoen kan ikke være fram i tid."))
        return day

    def clean_municipality(self) -> str:
        return clean_municipality(self.cleaned_data["municipality"])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        # A missing or bad date or number already has its message; the other
        # rules are checked anyway (with stand-ins), so every problem shows at once.
        day = cleaned.get("date")
        try:
            validate_activity(
                user=self.user,
                unit=self.activity.unit if self.activity else cleaned.get("unit"),
                data=self._input(cleaned, day or timezone.localdate()),
                fixed_unit=self.activity is not None,
                late=self.late,
            )
        except ValidationError as error:
            if day is None:
                # A missing date's unit and year problems would only repeat it.
                error = ValidationError(
                    {k: v for k, v in error.message_dict.items() if k not in ("date", "unit")}
                )
            add_service_errors(self, error)
        return cleaned

    @staticmethod
    def _input(cleaned: dict[str, Any], day: datetime.date) -> ActivityInput:
        hours = cleaned.get("hours")
        return ActivityInput(
            date=day,
            activity_type=cleaned.get("activity_type") or "",
            target_groups=tuple(cleaned.get("target_groups") or ()),
            participants=cleaned.get("participants"),
            hours=hours if hours is not None else Decimal(1),
            topics=tuple(cleaned.get("topics") or ()),
            partners=tuple(cleaned.get("partners") or ()),
            municipality=cleaned.get("municipality") or "",
        )

    def record_input(self) -> ActivityInput:
        """What the services take, from a valid form."""
        return self._input(self.cleaned_data, self.cleaned_data["date"])

    @staticmethod
    def initial_for_new(user: User) -> dict[str, Any]:
        """Today, a fresh token, and the municipality of the advisor's school if
        they have one (an embassy has none; several schools: let them write it)."""
        today = timezone.localdate()
        units = list(units_of_user(user=user))
        municipalities = {u.municipality for u in units if u.kind != UnitKind.EMBASSY}
        return {
            "date": today,
            "submission_token": uuid.uuid4(),
            "municipality": municipalities.pop() if len(municipalities) == 1 else "",
        }

    @staticmethod
    def initial_for(activity: Activity) -> dict[str, Any]:
        return {
            "date": activity.date,
            "activity_type": activity.activity_type,
            "target_groups": [g.code for g in activity.target_groups.all()],
            "participants": activity.participants,
            "hours": activity.hours,
            "topics": [t.code for t in activity.topics.all()],
            "partners": [p.code for p in activity.partners.all()],
            "municipality": activity.municipality,
            "version": activity.version,
        }
