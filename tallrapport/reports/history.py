"""The published history: IMDi's earlier reports as editions, in today's codes.

``data/published_tables.csv`` is the product's copy of every number the 2016,
2019 and 2023 reports print (public figures). Loading maps each printed label
to today's classification through the names and aliases the cases app ships
(Ekstrem kontroll → negativ-sosial-kontroll, Andre land → Øvrige land), so that
a time series meets its history cell by cell. A label that maps to nothing
stops the migration: guessing would put a published number in the wrong row.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent / "data"
TOTAL_ROW = "total"
OTHERS_ROW = "ovrige"
TOTAL_LABELS = frozenset({"Totalt", "Total"})
OTHER_LABELS = frozenset({"Øvrige land", "Andre land"})

EDITION_TITLES = {
    "tiltaksrapportering-2016": "Tiltaksrapportering 2016 (handlingsplan 2013–2016)",
    "arsrapport-2019": "Minoritetsrådgivere og integreringsrådgivere – årsrapport 2019",
    "tallrapportering-2023": "Tallrapportering 2023",
}


def read_published_cells() -> list[dict[str, str]]:
    """The transcribed cells, one dict per CSV row."""
    with (DATA_DIR / "published_tables.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def label_codes(apps: Any, table: str) -> dict[str, str]:
    """Every printed label of a table (name or alias) → today's code."""
    if table == "kategori":
        level, alias, link = "Category", "CategoryAlias", "category__code"
    elif table == "landbakgrunn":
        level, alias, link = "Country", "CountryAlias", "country__code"
    else:
        raise ValueError(f"unknown published table {table!r}")
    codes = dict(apps.get_model("cases", level).objects.values_list("name", "code"))
    codes.update(apps.get_model("cases", alias).objects.values_list("name", link))
    codes.update(dict.fromkeys(TOTAL_LABELS, TOTAL_ROW))
    codes.update(dict.fromkeys(OTHER_LABELS, OTHERS_ROW))
    return codes


def load_historical_editions(apps: Any) -> None:
    """Create the historical editions and their cells (idempotent)."""
    edition_model = apps.get_model("reports", "Edition")
    cell_model = apps.get_model("reports", "EditionCell")
    codes = {table: label_codes(apps, table) for table in ("kategori", "landbakgrunn")}
    editions: dict[str, Any] = {}
    for row in read_published_cells():
        if row["flag"] == "absent":
            continue  # not printed, or unreadable in the source: no cell
        slug = row["publication"]
        edition = editions.get(slug)
        if edition is None:
            edition, _ = edition_model.objects.get_or_create(
                slug=slug,
                defaults={
                    "title": EDITION_TITLES[slug],
                    "year": int(slug.rsplit("-", 1)[1]),
                    "source": "historisk",
                },
            )
            editions[slug] = edition
        try:
            code = codes[row["table"]][row["row"]]
        except KeyError:
            raise ValueError(f"{slug}: no code for the printed label {row['row']!r}") from None
        hidden = row["flag"] == "*"
        cell_model.objects.get_or_create(
            edition=edition,
            scheme=row["scheme"],
            table=row["table"],
            row=code,
            column=row["year"],
            defaults={
                "label": row["row"],
                "value": None if hidden else int(row["value"]),
                "status": "hidden" if hidden else "shown",
            },
        )
