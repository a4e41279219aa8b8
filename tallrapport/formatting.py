"""Numbers as Norwegian text: thousands apart by a no-break space («12 345»),
a decimal comma («2,5»).

Written once for every page, file and chart: a space that may break would split
a number over two lines, and a comma or a point is a decimal sign to a
Norwegian reader. The text does not depend on the language that is active, so a
page, a file written by a command and a test all get the same «1 695».
"""

from __future__ import annotations

from decimal import Decimal

THOUSANDS_SEPARATOR = "\u00a0"
DECIMAL_SEPARATOR = ","


def thousands(value: int | float | Decimal) -> str:
    """``value`` rounded to a whole number, with a no-break space between thousands."""
    return f"{value:,.0f}".replace(",", THOUSANDS_SEPARATOR)


def decimal_comma(value: int | float | Decimal, places: int = 1) -> str:
    """``value`` with at most ``places`` decimals after a comma: «2,5», «1 234,5», «3».

    Trailing zeros are left out, as hours are said: «3 timer», not «3,0 timer».
    """
    whole, _point, fraction = f"{value:,.{places}f}".partition(".")
    whole = whole.replace(",", THOUSANDS_SEPARATOR)
    fraction = fraction.rstrip("0")
    return f"{whole}{DECIMAL_SEPARATOR}{fraction}" if fraction else whole
