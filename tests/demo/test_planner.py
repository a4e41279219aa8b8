"""The planner is pure: given the classifications, it reads no database."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from tallrapport.demo.loader import classifications_load
from tallrapport.demo.planner import plan_register

pytestmark = pytest.mark.django_db


def test_the_planner_reads_no_database(django_db_blocker: Any) -> None:
    # given today's classifications, read once
    classifications = classifications_load()
    today = datetime.date(2026, 12, 1)
    # when every year of both schemes is planned with the database blocked
    with django_db_blocker.block():
        plans = plan_register(today, classifications)
        again = plan_register(today, classifications)
    # then there is a plan per scheme and year, and the same inputs give the same plans
    assert len(plans) == 2 * (2026 - 2019 + 1)
    assert plans == again
    assert all(plan.total > 0 for plan in plans)
