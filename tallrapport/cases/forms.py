"""Forms for registering, changing and filtering cases.

The forms turn text into objects and put each message at its field; the rules
themselves are in :func:`tallrapport.cases.rules.validate_case`, which the
services call again. Browser-side ``required`` is off on purpose: the browser's
own bubbles are not in Norwegian for every user and vanish for screen readers,
while the server's messages stay at the field and in the summary at the top.
"""

from __future__ import annotations

import datetime
import uuid
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tallrapport.accounts.models import Scheme, Unit, User
from tallrapport.accounts.selectors import units_of_user
from tallrapport.cases.classifications import category_definitions
from tallrapport.cases.form_parts import family_label, late_reason_field, radios
from tallrapport.cases.models import (
    AgeGroup,
    Case,
    Category,
    Country,
    Family,
    Gender,
    GuidedPerson,
    ReferralSource,
)
from tallrapport.cases.rules import CaseInput, validate_case
from tallrapport.cases.selectors import case_duplicate, country_from_text, families_of_units
from tallrapport.forms import (
    IntegerKeysMixin,
    RecordForm,
    add_service_errors,
    style_widgets,
)

NEW_FAMILY = "ny"

if TYPE_CHECKING:
    _CategoryField = forms.ModelChoiceField[Category]
    _CategoriesField = forms.ModelMultipleChoiceField[Category]
else:  # Django's form fields are not subscriptable at run time.
    _CategoryField = forms.ModelChoiceField
    _CategoriesField = forms.ModelMultipleChoiceField


class CategoryChoiceField(_CategoryField):
    """Names a category, with the year it ended if it is no longer in use."""

    default_error_messages = {
        "required": _("Velg hovedkategori."),
        "invalid_choice": _("Velg en kategori fra listen."),
    }

    def label_from_instance(self, obj: Category) -> str:
        if obj.valid_to is not None:
            return str(_("%(name)s (brukt til %(year)s)")) % {
                "name": obj.name,
                "year": obj.valid_to.year,
            }
        return obj.name


class CategoryMultipleChoiceField(IntegerKeysMixin, _CategoriesField):
    def label_from_instance(self, obj: Category) -> str:
        return CategoryChoiceField.label_from_instance(self, obj)  # type: ignore[arg-type]


