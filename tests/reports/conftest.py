"""The demo register with its activities, for the report tests.

``demo`` (tests/demo/conftest.py) loads the register inside a module-wide
transaction that is rolled back at the end; the activities are loaded inside
the same transaction, so they go with it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tallrapport.demo.activities import load_demo_activities
from tallrapport.demo.loader import LoadResult
from tests.demo.conftest import demo

__all__ = ["demo", "demo_with_activities"]


@pytest.fixture(scope="module")
def demo_with_activities(demo: LoadResult, django_db_blocker: Any) -> Iterator[LoadResult]:
    with django_db_blocker.unblock():
        load_demo_activities()
    yield demo
