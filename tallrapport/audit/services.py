"""Writing to the audit trail: the one public entry point for every app.

Call :func:`audit_record` inside the same transaction as the write it records,
so that a rolled-back write leaves no entry and a committed one always has its
entry::

    from tallrapport.audit.services import audit_diff, audit_record

    with transaction.atomic():
        before = {"status": row.status}
        ...  # the write
        audit_record(
            actor=user,
            action=Action.UPDATE,          # or a plain string from Action's values
            target_type="tiltaksstatus",  # see TARGET_TYPES for the names in use
            target_id=row.pk,
            changes=audit_diff(before, {"status": row.status}),
            reason="",                    # required by year close, late registration
        )

``changes`` maps a field to ``[old, new]``; values are made JSON-safe by
:func:`audit_value` (dates as ISO text, model objects by their name). Never put
free text about a person in it: case data is special-category data.
"""

from __future__ import annotations

import datetime
import decimal
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import models
from django.http import HttpRequest

from tallrapport.accounts.models import User
from tallrapport.audit.models import Action, AuditEntry

# The target types in use, so that the search page can offer them as choices.
TARGET_TYPES: dict[str, str] = {
    "sak": "Sak",
    "saksliste": "Saksliste (nedlasting)",
    "aktivitetsliste": "Aktivitetsliste (nedlasting)",
    "aar": "Saksår",
    "tiltaksstatus": "Tiltaksstatus",
    "tiltak": "Tiltak",
    "rapporteringsaar": "Rapporteringsår (handlingsplan)",
    "bruker": "Bruker",
    "rolle": "Rolle",
    "medlemskap": "Medlemskap",
    "enhet": "Enhet",
    "ordning": "Ordning",
    "rapport": "Rapport",
    "utgave": "Utgave",
    "aktivitet": "Aktivitet",
    "invitasjon": "Invitasjon til tofaktor",
    "api-nokkel": "API-nøkkel",
    "innlesing": "Innlesing av regneark",
}

# Shown instead of the value of a secret field (a password hash).
HIDDEN = "[skjult]"


def audit_value(value: Any) -> Any:
    """A JSON-safe, readable form of a field value."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime.datetime) and value.tzinfo is not None:
        # One instant, one text: the admin's form gives local time, the row UTC.
        return value.astimezone(datetime.UTC).isoformat()
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID | decimal.Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, Mapping):
        return {str(k): audit_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        # Order matters here: an [old, new] pair, or a list the caller ordered.
        return [audit_value(v) for v in value]
    if isinstance(value, Iterable):
        # A set or a queryset (chosen groups, categories): order by text to compare.
        return sorted((audit_value(v) for v in value), key=str)
    return str(value)


def audit_diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """``{field: [old, new]}`` for every field whose readable value differs.

    A field missing on one side counts as ``None`` there, so a creation is
    ``audit_diff({}, values)`` and a deletion ``audit_diff(values, {})``.
    """
    changes: dict[str, list[Any]] = {}
    for field in [*before, *(k for k in after if k not in before)]:
        old, new = audit_value(before.get(field)), audit_value(after.get(field))
        if old != new:
            changes[field] = [old, new]
    return changes


def audit_request_meta(request: HttpRequest) -> dict[str, Any]:
    """The keyword arguments of :func:`audit_record` that come from a request."""
    return {
        "ip_address": request.META.get("REMOTE_ADDR") or None,
        "request_id": str(request.META.get("HTTP_X_REQUEST_ID", ""))[:64],
    }


def audit_record(
    *,
    actor: User | None,
    action: str,
    target_type: str,
    target_id: object,
    changes: Mapping[str, Any] | None = None,
    reason: str = "",
    ip_address: str | None = None,
    request_id: str = "",
) -> AuditEntry:
    """Append one entry to the audit trail and return it.

    ``actor`` is ``None`` for the system itself (a loader, the retention
    command). ``action`` is one of :class:`~tallrapport.audit.models.Action`'s
    values; anything else is a programming error and raises ``ValueError``.
    ``target_id`` is stored as text (UUIDs, integers and composite keys such as
    ``"mangfoldsradgiver:2024"`` alike).
    """
    if action not in Action.values:
        raise ValueError(f"Unknown audit action {action!r}")
    return AuditEntry.objects.create(
        actor=actor,
        actor_username=actor.get_username() if actor is not None else "",
        action=action,
        target_type=target_type,
        target_id="" if target_id is None else str(target_id),
        changes=audit_value(dict(changes or {})),
        reason=reason,
        ip_address=ip_address,
        request_id=request_id,
    )


def audit_record_many(
    *,
    actor: User | None,
    action: str,
    target_type: str,
    changes_by_target: Iterable[tuple[object, Mapping[str, Any]]],
    reason: str = "",
) -> int:
    """Append one entry per ``(target_id, changes)``, as :func:`audit_record` would
    one by one, in bulk INSERTs; return how many.

    For the import of a spreadsheet, whose thousands of records each get the
    entry a form's registration gets.
    """
    if action not in Action.values:
        raise ValueError(f"Unknown audit action {action!r}")
    username = actor.get_username() if actor is not None else ""
    entries = [
        AuditEntry(
            actor=actor,
            actor_username=username,
            action=action,
            target_type=target_type,
            target_id="" if target_id is None else str(target_id),
            changes=audit_value(dict(changes)),
            reason=reason,
        )
        for target_id, changes in changes_by_target
    ]
    AuditEntry.objects.bulk_create(entries, batch_size=500)
    return len(entries)
