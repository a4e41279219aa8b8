"""The demo register for the report tests (loaded once per module, rolled back)."""

from tests.demo.conftest import demo

__all__ = ["demo"]
