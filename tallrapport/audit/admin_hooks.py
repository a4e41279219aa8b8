"""Audit for writes made in Django's admin, through ModelAdmin's own hooks.

An admin class lists this mixin first and names its target type; every save,
delete (one or many) and inline change then appends to the trail in the admin's
own transaction. Old values come from the form's initial data, new ones from its
cleaned data, so only fields the administrator actually changed are logged, and
secrets (password fields) are logged as changed without their values.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest

from tallrapport.accounts.models import User
from tallrapport.audit.models import Action
from tallrapport.audit.services import (
    HIDDEN,
    audit_diff,
    audit_record,
    audit_request_meta,
    audit_value,
)

SECRET_FIELDS = frozenset({"password", "password1", "password2", "usable_password"})


def _actor(request: HttpRequest) -> User | None:
    return request.user if isinstance(request.user, User) else None


def _initial_value(form: forms.BaseForm, name: str) -> Any:
    field = form.fields.get(name)
    # The bound field's initial is what the form compared against (microseconds
    # dropped as the widget drops them), so unchanged dates do not look changed.
    value = form[name].initial if field is not None else form.initial.get(name)
    # A choice of one object starts as its key; look it up so both sides read alike.
    if (
        isinstance(field, forms.ModelChoiceField)
        and not isinstance(field, forms.ModelMultipleChoiceField)
        and value is not None
        and not isinstance(value, models.Model)
        and field.queryset is not None
    ):
        return field.queryset.filter(pk=value).first() or value
    return value


def form_changes(form: forms.BaseForm) -> dict[str, list[Any]]:
    """``{field: [old, new]}`` for the fields the form changed; secrets hidden."""
    changes: dict[str, list[Any]] = {}
    for name in form.changed_data:
        if name in SECRET_FIELDS:
            changes[name] = [HIDDEN, HIDDEN]
            continue
        old, new = audit_value(_initial_value(form, name)), audit_value(form.cleaned_data.get(name))
        if old != new:
            changes[name] = [old, new]
    return changes


def instance_values(obj: models.Model) -> dict[str, Any]:
    """The concrete field values of a row (foreign keys as their key), secrets left out."""
    return {
        field.attname: getattr(obj, field.attname)
        for field in obj._meta.concrete_fields
        if field.name not in SECRET_FIELDS and field.attname not in SECRET_FIELDS
    }


class AuditedAdminMixin:
    """Put first in a ModelAdmin's bases; set ``audit_target_type``.

    ``audit_inline_targets`` maps an inline's model to its target type, so a
    membership changed on a user's page is logged as a membership.
    """

    audit_target_type: str = ""
    audit_inline_targets: dict[type[models.Model], str] = {}

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)  # type: ignore[misc]
        changes = form_changes(form) if change else audit_diff({}, instance_values(obj))
        if change and not changes:
            return
        audit_record(
            actor=_actor(request),
            action=Action.UPDATE if change else Action.CREATE,
            target_type=self.audit_target_type,
            target_id=obj.pk,
            changes=changes,
            **audit_request_meta(request),
        )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        target_id, before = obj.pk, instance_values(obj)
        super().delete_model(request, obj)  # type: ignore[misc]
        audit_record(
            actor=_actor(request),
            action=Action.DELETE,
            target_type=self.audit_target_type,
            target_id=target_id,
            changes=audit_diff(before, {}),
            **audit_request_meta(request),
        )

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        rows = [(obj.pk, instance_values(obj)) for obj in queryset]
        super().delete_queryset(request, queryset)  # type: ignore[misc]
        for target_id, before in rows:
            audit_record(
                actor=_actor(request),
                action=Action.DELETE,
                target_type=self.audit_target_type,
                target_id=target_id,
                changes=audit_diff(before, {}),
                **audit_request_meta(request),
            )

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        target_type = self.audit_inline_targets.get(formset.model)
        pending: list[tuple[str, forms.ModelForm[Any], Any, dict[str, list[Any]]]] = []
        if target_type is not None:
            deleted = {id(f) for f in getattr(formset, "deleted_forms", [])}
            for inline_form in formset.forms:
                instance = inline_form.instance
                if id(inline_form) in deleted and instance.pk is not None:
                    before = audit_diff(instance_values(instance), {})
                    pending.append((Action.DELETE, inline_form, instance.pk, before))
                elif inline_form.has_changed() and id(inline_form) not in deleted:
                    existing = instance.pk is not None and not instance._state.adding
                    action: str = Action.UPDATE if existing else Action.CREATE
                    pending.append((action, inline_form, instance.pk, form_changes(inline_form)))
        super().save_formset(request, form, formset, change)  # type: ignore[misc]
        for action, inline_form, pk, changes in pending:
            audit_record(
                actor=_actor(request),
                action=action,
                target_type=target_type or "",
                target_id=pk if pk is not None else inline_form.instance.pk,
                changes=changes,
                **audit_request_meta(request),
            )
