"""Shared personas: every access rule is tested against the same four people.

- ``advisor``: diversity advisor at one school (Testskolen A),
- ``other_advisor``: diversity advisor at another school (Testskolen B),
- ``analyst``: reads every case of every unit,
- ``admin``: administers users, units and classifications.
"""

from __future__ import annotations

import pytest
from django.test import Client
from pytest_django.fixtures import Settings

from tallrapport.accounts.models import Role, Unit, User
from tests.factories import UnitFactory, UserFactory, advisor_at


@pytest.fixture(autouse=True, scope="session")
def _plain_http() -> None:
    """The test client and the live server speak plain HTTP on loopback.

    Session-wide and before any server starts, because SecurityMiddleware reads
    its settings once, when the live server builds its handler.
    """
    from django.conf import settings

    settings.SECURE_SSL_REDIRECT = False
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.SECURE_HSTS_SECONDS = 0


@pytest.fixture(autouse=True)
def _second_factor_off(settings: Settings) -> None:
    """The suite logs in with ``force_login``; tests of the second factor turn it on."""
    settings.TALLRAPPORT_REQUIRE_OTP = False


@pytest.fixture
def migration_data(transactional_db: None) -> None:
    """Schemes and classifications for a transactional test.

    They come from data migrations, and a transactional test before this one
    flushed them; the loaders are idempotent, so load them again.
    """
    from django.apps import apps

    from tallrapport.accounts.schemes import load_schemes
    from tallrapport.cases.classifications import load_classifications

    load_schemes(apps)
    load_classifications(apps)


@pytest.fixture
def school(db: None) -> Unit:
    return UnitFactory(name="Testskolen A videregående skole")


@pytest.fixture
def other_school(db: None) -> Unit:
    return UnitFactory(
        name="Testskolen B ungdomsskole", municipality="Stavanger", county="Rogaland"
    )


@pytest.fixture
def advisor(school: Unit) -> User:
    return advisor_at(school, username="radgiver_a")


@pytest.fixture
def other_advisor(other_school: Unit) -> User:
    return advisor_at(other_school, username="radgiver_b")


@pytest.fixture
def analyst(db: None) -> User:
    return UserFactory(username="analytiker_t", role=Role.ANALYST)


@pytest.fixture
def admin(db: None) -> User:
    return UserFactory(
        username="admin_t", role=Role.ADMINISTRATOR, is_staff=True, is_superuser=True
    )


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client
