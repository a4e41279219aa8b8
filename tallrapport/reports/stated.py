"""What the report's sentences tell beyond its tables: the biggest country backgrounds per category.

*Tallrapportering 2023* names, for a category, the country backgrounds most
of its cases had. No table of the report crosses category and country, so
such a sentence says something about counts no table prints: that the cases
of «Negativ sosial kontroll» with a background from Syria are many. A reader
can combine that with the printed tables, so it must be part of what the
protection knows the reader has. Each named country is entered into the
protection problem as a known sum, hidden but at least :data:`STATED_FROM`:
exactly what the sentence says (the method section states the rule), and
the protection and the LP audit then hold every small count safe against it.
Only countries with that many cases in the category are named, so the
sentence never points at a small group.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.utils.translation import gettext as _

from tallrapport.disclosure import KnownSum
from tallrapport.reports.catalogue import MAX_N
from tallrapport.stats.selectors import CaseCounts

STATED_FROM = 3 * MAX_N
"""A country is named for a category only with at least this many of its cases in the report
year: well above the hiding limit, as the rule for naming a country in the country table."""

COUNTRIES_PER_CATEGORY = 3

NOT_A_COUNTRY = frozenset({"xx"})
"""«Ukjent» is not a background to name."""

Stated = dict[str, dict[str, tuple[str, ...]]]
"""Per scheme, per category: the country codes its sentence names, biggest first."""


def countries_by_category(
    counts: CaseCounts,
    *,
    year: int,
    categories: Mapping[str, Sequence[str]],
    countries: Sequence[str],
) -> Stated:
    """The up to three biggest country backgrounds of each category with enough cases."""
    order = {code: i for i, code in enumerate(countries)}
    stated: Stated = {}
    for scheme, codes in categories.items():
        per_category: dict[str, tuple[str, ...]] = {}
        for category in codes:
            sizes = [
                (counts.total(scheme=scheme, year=str(year), category=category, country=c), c)
                for c in counts.used("country", scheme=scheme, year=str(year), category=category)
                if c not in NOT_A_COUNTRY
            ]
            big = sorted(
                ((n, c) for n, c in sizes if n >= STATED_FROM),
                key=lambda item: (-item[0], order.get(item[1], len(order))),
            )
            if big:
                per_category[category] = tuple(c for _n, c in big[:COUNTRIES_PER_CATEGORY])
        stated[scheme] = per_category
    return stated


def stated_knowledge(stated: Stated, *, year: int) -> list[KnownSum]:
    """Each named country as a hidden known sum of at least :data:`STATED_FROM` cases."""
    return [
        KnownSum(
            _("Nevnt i teksten: %(country)s blant sakene om %(category)s i %(year)s")
            % {"country": country, "category": category, "year": year},
            {
                "scheme": (scheme,),
                "year": (str(year),),
                "category": (category,),
                "country": (country,),
            },
            None,
            STATED_FROM,
        )
        for scheme, per_category in stated.items()
        for category, countries in per_category.items()
        for country in countries
    ]
