"""The demo register with its activities, for the report tests (once per module, rolled back)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction

from tallrapport.demo.activities import load_demo_activities
from tallrapport.demo.builder import LoadResult, load_demo_data


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker: Any) -> Iterator[LoadResult]:
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            loaded = load_demo_data()
            load_demo_activities()
            yield loaded
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
