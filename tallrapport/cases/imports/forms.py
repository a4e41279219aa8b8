"""The import's forms: the upload, the choice of columns, corrections of values,
and the confirmation (with the reason for rows in closed years)."""

from __future__ import annotations

import hashlib
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from tallrapport.accounts.models import Unit
from tallrapport.activities.models import ActivityType, TargetGroup, Topic
from tallrapport.cases.form_parts import late_reason_field
from tallrapport.cases.imports.columns import Field, fields_of, fold
from tallrapport.cases.imports.models import ImportKind
from tallrapport.cases.imports.reading import MAX_UPLOAD_BYTES, column_letter
from tallrapport.cases.imports.rows import UnknownValue
from tallrapport.cases.imports.services import Choices
from tallrapport.cases.models import (
    AgeGroup,
    Category,
    Country,
    Gender,
    GuidedPerson,
    ReferralSource,
)
from tallrapport.forms import ErrorLinksMixin, style_widgets

NOT_IN_SHEET = ""


class UploadForm(ErrorLinksMixin, forms.Form):
    use_required_attribute = False

    kind = forms.ChoiceField(
        label=_("Hva inneholder regnearket?"),
        choices=ImportKind.choices,
        initial=ImportKind.CASES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Velg saker eller aktiviteter.")},
    )
    unit = forms.ModelChoiceField(
        queryset=Unit.objects.none(),
        label=_("Enhet"),
        empty_label=_("Velg enhet"),
        error_messages={
            "required": _("Velg enheten regnearket gjelder."),
            "invalid_choice": _("Velg en enhet fra listen."),
        },
    )
    file = forms.FileField(
        label=_("Regneark"),
        help_text=_("XLSX, ODS eller CSV, høyst 10 MB. Første rad med overskrifter brukes."),
        error_messages={
            "required": _("Velg en fil."),
            "empty": _("Filen er tom."),
            "invalid": _("Velg en fil."),
        },
    )

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit_field: forms.ModelChoiceField[Unit] = self.fields["unit"]  # type: ignore[assignment]
        unit_field.queryset = units
        self.only_unit = units.first() if units.count() == 1 else None
        if self.only_unit is not None:
            unit_field.initial = self.only_unit.pk
        self.fields["file"].widget.attrs["accept"] = ".xlsx,.ods,.csv"
        style_widgets(self)

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(_("Filen er større enn 10 MB. Del den opp i flere filer."))
        return upload


def _fixed_choices(name: str) -> list[tuple[str, str]]:
    """The values a field may have for every row, when the sheet has no column for it."""
    options: dict[str, Any] = {
        "gender": Gender.choices,
        "age_group": AgeGroup.choices,
        "guided": GuidedPerson.choices,
        "reported_by": [(s.code, s.name) for s in ReferralSource.objects.all()],
        "activity_type": ActivityType.choices,
        "target_groups": TargetGroup.choices,
        "topics": Topic.choices,
    }
    return [(NOT_IN_SHEET, str(_("Ingen – bruk kolonnen"))), *options.get(name, [])]


