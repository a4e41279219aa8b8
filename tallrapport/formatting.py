"""Numbers as Norwegian text: thousands apart by a no-break space («12 345»).

Written once for every page, file and chart: a space that may break would split
a number over two lines, and a comma or a point is a decimal sign to a
Norwegian reader.
"""

from __future__ import annotations

from decimal import Decimal

THOUSANDS_SEPARATOR = "\u00a0"


def thousands(value: int | float | Decimal) -> str:
    """``value`` rounded to a whole number, with a no-break space between thousands."""
    return f"{value:,.0f}".replace(",", THOUSANDS_SEPARATOR)
