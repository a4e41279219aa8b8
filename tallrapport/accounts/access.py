"""The checks every view starts with: who asks, whether their role may use the page,
and with which method.

Every app's views begin the same way, so the answers are the same everywhere:
an inactive or anonymous request is refused (the login middleware has already
sent anonymous users to the login page), and a wrong method is a 405 that is
only given after the access check, so an outsider still gets 404 for an id.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseNotAllowed

from tallrapport.accounts.models import User


def request_user(request: HttpRequest) -> User:
    """The logged-in, active user of the request."""
    if not isinstance(request.user, User) or not request.user.is_active:
        raise PermissionDenied
    return request.user


def user_for(request: HttpRequest, *, may: Callable[[User], bool] | None = None) -> User:
    """The logged-in, active user of the request, if their role may use the page.

    ``may`` is the page's role check (a selector such as ``user_may_close_years``);
    a user it refuses gets 403. The one getter every app's views start with; the
    pages of one record then fetch it through a scoping selector (404 outside).
    """
    user = request_user(request)
    if may is not None and not may(user):
        raise PermissionDenied
    return user


R = TypeVar("R")


def record_for(
    request: HttpRequest, get: Callable[[User], R], *, may: Callable[[User], bool] | None = None
) -> tuple[User, R]:
    """Who asks, and the record ``get`` finds for them: one call for a record's page.

    ``get`` is a scoping selector, so a record outside what the user may reach is
    404 and a role that may not change it is 403, before the method is looked at.
    """
    user = user_for(request, may=may)
    return user, get(user)


def only_methods(request: HttpRequest, *methods: str) -> HttpResponseNotAllowed | None:
    """405 for other methods; call it after the access check."""
    if request.method not in methods:
        return HttpResponseNotAllowed(methods)
    return None
