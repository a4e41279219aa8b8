"""A username longer than any account's answers as a wrong login, never a 500
(defect 2: django-axes keeps usernames in a 255-character column, and
PostgreSQL refuses a longer value where SQLite stores it)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tallrapport.accounts.models import User

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("length", [151, 255, 256, 1000, 10_000])
@pytest.mark.parametrize("page", ["login", "admin:login"])
def test_an_overlong_username_is_a_wrong_login(page: str, length: int, admin: User) -> None:
    # given nobody logged in, and a username of `length` characters
    client = Client()
    # when the login form (the app's or the admin's) is sent
    response = client.post(reverse(page), {"username": "a" * length, "password": "x"})
    # then the form answers with its Norwegian message, and nobody is logged in
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_repeated_overlong_usernames_still_lock_out(admin: User) -> None:
    # given an attacker trying many passwords with one overlong username
    client = Client()
    for _ in range(6):
        response = client.post(reverse("login"), {"username": "b" * 300, "password": "x"})
    # then the lockout still applies, as for any other username
    assert response.status_code == 429
