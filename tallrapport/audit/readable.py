"""The audit trail as a person reads it: Norwegian field names and values.

The trail stores what the program knew (``{"closed": [false, true]}``,
``"main_category": "trusler-vold"``, dates in ISO); the search page shows
«Låst: Nei → Ja», «Hovedkategori: Trusler/vold», «15.03.2025». Field names are
the models' own verbose names and values go through the fields' choices and
related rows, so a new field reads right without a list to keep up to date.

The models are found through Django's app registry by label, not imported:
``audit`` sits below the apps it records and imports none of them.
"""

from __future__ import annotations

import datetime
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tallrapport.audit.models import AuditEntry
from tallrapport.audit.services import HIDDEN
from tallrapport.formatting import thousands

# The model whose fields an entry's changes name, per target type.
TARGET_MODELS: dict[str, str] = {
    "sak": "cases.Case",
    "aar": "cases.ClosedYear",
    "aktivitet": "activities.Activity",
    "tiltak": "plans.Measure",
    "tiltaksstatus": "plans.MeasureStatus",
    "rapporteringsaar": "plans.ReportingYear",
    "bruker": "accounts.User",
    "rolle": "accounts.User",
    "medlemskap": "accounts.Membership",
    "enhet": "accounts.Unit",
    "ordning": "accounts.Scheme",
    "utgave": "reports.Edition",
    "invitasjon": "login.EnrolmentInvitation",
}

# Names the trail uses that are no field of the model.
EXTRA_LABELS: dict[str, Any] = {
    "closed": gettext_lazy("Låst"),
    "reduced_cases": gettext_lazy("Reduserte saker"),
    "password": gettext_lazy("Passord"),
    "password1": gettext_lazy("Passord"),
    "password2": gettext_lazy("Passord (gjentatt)"),
    "usable_password": gettext_lazy("Innlogging med passord"),
}

EMPTY = "–"


@dataclass(frozen=True)
class Change:
    field: str
    old: str
    new: str


def model_for(target_type: str) -> type[models.Model] | None:
    label = TARGET_MODELS.get(target_type)
    if label is None:
        return None
    try:
        return apps.get_model(label)
    except LookupError:  # an app this installation leaves out
        return None


def field_of(model: type[models.Model] | None, name: str) -> Any:
    """The model field (or reverse relation) the trail calls ``name``, or None."""
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:  # the trail may name a column (``unit_id``)
        for field in model._meta.concrete_fields:
            if field.attname == name:
                return field
    return None


def field_label(field: Any, name: str) -> str:
    """«Hovedkategori» for ``main_category``; the key itself, made readable, otherwise."""
    if name in EXTRA_LABELS:
        return capfirst(str(EXTRA_LABELS[name]))
    verbose = getattr(field, "verbose_name", None)
    if verbose is None and getattr(field, "one_to_many", False):
        verbose = field.related_model._meta.verbose_name_plural
    if verbose is None:
        return capfirst(name.replace("_", " "))
    return capfirst(str(verbose))


def _code_choices(field: Any) -> dict[str, str]:
    """For a list of codes kept in rows of a related table (an activity's target
    groups), the code field's choices."""
    related = getattr(field, "related_model", None)
    if not getattr(field, "one_to_many", False) or related is None:
        return {}
    code = field_of(related, "code")
    return {str(k): str(v) for k, v in getattr(code, "flatchoices", [])}


def _related_model(field: Any) -> type[models.Model] | None:
    if getattr(field, "many_to_one", False) or getattr(field, "many_to_many", False):
        related: type[models.Model] | None = field.related_model
        return related
    return None


