"""The schema and the documentation page: public, from the code, under the strict CSP."""

from __future__ import annotations

import json
import re

import pytest
from django.conf import settings
from django.test import Client

from tallrapport.api.docs import api_schema

pytestmark = pytest.mark.django_db


def test_the_schema_is_openapi_3_from_the_code_and_public() -> None:
    response = Client().get("/api/v1/schema/")
    assert response.status_code == 200
    served = json.loads(response.content)
    assert served["openapi"].startswith("3.")
    assert served == api_schema()
    paths = set(served["paths"])
    assert {
        "/api/v1/saker/",
        "/api/v1/utgaver/{slug}/tabeller/{scheme}/{table}/json-stat/",
    } <= paths
    # every refusal is documented as a problem document
    answers = served["paths"]["/api/v1/saker/"]["post"]["responses"]
    assert set(answers) >= {"201", "400", "401", "403", "404", "429"}
    assert "application/problem+json" in answers["400"]["content"]


def test_the_documentation_page_keeps_the_strict_csp() -> None:
    # when anyone opens the documentation
    response = Client().get("/api/v1/dokumentasjon/")
    # then it is our own page under the site's policy, with no script or inline style
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == settings.CONTENT_SECURITY_POLICY
    html = response.content.decode()
    assert "<script" not in html
    assert not re.search(r"<style|style=", html)
    # and it lists every operation of the schema
    for route in api_schema()["paths"]:
        assert route in html
