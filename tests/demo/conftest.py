"""The demo register is loaded once per test module and rolled back afterwards.

Loading takes a few seconds; doing it per test would make the suite slow, and
committing it would leak thousands of cases into other modules' counts. So a
module-scoped fixture opens a transaction, loads, lets the module's tests run
inside it (each test in its own savepoint, as pytest-django does) and rolls
everything back at the end.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction

from tallrapport.demo.loader import LoadResult, load_demo_data


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker: Any) -> Iterator[LoadResult]:
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield load_demo_data()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
