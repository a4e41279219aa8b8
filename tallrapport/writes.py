"""The two guards every register-and-edit form of the product shares.

- A form submitted twice (double click, browser retry) makes one row: the form
  carries a ``submission_token``, a repeat gets the first submit's row back, and
  the token's unique constraint settles a race between two requests.
- An edit states the version it started from; the UPDATE matches only that
  version, so a save made meanwhile by someone else is not silently overwritten.

Cases and activities use both, so the rules (and their messages) are written once.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from tallrapport.accounts.models import User

M = TypeVar("M", bound=models.Model)


class ConflictError(Exception):
    """Someone saved the row after this user opened it; their edit would be lost."""

    def __init__(self, current: models.Model) -> None:
        super().__init__(f"{type(current).__name__} {current.pk} changed since it was read")
        self.current = current


def earlier_submit(model: type[M], *, token: uuid.UUID, user: User) -> M | None:
    """The row an earlier submit of the same form made, given back to its own author only.

    Another user who replays the token is refused without learning anything
    about the row.
    """
    existing = model._default_manager.filter(submission_token=token).first()
    if existing is not None and existing.serializable_value("registered_by") != user.pk:
        raise ValidationError(_("Dette skjemaet er allerede brukt. Last siden på nytt."))
    return existing


def create_once(model: type[M], *, token: uuid.UUID, user: User, create: Callable[[], M]) -> M:
    """Run ``create`` in its own transaction; if the other request of a double
    submit committed first (the token is taken), return that request's row."""
    try:
        with transaction.atomic():
            return create()
    except IntegrityError:
        if (existing := earlier_submit(model, token=token, user=user)) is None:
            raise
        return existing


def update_versioned(model: type[M], *, pk: Any, expected_version: int, **fields: Any) -> None:
    """UPDATE one row if it is still at ``expected_version``, and count the version up.

    Raises :class:`ConflictError` with the row as it is now if another save came first.
    """
    updated = model._default_manager.filter(pk=pk, version=expected_version).update(
        version=F("version") + 1, updated_at=timezone.now(), **fields
    )
    if updated != 1:
        current = model._default_manager.filter(pk=pk).first()
        if current is None:
            raise ValidationError(_("Dette er slettet i mellomtiden."))
        raise ConflictError(current)
