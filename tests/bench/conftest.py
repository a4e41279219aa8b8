"""The benchmarks' generator runs on the demo organisation: reuse its fixture."""

from tests.demo.conftest import demo  # noqa: F401 (the module-scoped demo register)
