"""The username django-axes counts failed logins under."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.http import HttpRequest

from tallrapport.accounts.models import User

# No account's username is longer (AbstractUser's column), so cutting a typed name
# here never merges two real accounts' counts.
USERNAME_MAX = User._meta.get_field("username").max_length or 150


def lockout_username(
    request: HttpRequest, credentials: Mapping[str, Any] | None = None
) -> str | None:
    """The typed username, cut to the longest a real account can have.

    django-axes stores it in a 255-character column: on PostgreSQL a longer name
    typed into the login form would make the failed-login record fail and the
    page answer 500. Anything longer than an account's name is a wrong login and
    still counts towards the lockout.
    """
    field = settings.AXES_USERNAME_FORM_FIELD
    source: Any = credentials if credentials else getattr(request, "data", request.POST)
    value = source.get(field) if source is not None else None
    return None if value is None else str(value)[:USERNAME_MAX]
