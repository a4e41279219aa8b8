"""Reads of the audit trail (administrators only; the view checks the role)."""

from __future__ import annotations

from django.db.models import QuerySet

from tallrapport.accounts.models import User
from tallrapport.audit.models import AuditEntry


def audit_entries() -> QuerySet[AuditEntry]:
    """Every entry, newest first: what the search page filters (see ``AuditFilterSet``).

    The actor filter matches the username copied into the entry, so entries of
    a renamed account are still found by the name it had.
    """
    return AuditEntry.objects.order_by("-at", "-id")


def audit_entries_of(*, target_type: str, target_id: object) -> QuerySet[AuditEntry]:
    """The history of one record, oldest first."""
    return AuditEntry.objects.filter(target_type=target_type, target_id=str(target_id)).order_by(
        "at", "id"
    )


def user_may_read_audit(user: User) -> bool:
    return user.is_administrator
