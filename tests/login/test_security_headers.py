"""Every page carries the strict headers: CSP, no framing, same-origin referrer and
opener; the password rules answer in Norwegian."""

from __future__ import annotations

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tallrapport.accounts.models import User
from tests.conftest import client_for

POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
    "form-action 'self'"
)


@pytest.mark.parametrize("name", ["login", "my_cases", "case_register", "login_invitation"])
def test_pages_carry_the_strict_headers(name: str, advisor: User) -> None:
    # given an advisor (anonymous for the login page)
    client = Client() if name == "login" else client_for(advisor)
    # when a page is opened
    response = client.get(reverse(name))
    # then it forbids inline code, framing and leaking the address elsewhere
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == POLICY
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_static_files_carry_the_policy_too(client: Client, db: None) -> None:
    # given Designsystemet's stylesheet served by WhiteNoise
    # when it is fetched
    response = client.get("/static/vendor/@digdir/designsystemet-css/dist/src/index.css")
    # then it is ours and carries the policy
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == POLICY


def test_session_cookie_is_http_only_and_ends_with_the_browser(advisor: User) -> None:
    # given an advisor logging in through the form
    client = Client()
    client.post(reverse("login"), {"username": advisor.username, "password": "testpassord-123"})
    # when the session cookie is read
    cookie = client.cookies["sessionid"]
    # then scripts cannot read it, and it has no expiry date (dies with the browser)
    assert cookie["httponly"]
    assert not cookie["expires"]
    assert client.session.get_expiry_age() == 30 * 60


def test_session_expiry_moves_with_each_request(advisor: User) -> None:
    # given a logged-in advisor
    client = client_for(advisor)
    client.get(reverse("my_cases"))
    key = client.session.session_key
    # when they make a request
    from django.contrib.sessions.models import Session

    before = Session.objects.get(session_key=key).expire_date
    client.get(reverse("my_cases"))
    after = Session.objects.get(session_key=key).expire_date
    # then the idle timeout starts again
    assert after > before


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("kort", "Passordet er for kort. Det må ha minst 12 tegn."),
        ("password1234", "Dette passordet er for vanlig."),
        ("123456789012345", "Dette passordet inneholder bare tall."),
    ],
)
def test_password_rules_answer_in_norwegian(password: str, message: str) -> None:
    # given Django's password validators and the Norwegian interface
    # when a weak password is checked
    with translation.override("nb"), pytest.raises(ValidationError) as error:
        validate_password(password)
    # then the messages are in Norwegian
    assert message in error.value.messages, error.value.messages
