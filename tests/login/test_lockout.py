"""django-axes: after repeated wrong passwords the login is refused for a while,
even with the right password, with a Norwegian message."""

from __future__ import annotations

from django.conf import settings
from django.test import Client
from django.urls import reverse

from tallrapport.accounts.models import User
from tests.factories import TEST_PASSWORD

LOCKED_MESSAGE = "For mange mislykkede innloggingsforsøk."


def _try(client: Client, username: str, password: str) -> tuple[int, str]:
    response = client.post(reverse("login"), {"username": username, "password": password})
    return response.status_code, response.content.decode()


def test_wrong_password_below_the_limit_shows_the_login_error(advisor: User) -> None:
    # given an advisor who mistypes the password once
    client = Client()
    # when the login form is sent
    status, html = _try(client, advisor.username, "feil-passord")
    # then the form answers in Norwegian and is not locked
    assert status == 200
    assert "Feil brukernavn eller passord." in html
    assert LOCKED_MESSAGE not in html


def test_after_the_limit_even_the_right_password_is_refused(advisor: User) -> None:
    # given AXES_FAILURE_LIMIT wrong passwords for one username from one address
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _try(client, advisor.username, "feil-passord")
    # when the right password is sent
    status, html = _try(client, advisor.username, TEST_PASSWORD)
    # then the login is refused with the Norwegian lockout message, and nobody is logged in
    assert status == 429
    assert LOCKED_MESSAGE in html
    assert "_auth_user_id" not in client.session


def test_lockout_is_per_username_and_address(advisor: User, other_advisor: User) -> None:
    # given one username locked from 127.0.0.1
    attacker = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _try(attacker, advisor.username, "feil-passord")
    # when a colleague logs in from the same address, and the advisor from another one
    colleague = Client()
    colleague_status, _ = _try(colleague, other_advisor.username, TEST_PASSWORD)
    elsewhere = Client(REMOTE_ADDR="10.0.0.7")
    elsewhere_status, _ = _try(elsewhere, advisor.username, TEST_PASSWORD)
    # then both get in: the lock holds for that username from that address only
    assert colleague_status == 302
    assert elsewhere_status == 302


def test_a_right_password_resets_the_count(advisor: User) -> None:
    # given one failure short of the limit, then a right password
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _try(client, advisor.username, "feil-passord")
    assert _try(client, advisor.username, TEST_PASSWORD)[0] == 302
    client.post(reverse("logout"))
    # when the advisor mistypes once more and then types it right
    _try(client, advisor.username, "feil-passord")
    status, _ = _try(client, advisor.username, TEST_PASSWORD)
    # then they get in: earlier failures no longer count
    assert status == 302
