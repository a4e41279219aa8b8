"""Three middlewares: the second factor is required, the Content-Security-Policy,
and no caching of what a logged-in person sees.

The first two read their settings on every request, so tests and deployments can switch
them without rebuilding the handler.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.urls import reverse
from django.utils.cache import patch_cache_control

from tallrapport.accounts.models import User
from tallrapport.login.selectors import user_has_totp_device

# Set by the Entra ID backend when the login came from there (see login/oidc.py).
OIDC_SESSION_KEY = "tallrapport_oidc_login"

ViewFunc = Callable[..., HttpResponseBase]


def second_factor_not_required(view: ViewFunc) -> ViewFunc:
    """Mark a page an unverified user must reach: set-up, the code page, logging out."""
    view.second_factor_required = False  # type: ignore[attr-defined]
    return view


class SecondFactorRequiredMiddleware:
    """Send a logged-in user without a verified second factor to set-up or the code page.

    It runs after ``LoginRequiredMiddleware``, so anonymous users have already gone
    to the login page; pages open to anonymous users (the login page, Entra ID's
    callback) stay open here too. The original address travels as ``next``.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: ViewFunc,
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        if not second_factor_pending(request):
            return None
        if not getattr(view_func, "login_required", True):
            return None
        if not getattr(view_func, "second_factor_required", True):
            return None
        user = request.user
        if not isinstance(user, User):
            return None
        target = "login_code" if user_has_totp_device(user) else "login_setup"
        return redirect_to_login(request.get_full_path(), reverse(target))


def second_factor_pending(request: HttpRequest) -> bool:
    """Whether this logged-in user still has to give a code before using the product."""
    if not settings.TALLRAPPORT_REQUIRE_OTP:
        return False
    user = request.user
    if not isinstance(user, User) or user.is_verified():  # type: ignore[attr-defined]
        return False
    return not (settings.OIDC_COUNTS_AS_SECOND_FACTOR and request.session.get(OIDC_SESSION_KEY))


def second_factor_context(request: HttpRequest) -> dict[str, bool]:
    """For the page header: no menu to pages the user cannot reach yet."""
    return {"second_factor_pending": second_factor_pending(request)}


class ContentSecurityPolicyMiddleware:
    """Add ``settings.CONTENT_SECURITY_POLICY`` to every response that has none.

    Django 5.2 has no CSP of its own; the policy is one fixed string, so a
    dependency for it would add more than it saves.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        policy = getattr(settings, "CONTENT_SECURITY_POLICY", "")
        if policy and "Content-Security-Policy" not in response.headers:
            response.headers["Content-Security-Policy"] = policy
        return response


class NoStoreWhenSignedInMiddleware:
    """Send ``Cache-Control: no-store`` on every response to a logged-in person.

    Such pages carry secrets (the TOTP secret and QR code, recovery codes) or case
    data (case pages, exports); a shared computer's browser cache or a proxy must
    not keep a copy after the session ends. Anonymous pages (the login page) and the
    static files WhiteNoise serves before this runs stay cacheable.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, no_store=True, private=True)
        return response
