"""Shared personas: every access rule is tested against the same four people.

- ``advisor``: diversity advisor at one school (Testskolen A),
- ``other_advisor``: diversity advisor at another school (Testskolen B),
- ``analyst``: reads every case of every unit,
- ``admin``: administers users, units and classifications.
"""

from __future__ import annotations

from collections.abc import Iterator

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
    from tallrapport.reports.history import load_historical_editions

    load_schemes(apps)
    load_classifications(apps)
    load_historical_editions(apps)


@pytest.fixture(autouse=True)
def _audit_trail_flushable(request: pytest.FixtureRequest) -> Iterator[None]:
    """Let a transactional test's flush empty the guarded tables on SQLite.

    SQLite's flush is a DELETE, which the audit table's trigger refuses, as the
    closed-year triggers refuse deleting a closed year's cases (PostgreSQL's
    TRUNCATE fires no row trigger). Before the flush, open every closed year,
    drop the audit triggers, empty the table and put the triggers back, exactly
    as migrated.
    """
    marker = request.node.get_closest_marker("django_db")
    transactional = bool(marker and marker.kwargs.get("transaction")) or any(
        name in request.fixturenames for name in ("transactional_db", "live_server")
    )
    if not transactional:
        yield None
        return
    # Set up after (so torn down before) pytest-django's database fixture, whose
    # teardown is the flush.
    request.getfixturevalue("_django_db_helper")
    yield None
    from importlib import import_module

    from django.db import connection

    if connection.vendor != "sqlite":
        return
    guard = import_module("tallrapport.audit.migrations.0002_append_only")
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM cases_closedyear")
    with connection.schema_editor() as editor:
        guard.drop(None, editor)
        editor.execute(f"DELETE FROM {guard.TABLE}")  # noqa: S608 (a constant)
        guard.create(None, editor)


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


def _on_postgresql() -> bool:
    from django.conf import settings

    return str(settings.DATABASES["default"]["ENGINE"]).endswith("postgresql")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Leave PostgreSQL-only tests out of a SQLite run (CI's PostgreSQL run has them).

    Deselected, not skipped: on SQLite they have nothing to test, so they are not
    a skip to look into.
    """
    if _on_postgresql():
        return
    kept = [item for item in items if item.get_closest_marker("postgresql") is None]
    if len(kept) != len(items):
        config.hook.pytest_deselected(items=[i for i in items if i not in kept])
        items[:] = kept


def pytest_report_header(config: pytest.Config) -> str:
    if _on_postgresql():
        return "database: PostgreSQL (tests marked postgresql included)"
    return "database: SQLite (tests marked postgresql left out; CI runs them on PostgreSQL)"
