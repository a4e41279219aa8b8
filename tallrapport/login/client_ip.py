"""The client's address for django-axes when Tallrapport runs behind a reverse proxy."""

from __future__ import annotations

from django.http import HttpRequest


def client_ip_behind_proxy(request: HttpRequest) -> str | None:
    """The last address in X-Forwarded-For: the one our own proxy appended.

    Earlier entries come from the client and can be forged to dodge the lockout.
    """
    forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR", ""))
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    if hops:
        return hops[-1]
    remote = request.META.get("REMOTE_ADDR")
    return str(remote) if remote else None