class ColumnsForm(ErrorLinksMixin, forms.Form):
    """Which column holds each field (proposed from the header row), or one value for
    every row, and whether to keep the choice for the unit."""

    use_required_attribute = False

    save = forms.BooleanField(
        label=_("Husk kolonnevalget for enheten til neste gang"), required=False, initial=True
    )

    def __init__(
        self, *args: Any, kind: str, header_texts: list[str], choices: Choices, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.fields_spec = fields_of(kind)
        options = [(NOT_IN_SHEET, str(_("Ikke i arket")))] + [
            (str(i), f"{column_letter(i)}: {text}" if text else column_letter(i))
            for i, text in enumerate(header_texts)
        ]
        self.pairs: list[tuple[Field, str, str | None]] = []
        for spec in self.fields_spec:
            self.fields[f"kolonne_{spec.name}"] = forms.ChoiceField(
                label=_("%(field)s: kolonne") % {"field": spec.label},
                choices=options,
                required=False,
            )
            index = choices.columns.get(spec.name)
            self.initial.setdefault(f"kolonne_{spec.name}", "" if index is None else str(index))
            fixed_name = None
            if spec.fixable:
                fixed_name = f"verdi_{spec.name}"
                self.fields[fixed_name] = forms.ChoiceField(
                    label=_("%(field)s: samme verdi for alle rader") % {"field": spec.label},
                    choices=_fixed_choices(spec.name),
                    required=False,
                )
                value = choices.fixed.get(spec.name)
                self.initial.setdefault(
                    fixed_name, value[0] if isinstance(value, list) else value or ""
                )
            self.pairs.append((spec, f"kolonne_{spec.name}", fixed_name))
        style_widgets(self)

    def rows(self) -> list[tuple[Field, forms.BoundField, forms.BoundField | None]]:
        return [
            (spec, self[col], self[fixed] if fixed else None) for spec, col, fixed in self.pairs
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        used: dict[str, str] = {}
        for spec, column_name, fixed_name in self.pairs:
            column = cleaned.get(column_name) or NOT_IN_SHEET
            fixed = cleaned.get(fixed_name) if fixed_name else NOT_IN_SHEET
            if column and fixed:
                self.add_error(
                    fixed_name, _("Velg enten en kolonne eller én verdi for alle rader.")
                )
            if column and column in used:
                self.add_error(
                    column_name,
                    _("Kolonnen er alt valgt for «%(other)s».") % {"other": used[column]},
                )
            if column:
                used.setdefault(column, spec.label)
        return cleaned

    def chosen(self, sheet: str, header_row: int) -> Choices:
        columns: dict[str, int] = {}
        fixed: dict[str, Any] = {}
        for spec, column_name, fixed_name in self.pairs:
            if value := self.cleaned_data.get(column_name):
                columns[spec.name] = int(value)
            elif fixed_name and (value := self.cleaned_data.get(fixed_name)):
                fixed[spec.name] = [value] if spec.name in ("target_groups", "topics") else value
        return Choices(sheet=sheet, header_row=header_row, columns=columns, fixed=fixed)


def correction_key(unknown: UnknownValue) -> str:
    digest = hashlib.sha256(f"{unknown.field}\x1f{unknown.text.casefold()}".encode()).hexdigest()
    return f"rettelse_{digest[:12]}"


def _levels(name: str) -> list[tuple[str, str]]:
    if name in ("main_category", "secondary_categories"):
        return [(c.code, c.name) for c in Category.objects.all()]
    if name == "country":
        return [(c.code, c.name) for c in Country.objects.all()]
    if name == "reported_by":
        return [(s.code, s.name) for s in ReferralSource.objects.all()]
    table: dict[str, Any] = {
        "gender": Gender.choices,
        "age_group": AgeGroup.choices,
        "guided": GuidedPerson.choices,
        "activity_type": ActivityType.choices,
        "target_groups": TargetGroup.choices,
        "topics": Topic.choices,
    }
    return [(str(code), str(label)) for code, label in table.get(name, [])]


class CorrectionsForm(forms.Form):
    """For each value the importer could not read: what it means, for the whole file."""

    use_required_attribute = False

    def __init__(
        self, *args: Any, unknown: list[UnknownValue], labels: dict[str, str], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.unknown = {correction_key(u): u for u in unknown}
        for key, value in self.unknown.items():
            suggested = [(code, f"{name} ({_('forslag')})") for code, name in value.suggestions]
            self.fields[key] = forms.ChoiceField(
                label=_("«%(text)s» i %(column)s")
                % {"text": value.text, "column": labels.get(value.field, value.field)},
                choices=[
                    ("", str(_("Ikke les inn disse radene"))),
                    *suggested,
                    *_levels(value.field),
                ],
                required=False,
                initial=value.suggestions[0][0] if len(value.suggestions) == 1 else "",
            )
        style_widgets(self)

    def corrections(self) -> dict[str, dict[str, str]]:
        chosen: dict[str, dict[str, str]] = {}
        for key, value in self.unknown.items():
            if code := self.cleaned_data.get(key):
                chosen.setdefault(value.field, {})[fold(value.text)] = code
        return chosen


class ConfirmForm(forms.Form):
    use_required_attribute = False

    digest = forms.CharField(widget=forms.HiddenInput, max_length=64)
    reason = late_reason_field(
        _(
            "Radene i låste år etterregistreres med denne begrunnelsen, som lagres i "
            "revisjonsloggen. Ikke skriv opplysninger som kan identifisere personer."
        )
    )

    def __init__(self, *args: Any, late: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not late:
            del self.fields["reason"]
        style_widgets(self)
