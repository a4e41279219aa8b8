"""The filters every template writes numbers with: ``|thousands`` and ``|decimal_comma``.

A built-in library (see ``TEMPLATES`` in settings), so no template needs to load
it. Django's ``floatformat`` follows the active language's formats; these follow
``tallrapport.formatting``, the one place Norwegian numbers are written, so a
page, the PDF made from it and the DOCX say «4 000 000» alike.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import template

from tallrapport import formatting

register = template.Library()

Number = int | float | Decimal


def _number(value: object) -> Number | None:
    """``value`` as a number, or None for what a template may pass that is none (None, "")."""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return value
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


@register.filter
def thousands(value: object) -> object:
    """A whole number with a no-break space between thousands; other values unchanged."""
    number = _number(value)
    return value if number is None else formatting.thousands(number)


@register.filter
def decimal_comma(value: object, places: int = 1) -> object:
    """At most ``places`` decimals after a comma, thousands apart; other values unchanged."""
    number = _number(value)
    return value if number is None else formatting.decimal_comma(number, int(places))
