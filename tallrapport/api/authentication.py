"""The personal token as DRF authentication: ``Authorization: Bearer trp_…``."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication
from rest_framework.request import Request

from tallrapport.accounts.models import User
from tallrapport.api.models import ApiToken
from tallrapport.api.services import api_token_use
from tallrapport.audit.services import audit_request_meta


class PersonalTokenAuthentication(BaseAuthentication):
    """A request is its token's owner's; each use is in the audit trail.

    No header means anonymous (the public endpoints, or 401 elsewhere); a header
    with a token that is unknown, expired or revoked is 401, never anonymous.
    """

    def authenticate(self, request: Request) -> tuple[User, ApiToken] | None:
        header = request.META.get("HTTP_AUTHORIZATION", "")
        if not header:
            return None
        scheme, _sep, secret = header.partition(" ")
        if scheme.lower() != "bearer" or not secret.strip():
            raise exceptions.AuthenticationFailed(_("Bruk «Authorization: Bearer trp_…»."))
        token = api_token_use(
            secret=secret.strip(),
            method=request.method or "",
            path=request.get_full_path(),
            **audit_request_meta(request._request),
        )
        if token is None:
            raise exceptions.AuthenticationFailed(
                _("API-nøkkelen er ukjent, utløpt eller trukket tilbake.")
            )
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return 'Bearer realm="tallrapport"'


class PersonalTokenScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    """The token in the OpenAPI schema: an HTTP bearer scheme."""

    target_class = "tallrapport.api.authentication.PersonalTokenAuthentication"
    name = "personligNokkel"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "En personlig API-nøkkel (trp_…), laget på siden «API-nøkler».",
        }
