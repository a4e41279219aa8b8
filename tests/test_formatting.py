"""Numbers as Norwegian text."""

from __future__ import annotations

from decimal import Decimal

from tallrapport.formatting import thousands


def test_thousands_apart_by_a_no_break_space() -> None:
    assert thousands(1234567) == "1\u00a0234\u00a0567"
    assert thousands(999) == "999"
    assert thousands(Decimal("2500000.40")) == "2\u00a0500\u00a0000"
    assert thousands(0) == "0"
