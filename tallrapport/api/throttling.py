"""Rate limits: per token for the personal endpoints, per address for the public ones.

The rates are read from the settings on every request (``TALLRAPPORT_API_RATE``,
``TALLRAPPORT_API_PUBLIC_RATE``), so a deployment and the tests can change them
without rebuilding the classes; the counts live in Django's cache.
"""

from __future__ import annotations

from django.conf import settings
from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.views import APIView

from tallrapport.api.models import ApiToken
from tallrapport.login.client_ip import client_ip_behind_proxy


class TokenRateThrottle(SimpleRateThrottle):
    """Requests per token: one client's loop cannot starve the others."""

    scope = "token"

    def get_rate(self) -> str:
        return str(settings.TALLRAPPORT_API_RATE)

    def get_cache_key(self, request: Request, view: APIView) -> str | None:
        token = request.auth
        if not isinstance(token, ApiToken):
            return None
        return self.cache_format % {"scope": self.scope, "ident": token.pk}


class PublicRateThrottle(SimpleRateThrottle):
    """Requests per client address to the public tables, which need no token."""

    scope = "public"

    def get_rate(self) -> str:
        return str(settings.TALLRAPPORT_API_PUBLIC_RATE)

    def get_cache_key(self, request: Request, view: APIView) -> str | None:
        return self.cache_format % {"scope": self.scope, "ident": client_address(request)}


def client_address(request: Request) -> str:
    """The client's address as the lockout counts it: REMOTE_ADDR, or behind our own
    proxy (``BEHIND_PROXY``) the last X-Forwarded-For hop. DRF's own choice reads the
    whole header, which a client writes itself to dodge the limit."""
    if settings.BEHIND_PROXY:
        return client_ip_behind_proxy(request._request) or ""
    return str(request.META.get("REMOTE_ADDR", ""))
