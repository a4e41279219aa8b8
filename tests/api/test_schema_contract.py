"""The API tested as a client would: schemathesis against the published schema.

Every operation gets generated requests (valid and invalid) from the schema
served at /api/v1/schema/, with an advisor's token; every answer must be no
server error, and must match the schema: a documented status code, content
type, headers and body. Bounded so the whole run stays well under two minutes.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tallrapport.accounts.models import User
from tallrapport.api.docs import api_schema
from tests.api.conftest import token_for
from tests.factories import CaseFactory

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


# The schema /api/v1/schema/ serves (tests/api/test_docs.py shows they are one), loaded
# at collection; the application is built in the test, after the suite's settings.
schema = schemathesis.openapi.from_dict(api_schema())


@pytest.fixture
def _connection_kept() -> Iterator[None]:
    """Keep the test's database connection across the WSGI requests, as Django's test
    client does: the request signals would close it (it is inside the test's transaction)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def advisor_token(advisor: User, settings: Any) -> str:
    """An advisor's token, one case of theirs, and limits high enough not to get in the way."""
    settings.TALLRAPPORT_API_RATE = "100000/min"
    settings.TALLRAPPORT_API_PUBLIC_RATE = "100000/min"
    cache.clear()
    CaseFactory(unit=advisor.memberships.get().unit)
    return token_for(advisor)


@functools.cache
def application() -> Any:
    """One WSGI application for the run: built once its settings are the suite's."""
    return get_wsgi_application()


@schema.parametrize()
@settings(
    max_examples=10,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_answer_matches_the_schema(
    case: Any, advisor_token: str, _connection_kept: None
) -> None:
    # given a generated request, sent with the advisor's token
    headers = {"Authorization": f"Bearer {advisor_token}"}
    # when it is sent, then the answer is no server error and matches the schema
    case.call_and_validate(headers=headers, checks=CHECKS, app=application())
