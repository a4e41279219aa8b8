"""The API tested as a client would: schemathesis against the published schema.

Every operation gets generated requests (valid and invalid) from the schema
served at /api/v1/schema/, with an advisor's token; every answer must be no
server error, and must match the schema: a documented status code, content
type, headers and body. Bounded so the whole run stays well under two minutes.
"""

from __future__ import annotations

import functools
from typing import Any

import pytest
import schemathesis
from django.core.cache import cache
from django.core.wsgi import get_wsgi_application
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
def test_every_answer_matches_the_schema(case: Any, advisor_token: str) -> None:
    # given a generated request, sent with the advisor's token
    headers = {"Authorization": f"Bearer {advisor_token}"}
    # when it is sent, then the answer is no server error and matches the schema
    case.call_and_validate(headers=headers, checks=CHECKS, app=application())
