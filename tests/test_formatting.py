"""Numbers as Norwegian text, in code and in templates."""

from __future__ import annotations

from decimal import Decimal

from django.template import Context, Template
from django.utils import translation

from tallrapport.formatting import decimal_comma, thousands


def test_thousands_apart_by_a_no_break_space() -> None:
    assert thousands(1234567) == "1\u00a0234\u00a0567"
    assert thousands(999) == "999"
    assert thousands(Decimal("2500000.40")) == "2\u00a0500\u00a0000"
    assert thousands(0) == "0"


def test_decimal_comma_drops_trailing_zeros() -> None:
    assert decimal_comma(Decimal("2.5")) == "2,5"
    assert decimal_comma(Decimal("3.0")) == "3"
    assert decimal_comma(Decimal("1234.55")) == "1\u00a0234,6"
    assert decimal_comma(-1234.567, 2) == "-1\u00a0234,57"


def test_template_filters_write_norwegian_numbers_whatever_language_is_active() -> None:
    # given a template with both filters and values a view may pass, None and text included
    template = Template(
        "{{ amount|thousands }}|{{ hours|decimal_comma }}|{{ none|thousands }}|{{ text|thousands }}"
    )
    context = {"amount": 4000000, "hours": Decimal("2.50"), "none": None, "text": "–"}
    # when it is rendered with English active
    with translation.override("en"):
        rendered = template.render(Context(context))
    # then the numbers are Norwegian and what is no number is left as it was
    assert rendered == "4\u00a0000\u00a0000|2,5|None|–"
