"""Reads of the audit trail (administrators only; the view checks the role)."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet

from tallrapport.accounts.models import User
from tallrapport.audit.models import AuditEntry


def audit_entries(
    *,
    actor: str = "",
    target_type: str = "",
    target_id: str = "",
    action: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet[AuditEntry]:
    """Entries matching every given filter, newest first.

    ``actor`` matches the username copied into the entry, so entries of a
    renamed account are still found by the name it had.
    """
    entries = AuditEntry.objects.all()
    if actor:
        entries = entries.filter(actor_username__iexact=actor)
    if target_type:
        entries = entries.filter(target_type=target_type)
    if target_id:
        entries = entries.filter(target_id__startswith=target_id)
    if action:
        entries = entries.filter(action=action)
    if date_from is not None:
        entries = entries.filter(at__date__gte=date_from)
    if date_to is not None:
        entries = entries.filter(at__date__lte=date_to)
    return entries.order_by("-at", "-id")


def audit_entries_of(*, target_type: str, target_id: object) -> QuerySet[AuditEntry]:
    """The history of one record, oldest first."""
    return AuditEntry.objects.filter(target_type=target_type, target_id=str(target_id)).order_by(
        "at", "id"
    )


def user_may_read_audit(user: User) -> bool:
    return user.is_administrator