class RelatedNames:
    """Names of related rows the trail refers to by code or key, fetched in one
    query per model for a whole page of entries."""

    def __init__(self) -> None:
        self.wanted: dict[type[models.Model], set[str]] = defaultdict(set)
        self.names: dict[tuple[type[models.Model], str], str] = {}

    def want(self, model: type[models.Model], values: Iterable[Any]) -> None:
        self.wanted[model].update(str(v) for v in values if v not in (None, "", HIDDEN))

    def fetch(self) -> None:
        for model, values in self.wanted.items():
            has_code = any(f.name == "code" for f in model._meta.concrete_fields)
            keys = valid_keys(model, values)
            if not keys and not has_code:
                continue
            wanted = models.Q(pk__in=keys)
            if has_code:
                wanted |= models.Q(code__in=values)
            for row in model._default_manager.filter(wanted):
                self.names[(model, str(row.pk))] = str(row)
                if has_code:
                    self.names[(model, str(row.code))] = str(row)  # type: ignore[attr-defined]

    def name(self, model: type[models.Model], value: Any) -> str:
        return self.names.get((model, str(value)), str(value))


def valid_keys(model: type[models.Model], values: Iterable[str]) -> list[Any]:
    """The values that can be the model's primary key (a UUID or a number)."""
    pk = model._meta.pk
    keys: list[Any] = []
    for value in values:
        if isinstance(pk, models.UUIDField):
            try:
                keys.append(uuid.UUID(value))
            except ValueError:
                continue
        elif isinstance(pk, models.AutoField | models.BigAutoField) and value.isdigit():
            keys.append(int(value))
    return keys


def _date_text(field: Any, value: str) -> str | None:
    try:
        if isinstance(field, models.DateTimeField):
            moment = datetime.datetime.fromisoformat(value)
            if timezone.is_aware(moment):
                moment = timezone.localtime(moment)
            return moment.strftime("%d.%m.%Y %H:%M")
        if isinstance(field, models.DateField):
            return datetime.date.fromisoformat(value[:10]).strftime("%d.%m.%Y")
    except ValueError:
        return None
    return None


def value_text(field: Any, value: Any, names: RelatedNames) -> str:
    """A stored value as a person reads it."""
    if value in (None, "", []):
        return EMPTY
    if value == HIDDEN:
        return _("skjult")
    if isinstance(value, list):
        return ", ".join(value_text(field, v, names) for v in value)
    if isinstance(value, bool):
        return _("Ja") if value else _("Nei")
    return _field_value_text(field, value, names)


def _field_value_text(field: Any, value: Any, names: RelatedNames) -> str:
    """A value read through its field: choices, a related row, a date, a number."""
    choices = dict(getattr(field, "flatchoices", None) or []) or _code_choices(field)
    if choices:
        return str(choices.get(value, value))
    related = _related_model(field)
    if related is not None:
        return names.name(related, value)
    if isinstance(value, str) and (dated := _date_text(field, value)) is not None:
        return dated
    if isinstance(field, models.DecimalField) and isinstance(value, str):
        return value.rstrip("0").rstrip(".").replace(".", ",") or "0"
    if isinstance(value, int):
        return thousands(value)
    return str(value)


def _pairs(entry: AuditEntry) -> list[tuple[str, list[Any]]]:
    if not isinstance(entry.changes, dict):
        return []
    return [
        (name, pair)
        for name, pair in entry.changes.items()
        if isinstance(pair, list) and len(pair) == 2
    ]


def readable_changes(entries: Iterable[AuditEntry]) -> dict[int, list[Change]]:
    """Entry id → its changes in Norwegian, for a page of entries."""
    entries = list(entries)
    names = RelatedNames()
    for entry in entries:
        model = model_for(entry.target_type)
        for name, pair in _pairs(entry):
            related = _related_model(field_of(model, name))
            if related is not None:
                names.want(related, _flat(pair))
    names.fetch()
    result: dict[int, list[Change]] = {}
    for entry in entries:
        model = model_for(entry.target_type)
        lines = []
        for name, (old, new) in _pairs(entry):
            field = field_of(model, name)
            label = field_label(field, name)
            lines.append(
                Change(label, value_text(field, old, names), value_text(field, new, names))
            )
        result[entry.pk] = lines
    return result


def _flat(pair: list[Any]) -> list[Any]:
    values: list[Any] = []
    for side in pair:
        values.extend(side if isinstance(side, list) else [side])
    return values
