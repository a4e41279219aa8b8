"""Entra ID login: the backend matches existing active users by e-mail or
username claim and never creates one. The token endpoint and userinfo endpoint are
replaced by fakes; the ID token is really signed and really verified."""

from __future__ import annotations

import time
from typing import Any
from unittest import mock

import jwt
import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.test import Client, RequestFactory
from django.urls import reverse
from pytest_django.fixtures import Settings

from tallrapport.accounts.models import User
from tallrapport.login.middleware import OIDC_SESSION_KEY
from tallrapport.login.oidc import DirectorateOIDCBackend, users_matching_claims
from tests.factories import UserFactory

CLIENT_SECRET = "test-client-secret-not-real-0123456789"
NONCE = "nonce-123"


@pytest.fixture
def oidc_settings(settings: Settings) -> None:
    settings.OIDC_RP_CLIENT_ID = "tallrapport-test"
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = "https://login.invalid/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = "https://login.invalid/token"
    settings.OIDC_OP_USER_ENDPOINT = "https://login.invalid/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = "https://login.invalid/keys"
    settings.OIDC_RP_SIGN_ALGO = "HS256"
    settings.OIDC_CREATE_USER = False


class _Response:
    def __init__(self, payload: dict[str, Any]) -> None:
        self.payload = payload
        self.headers = {"content-type": "application/json"}
        self.text = ""
        self.status_code = 200

    def json(self) -> dict[str, Any]:
        return self.payload

    def raise_for_status(self) -> None:
        return None


def _login(claims: dict[str, Any], *, nonce: str = NONCE) -> tuple[User | None, SessionStore]:
    """Run the backend's code flow with fake endpoints answering ``claims``."""
    id_token = jwt.encode(
        {"sub": "abc", "nonce": nonce, "exp": int(time.time()) + 300, **claims},
        CLIENT_SECRET,
        algorithm="HS256",
    )
    request = RequestFactory().get("/oidc/callback/", {"code": "kode", "state": "tilstand"})
    request.session = SessionStore()
    token = _Response({"id_token": id_token, "access_token": "tilgang"})
    with (
        mock.patch("mozilla_django_oidc.auth.requests.post", return_value=token) as post,
        mock.patch("mozilla_django_oidc.auth.requests.get", return_value=_Response(claims)),
    ):
        user = DirectorateOIDCBackend().authenticate(request, nonce=NONCE)
    assert post.call_args.kwargs["data"]["code"] == "kode"
    return user, request.session


@pytest.mark.usefixtures("oidc_settings")
def test_entra_login_finds_the_existing_user_by_email(advisor: User) -> None:
    # given an advisor whose e-mail the directorate's token carries, in other letter case
    advisor.email = "ola.radgiver@imdi.example"
    advisor.save()
    # when Entra ID answers the code with that e-mail
    user, session = _login({"email": "Ola.Radgiver@IMDI.example"})
    # then the advisor is logged in as themself, and the session remembers it came via Entra ID
    assert user == advisor
    assert session[OIDC_SESSION_KEY] is True


@pytest.mark.usefixtures("oidc_settings")
def test_entra_login_falls_back_to_the_username_claim(analyst: User) -> None:
    # given a token without e-mail whose preferred_username is the analyst's username
    # when the backend runs
    user, _ = _login({"preferred_username": analyst.username.upper()})
    # then the analyst is found
    assert user == analyst


@pytest.mark.usefixtures("oidc_settings")
def test_entra_login_never_creates_a_user(db: None) -> None:
    # given nobody with the token's e-mail
    before = User.objects.count()
    # when Entra ID vouches for a stranger
    user, _ = _login({"email": "ukjent@imdi.example", "preferred_username": "ukjent"})
    # then nobody is logged in and no account appears
    assert user is None
    assert User.objects.count() == before


@pytest.mark.usefixtures("oidc_settings")
def test_entra_login_refuses_an_inactive_user(advisor: User) -> None:
    # given a deactivated account with the token's e-mail
    advisor.email = "sluttet@imdi.example"
    advisor.is_active = False
    advisor.save()
    # when Entra ID vouches for it
    user, _ = _login({"email": "sluttet@imdi.example"})
    # then nobody is logged in
    assert user is None


@pytest.mark.usefixtures("oidc_settings")
def test_entra_login_refuses_a_token_with_the_wrong_nonce(advisor: User) -> None:
    # given a token made for another login attempt
    advisor.email = "ola@imdi.example"
    advisor.save()
    # when it is presented
    # then the backend refuses it before looking for users
    with pytest.raises(Exception, match="Nonce"):
        _login({"email": "ola@imdi.example"}, nonce="annen")


def test_two_accounts_with_one_email_match_both_so_the_backend_refuses(db: None) -> None:
    # given two active accounts sharing an e-mail
    UserFactory(username="a1", email="felles@imdi.example")
    UserFactory(username="a2", email="felles@imdi.example")
    # when the claims are matched
    matched = users_matching_claims({"email": "felles@imdi.example"})
    # then both are found, which mozilla-django-oidc refuses rather than guess
    assert matched.count() == 2


def test_claims_without_any_name_match_nobody(advisor: User) -> None:
    # given claims with no e-mail or username
    # when they are matched
    # then nobody is found
    assert not users_matching_claims({"sub": "abc", "email": "  "}).exists()


def test_entra_pages_are_absent_when_not_configured(client: Client, db: None) -> None:
    # given no OIDC settings (the default)
    # when someone opens Entra ID's start or callback address
    start = client.get(reverse("oidc_authentication_init"))
    callback = client.get(reverse("oidc_authentication_callback"), {"code": "x", "state": "y"})
    # then they are not found, and the login page offers no Entra ID link
    assert start.status_code == 404
    assert callback.status_code == 404
    assert "Entra ID" not in client.get(reverse("login")).content.decode()