class CaseForm(RecordForm):
    """The case form, in the order a keyboard user fills it.

    One form for every way a case is written: the advisor's registration
    (``case`` None) and change, and the analyst's late registration and change
    in a closed year (``late``), which names the unit from all units, offers
    every category and asks for a reason that goes to the audit trail.
    """

    conflict_message = _(
        "Noen andre har endret saken etter at du åpnet den. Se hva som er lagret nå, "
        "og lagre på nytt om endringen din fortsatt skal gjelde."
    )

    registered_on = forms.DateField(
        label=_("Registreringsdato"),
        # A plain text field, not type="date": one tab stop instead of Chromium's three
        # segments, today's date already filled in, and the Norwegian way of writing it.
        widget=forms.DateInput(attrs={"autocomplete": "off"}, format="%d.%m.%Y"),
        help_text=_("Skriv datoen som dd.mm.åååå."),
        error_messages={
            "required": _("Skriv registreringsdatoen."),
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
    main_category = CategoryChoiceField(
        queryset=Category.objects.none(),
        label=_("Hovedkategori"),
        empty_label=_("Velg kategori"),
        help_text=_("Hva kategoriene betyr, står under «Definisjoner av kategoriene» nedenfor."),
    )
    secondary_categories = CategoryMultipleChoiceField(
        queryset=Category.objects.none(),
        required=False,
        label=_("Andre kategorier"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _("Velg kategorier fra listen."),
            "invalid_pk_value": _("Velg kategorier fra listen."),
            "invalid_list": _("Velg kategorier fra listen."),
        },
    )
    gender = radios(_("Kjønn"), Gender.choices, "gender")
    # No field that becomes a statistic starts answered: a default the advisor
    # overlooked would be stored, and counted, as a fact. «Ukjent» is chosen, not assumed.
    age_group = radios(_("Alder"), AgeGroup.choices, "age_group")
    country = forms.CharField(
        label=_("Landbakgrunn"),
        max_length=120,
        error_messages={
            "required": _("Skriv landbakgrunn, eller «Ukjent»."),
            "max_length": _("Landnavnet er for langt."),
        },
        help_text=_("Skriv landet og velg blant forslagene. Skriv «Ukjent» om du ikke vet."),
    )
    reported_by = forms.ModelChoiceField(
        queryset=ReferralSource.objects.none(),
        label=_("Meldt av"),
        empty_label=_("Velg hvem som meldte saken"),
        error_messages={
            "required": _("Velg hvem som meldte saken."),
            "invalid_choice": _("Velg en av dem i listen."),
        },
    )
    guided = radios(_("Hvem veiledet du?"), GuidedPerson.choices, "guided")
    family = forms.ChoiceField(
        label=_("Sakskompleks"),
        required=False,
        help_text=_("Knytt saker for personer i samme familie sammen."),
        error_messages={"invalid_choice": _("Velg et sakskompleks fra listen.")},
    )
    # Set by the warning's «Registrer likevel» button: the user has seen the
    # earlier case that looks the same and registers this one anyway.
    confirm_duplicate = forms.BooleanField(required=False, widget=forms.HiddenInput)
    reason = late_reason_field(
        _(
            "Hvorfor saken registreres eller endres etter at året er låst. "
            "Ikke skriv opplysninger som kan identifisere personen."
        )
    )

    def __init__(
        self, *args: Any, user: User, case: Case | None = None, late: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.user, self.case, self.late = user, case, late
        if case is not None and not self.is_bound:
            self.initial = {**self.initial_for(case), **self.initial}
        self.keep_record_fields(editing=case is not None)
        self.fields["reported_by"].queryset = ReferralSource.objects.all()  # type: ignore[attr-defined]
        self.fields["country"].widget.attrs.update(
            {"list": "land-forslag", "autocomplete": "off", "spellcheck": "false"}
        )
        if late:
            self._offer_all()
        else:
            self._offer_own()
        style_widgets(self)

    def _offer_own(self) -> None:
        """The advisor's units, their schemes' categories and (for envoys) families."""
        units = units_of_user(user=self.user)
        own_units = list(units)
        self.show_unit = self.case is None and len(own_units) > 1
        self.show_family = any(u.scheme.code == Scheme.SPECIAL_ENVOYS for u in own_units)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        offered = Q(scheme__isnull=True) | Q(scheme__in={unit.scheme_id for unit in own_units})
        if self.case is not None:
            offered |= Q(pk=self.case.main_category_id)
        self._offer_categories(Category.objects.filter(offered))
        del self.fields["reason"]
        # Only envoys link cases into families; a school advisor's form skips the query.
        self.families = list(families_of_units(units)) if self.show_family else []
        family_field: forms.ChoiceField = self.fields["family"]  # type: ignore[assignment]
        family_field.choices = [
            ("", _("Ingen")),
            (NEW_FAMILY, _("Nytt sakskompleks")),
            *[(str(family.pk), family_label(family)) for family in self.families],
        ]
        if self.show_family:
            family_field.help_text = _(
                "Knytt saker for personer i samme familie sammen. Sakskompleksene står med "
                "den siste sakens dato, kategorien og antall saker, nyeste først."
            )

    def _offer_all(self) -> None:
        """The analyst belongs to no unit: every unit and category; families stay
        with the envoys; a late change keeps the case's unit."""
        self.show_unit, self.show_family, self.families = self.case is None, False, []
        unit_field: forms.ModelChoiceField[Unit] = self.fields["unit"]  # type: ignore[assignment]
        unit_field.queryset = Unit.objects.select_related("scheme")
        unit_field.required = self.case is None
        unit_field.error_messages["required"] = _("Velg enheten saken hører til.")
        unit_field.error_messages["invalid_choice"] = _("Velg en enhet fra listen.")
        self._offer_categories(Category.objects.all())
        # The analyst types in what an advisor reported: asked about the advisor's
        # guidance, not their own.
        guided = self.fields["guided"]
        guided.label = _("Hvem veiledet rådgiveren?")
        guided.error_messages["required"] = _("Velg hvem rådgiveren veiledet.")
        guided.help_text = _("Slik rådgiveren meldte saken.")

    def _offer_categories(self, categories: QuerySet[Category]) -> None:
        self.fields["main_category"].queryset = categories  # type: ignore[attr-defined]
        self.fields["secondary_categories"].queryset = categories  # type: ignore[attr-defined]

    def category_definitions(self) -> list[tuple[str, str]]:
        """(name, definition) of each category the form offers, for the list at the field."""
        field: CategoryChoiceField = self.fields["main_category"]  # type: ignore[assignment]
        definitions = category_definitions()
        return [
            (field.label_from_instance(category), definitions[category.code])
            for category in field.queryset or ()
            if category.code in definitions
        ]

    # From this many families on, the picker gets a search field; a short list is
    # quicker to read than to search.
    FAMILY_SEARCH_FROM = 8

    def searchable_families(self) -> bool:
        return len(self.families) >= self.FAMILY_SEARCH_FROM

    def fields_not_shown(self) -> set[str]:
        hidden = super().fields_not_shown() | {"confirm_duplicate"}
        if not self.show_unit:
            hidden.add("unit")
        if not self.show_family:
            hidden.add("family")
        return hidden

    def clean_registered_on(self) -> datetime.date:
        """Checked here too, so a future date is flagged even when other fields are missing."""
        day: datetime.date = self.cleaned_data["registered_on"]
        if day > timezone.localdate():
            raise ValidationError(_("Registreringsdatoen kan ikke være fram i tid."))
        return day

    def clean_country(self) -> Country:
        text: str = self.cleaned_data["country"]
        country = country_from_text(text)
        if country is None:
            raise ValidationError(
                _("Fant ikke landet «%(text)s». Velg et land fra forslagene, eller «Ukjent»."),
                params={"text": text.strip()},
            )
        return country

    def clean_family(self) -> Family | str | None:
        value: str = self.cleaned_data["family"]
        if value in ("", NEW_FAMILY):
            return value or None
        for family in self.families:
            if str(family.pk) == value:
                return family
        raise ValidationError(_("Velg et sakskompleks fra listen."))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        needed = ("registered_on", "main_category", "country", "reported_by")
        if any(cleaned.get(name) is None for name in needed):
            return cleaned
        data = self._input(cleaned)
        try:
            unit = validate_case(
                user=self.user,
                unit=self.case.unit if self.case else cleaned.get("unit"),
                data=data,
                fixed_unit=self.case is not None,
                late=self.late,
            )
        except ValidationError as error:
            add_service_errors(self, error)
        else:
            self._warn_of_duplicate(unit, data)
        return cleaned

    # The earlier case a new one looks exactly like, when the form stops to ask.
    duplicate: Case | None = None

    def _warn_of_duplicate(self, unit: Unit, data: CaseInput) -> None:
        """Stop once before registering what looks like a case already registered.

        Only a new case whose every field is valid is checked, and only until the
        user confirms; the page then shows the earlier case and keeps the input.
        """
        if self.case is not None or self.errors or self.cleaned_data.get("confirm_duplicate"):
            return
        self.duplicate = case_duplicate(
            unit=unit,
            registered_on=data.registered_on,
            main_category=data.main_category,
            gender=data.gender,
            age_group=data.age_group,
            country=data.country,
            family=data.family,
            submission_token=self.cleaned_data.get("submission_token"),
        )
        if self.duplicate is not None:
            self.add_error(
                None,
                ValidationError(
                    _(
                        "Enheten har allerede en sak med samme dato, kategori, kjønn, alder "
                        "og landbakgrunn: sak %(ref)s."
                    ),
                    code="duplicate",
                    params={"ref": self.duplicate.short_ref},
                ),
            )

    @staticmethod
    def _input(cleaned: dict[str, Any]) -> CaseInput:
        family = cleaned.get("family")
        return CaseInput(
            registered_on=cleaned["registered_on"],
            main_category=cleaned["main_category"],
            secondary_categories=tuple(cleaned.get("secondary_categories") or ()),
            gender=cleaned.get("gender") or Gender.UNKNOWN,
            age_group=cleaned.get("age_group") or AgeGroup.UNKNOWN,
            country=cleaned["country"],
            reported_by=cleaned["reported_by"],
            guided=cleaned.get("guided") or GuidedPerson.EXPOSED,
            family=family if isinstance(family, Family) else None,
            new_family=family == NEW_FAMILY,
        )

    def record_input(self) -> CaseInput:
        """What the services take, from a valid form."""
        return self._input(self.cleaned_data)

    def differences_from(self, case: Case) -> list[tuple[str, str, str]]:
        """(label, saved now, what this form says) for each field that differs.

        Shown after an edit conflict, so the second person sees what the first
        one changed before deciding whether to save again.
        """
        data = self.record_input()
        saved: dict[str, object] = {
            "registered_on": case.registered_on,
            "main_category": case.main_category,
            "secondary_categories": list(case.secondary_categories.all()),
            "gender": case.get_gender_display(),
            "age_group": case.get_age_group_display(),
            "country": case.country,
            "reported_by": case.reported_by,
            "guided": case.get_guided_display(),
        }
        mine: dict[str, object] = {
            "registered_on": data.registered_on,
            "main_category": data.main_category,
            "secondary_categories": list(data.secondary_categories),
            "gender": dict(Gender.choices).get(data.gender, data.gender),
            "age_group": dict(AgeGroup.choices).get(data.age_group, data.age_group),
            "country": data.country,
            "reported_by": data.reported_by,
            "guided": dict(GuidedPerson.choices).get(data.guided, data.guided),
        }

        def shown(value: object) -> str:
            if isinstance(value, datetime.date):
                return value.strftime("%d.%m.%Y")
            if isinstance(value, list):
                return ", ".join(sorted(str(v) for v in value)) or str(_("Ingen"))
            return str(value)

        return [
            (str(self.fields[name].label), shown(saved[name]), shown(mine[name]))
            for name in saved
            if shown(saved[name]) != shown(mine[name])
        ]

    @staticmethod
    def initial_for_new() -> dict[str, Any]:
        return {
            "registered_on": timezone.localdate(),
            "submission_token": uuid.uuid4(),
        }

    @staticmethod
    def initial_for_sibling(case: Case) -> dict[str, Any]:
        """A new case in ``case``'s family: its family, unit and date filled in."""
        return {
            "family": str(case.family_id),
            "unit": case.unit_id,
            "registered_on": case.registered_on,
        }

    @staticmethod
    def initial_for(case: Case) -> dict[str, Any]:
        return {
            "registered_on": case.registered_on,
            "main_category": case.main_category_id,
            "secondary_categories": list(case.secondary_categories.all()),
            "gender": case.gender,
            "age_group": case.age_group,
            "country": case.country.name,
            "reported_by": case.reported_by_id,
            "guided": case.guided,
            "family": str(case.family_id) if case.family_id else "",
            "version": case.version,
        }


def default_year() -> int:
    """This year in Norway, the year a list opens on."""
    return timezone.localdate().year
