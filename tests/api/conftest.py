"""Clients of the API as another system would be: a personal token in a header."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.test import Client

from tallrapport.accounts.models import User
from tallrapport.api.services import TokenInput, api_token_create


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> Iterator[None]:
    """Rate limits count in the cache; each test starts with none used."""
    cache.clear()
    yield
    cache.clear()


def token_for(user: User, *, days: int = 30) -> str:
    """A new personal token's secret for ``user``, made by the service as the page makes it."""
    _token, secret = api_token_create(user=user, data=TokenInput(name="Fagsystem", days=days))
    return secret


def api_client(user: User) -> Client:
    """A client that sends ``user``'s new token with every request."""
    return Client(HTTP_AUTHORIZATION=f"Bearer {token_for(user)}")
