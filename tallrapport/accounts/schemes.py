"""The two schemes and the history of their names, loaded by a data migration."""

from __future__ import annotations

import datetime
from typing import Any

SCHEME_HISTORY = {
    "mangfoldsradgiver": (
        1,
        [
            (
                "Minoritetsrådgiverordningen",
                "minoritetsrådgiver",
                datetime.date(2008, 1, 1),
                datetime.date(2022, 12, 31),
            ),
            ("Mangfoldsrådgiverordningen", "mangfoldsrådgiver", datetime.date(2023, 1, 1), None),
        ],
    ),
    "spesialutsending": (
        2,
        [
            (
                "Integreringsrådgivere ved utenriksstasjoner",
                "integreringsrådgiver",
                datetime.date(2008, 1, 1),
                datetime.date(2018, 12, 31),
            ),
            (
                "Spesialutsendinger for integreringssaker",
                "spesialutsending",
                datetime.date(2019, 1, 1),
                None,
            ),
        ],
    ),
}


def load_schemes(apps: Any) -> None:
    scheme_model = apps.get_model("accounts", "Scheme")
    name_model = apps.get_model("accounts", "SchemeName")
    for code, (order, names) in SCHEME_HISTORY.items():
        scheme, _ = scheme_model.objects.update_or_create(code=code, defaults={"sort_order": order})
        for name, title, valid_from, valid_to in names:
            name_model.objects.update_or_create(
                scheme=scheme,
                valid_from=valid_from,
                defaults={"name": name, "advisor_title": title, "valid_to": valid_to},
            )
