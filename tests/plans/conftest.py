"""Plan personas on top of the shared ones in ``tests/conftest.py``.

- ``coordinator``: plan coordinator of both demo plans (an analyst by main role),
- ``owner``: owns measures 1, 3 b and 4 of the 2021–2024 plan (an advisor),
- ``reader``: may read both plans (an advisor with a reader role),
- ``advisor`` (shared): no plan role at all.
"""

from __future__ import annotations

import pytest

from tallrapport.accounts.models import Role, User
from tallrapport.plans.demo import assign_plan_demo_roles, load_plan_demo
from tallrapport.plans.models import ActionPlan
from tests.factories import UserFactory


@pytest.fixture
def plans(db: None) -> list[ActionPlan]:
    return load_plan_demo()


@pytest.fixture
def plan_2017(plans: list[ActionPlan]) -> ActionPlan:
    return plans[0]


@pytest.fixture
def plan_2021(plans: list[ActionPlan]) -> ActionPlan:
    return plans[1]


@pytest.fixture
def coordinator(plans: list[ActionPlan]) -> User:
    return UserFactory(username="koordinator_t", role=Role.ANALYST)


@pytest.fixture
def owner(plans: list[ActionPlan]) -> User:
    return UserFactory(username="tiltakseier_t", role=Role.ADVISOR)


@pytest.fixture
def reader(plans: list[ActionPlan]) -> User:
    return UserFactory(username="leser_t", role=Role.ADVISOR)


@pytest.fixture(autouse=True)
def _roles(request: pytest.FixtureRequest) -> None:
    """Give the plan personas their roles whenever a test uses any of them."""
    names = {"coordinator", "owner", "reader"} & set(request.fixturenames)
    if not names:
        return
    coordinator = request.getfixturevalue("coordinator")
    owner = request.getfixturevalue("owner")
    reader = request.getfixturevalue("reader")
    assign_plan_demo_roles(coordinator=coordinator, measure_owner=owner, readers=[reader])
