"""Login through the directorate's Entra ID (OpenID Connect), when configured.

Entra ID proves who the person is; Tallrapport still decides what they may do.
So a login only succeeds for an account that already exists here, is active, and
is found by the token's e-mail or username claim. No account is ever created from
a token: an account's role and units are given by an administrator.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import SuspiciousOperation
from django.db.models import Q, QuerySet
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from tallrapport.accounts.models import User
from tallrapport.login.middleware import OIDC_SESSION_KEY

# Entra ID puts the login name (UPN) in preferred_username, older tokens in upn.
NAME_CLAIMS = ("email", "preferred_username", "upn")


def claimed_names(claims: dict[str, Any]) -> list[str]:
    names = [claims.get(claim) for claim in NAME_CLAIMS]
    return [name.strip() for name in names if isinstance(name, str) and name.strip()]


def users_matching_claims(claims: dict[str, Any]) -> QuerySet[User]:
    """Active users whose e-mail, or else username, equals a name in the token.

    E-mail first: it is what the directorate's accounts and ours have in common.
    The username is the fallback for accounts whose username is the login name.
    """
    names = claimed_names(claims)
    active = User.objects.filter(is_active=True)
    if not names:
        return active.none()
    by_email = Q()
    by_username = Q()
    for name in names:
        by_email |= Q(email__iexact=name)
        by_username |= Q(username__iexact=name)
    matched = active.filter(by_email)
    if matched.exists():
        return matched
    return active.filter(by_username)


class DirectorateOIDCBackend(OIDCAuthenticationBackend):  # type: ignore[misc]
    """mozilla-django-oidc's backend, matching existing users only."""

    def filter_users_by_claims(self, claims: dict[str, Any]) -> QuerySet[User]:
        return users_matching_claims(claims)

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        return bool(claimed_names(claims))

    def create_user(self, claims: dict[str, Any]) -> User:
        # OIDC_CREATE_USER is off; this guards against that setting being turned on.
        raise SuspiciousOperation("Tallrapport never creates users from a token")

    def update_user(self, user: User, claims: dict[str, Any]) -> User:
        """Nothing from the token overwrites the account: roles stay ours."""
        return user

    def get_or_create_user(
        self, access_token: str, id_token: str, payload: dict[str, Any]
    ) -> User | None:
        user: User | None = super().get_or_create_user(access_token, id_token, payload)
        if user is not None and self.request is not None:
            # Remembered for SecondFactorRequiredMiddleware, which may let an
            # Entra ID login stand in for our second factor (see settings).
            self.request.session[OIDC_SESSION_KEY] = True
        return user
