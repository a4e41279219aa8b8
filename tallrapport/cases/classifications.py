"""Loading of the shipped classifications (categories, countries, referral sources).

The CSV files under ``data/`` are the product's own copy of the classifications
and their history; a data migration loads them and an administrator edits them
afterwards. Loading is idempotent so that a later migration can add levels.
"""

from __future__ import annotations

import csv
import datetime
import functools
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent / "data"


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _date(value: str) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def load_classifications(apps: Any) -> None:
    """Create or update every shipped level and alias (apps: a migration's app registry)."""
    scheme_model = apps.get_model("accounts", "Scheme")
    category_model = apps.get_model("cases", "Category")
    category_alias_model = apps.get_model("cases", "CategoryAlias")
    country_model = apps.get_model("cases", "Country")
    country_alias_model = apps.get_model("cases", "CountryAlias")
    source_model = apps.get_model("cases", "ReferralSource")
    source_alias_model = apps.get_model("cases", "ReferralSourceAlias")

    for row in _rows("categories.csv"):
        scheme = None
        if row["scheme"]:
            scheme, _ = scheme_model.objects.get_or_create(code=row["scheme"])
        category, _ = category_model.objects.update_or_create(
            code=row["code"],
            defaults={
                "name": row["name"],
                "sort_order": int(row["sort_order"]),
                "valid_from": _date(row["valid_from"]),
                "valid_to": _date(row["valid_to"]),
                "scheme": scheme,
            },
        )
        for alias in filter(None, row["aliases"].split("|")):
            category_alias_model.objects.update_or_create(
                name=alias, defaults={"category": category}
            )

    for position, row in enumerate(_rows("countries.csv")):
        # Unknown and stateless sort last in every list, after the real countries.
        order = 1000 + position if row["code"] in {"xs", "xx"} else position
        country_model.objects.update_or_create(
            code=row["code"], defaults={"name": row["name"], "sort_order": order}
        )
    # Other names and spellings of countries that advisors' spreadsheets use.
    for row in _rows("country_aliases.csv"):
        country_alias_model.objects.update_or_create(
            name=row["name"], defaults={"country": country_model.objects.get(code=row["code"])}
        )

    for row in _rows("referral_sources.csv"):
        source, _ = source_model.objects.update_or_create(
            code=row["code"], defaults={"name": row["name"], "sort_order": int(row["sort_order"])}
        )
        for alias in filter(None, row["aliases"].split("|")):
            source_alias_model.objects.update_or_create(name=alias, defaults={"source": source})


@functools.cache
def category_definitions() -> dict[str, str]:
    """Each category's definition, by code, as the form shows it at the category field.

    Written from the definitions in the advisors' mandate (negative social
    control, honour-related violence, forced marriage, genital mutilation) and
    the yearly report's notes on the categories («frykt for» against
    «gjennomført», the old names). Kept beside the categories, not in the
    database: they explain the classification, they are not data about cases.
    """
    return {row["code"]: row["definition"] for row in _rows("category_definitions.csv")}
