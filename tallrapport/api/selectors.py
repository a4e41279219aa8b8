"""Reads of API tokens and of what the public part of the API publishes."""

from __future__ import annotations

import uuid

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from tallrapport.accounts.models import User
from tallrapport.api.models import ApiToken


def tokens_of(user: User) -> QuerySet[ApiToken]:
    """The user's own tokens, newest first; nobody sees another person's."""
    return ApiToken.objects.filter(user=user)


def token_get_own(*, user: User, token_id: uuid.UUID) -> ApiToken:
    """One of the user's own tokens, or 404 (another person's token is not revealed)."""
    return get_object_or_404(tokens_of(user), pk=token_id)
