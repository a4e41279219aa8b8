"""The public tables: published editions only, as JSON, CSV and JSON-stat 2.0.

A JSON-stat reader (pyjstat, the one Statistics Norway's users read its API
with) gets the numbers the edition's own page and files print: the same
report read back from the frozen cells, never a count of the register.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import math
import re

import pytest
from django.test import Client
from django.urls import reverse
from pyjstat import pyjstat

from tallrapport.accounts.models import Unit, User
from tallrapport.reports.edition_report import edition_report
from tallrapport.reports.models import Edition
from tallrapport.reports.report import SHOWN
from tallrapport.reports.services import edition_publish
from tests.conftest import client_for
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


def _tables(edition: Edition) -> list[tuple[str, str]]:
    report = edition_report(edition)
    return [(s.scheme, key) for s in report.sections for key in s.tables]


def _printed(edition: Edition) -> dict[tuple[str, str, str, str], int | None]:
    """Every count the edition's page and files print: (scheme, table, row, column) → value."""
    report = edition_report(edition)
    return {
        (s.scheme, t.key, row, column): cell.value if cell.status == SHOWN else None
        for s in report.sections
        for t in s.tables.values()
        for (row, column), cell in t.cells.items()
    }


def test_the_historical_editions_are_listed_without_a_token() -> None:
    response = Client().get("/api/v1/utgaver/")
    assert response.status_code == 200
    assert {e["slug"] for e in response.json()} == {
        "tiltaksrapportering-2016",
        "arsrapport-2019",
        "tallrapportering-2023",
    }


def test_a_jsonstat_reader_gets_the_numbers_the_edition_prints() -> None:
    # given every table of every published edition, and what its page prints
    for edition in Edition.objects.all():
        printed = _printed(edition)
        for scheme, key in _tables(edition):
            # when a JSON-stat reader reads the table from the public API
            url = f"/api/v1/utgaver/{edition.slug}/tabeller/{scheme}/{key}/json-stat/"
            response = Client().get(url)
            assert response.status_code == 200
            frame = pyjstat.Dataset.read(response.content.decode()).write("dataframe", naming="id")
            # then each row of the reader's table is the printed cell, hidden ones empty
            row_dim, column_dim = frame.columns[0], frame.columns[1]
            read = {
                (scheme, key, r[row_dim], r[column_dim]): (
                    None if r["value"] is None or math.isnan(r["value"]) else int(r["value"])
                )
                for r in frame.to_dict("records")
            }
            expected = {k: v for k, v in printed.items() if k[:2] == (scheme, key)}
            assert read == expected


def test_a_hidden_cell_is_null_with_status_star() -> None:
    url = "/api/v1/utgaver/tallrapportering-2023/tabeller/spesialutsending/landbakgrunn/json-stat/"
    dataset = Client().get(url).json()
    hidden = [i for i, v in enumerate(dataset["value"]) if v is None]
    assert hidden
    assert all(dataset["status"][str(i)] in ("*", "..", ".") for i in hidden)
    assert "*" in dataset["extension"]["status"]
    assert dataset["version"] == "2.0"
    assert dataset["class"] == "dataset"
    assert dataset["label"].startswith("Tallrapportering 2023")


def test_a_revised_number_carries_its_earlier_value() -> None:
    # given the 2023 report, which printed 2019 again after late registrations
    body = Client().get("/api/v1/utgaver/tallrapportering-2023/").json()
    # then its revisions name the 2019 report's number
    revised = {(r["table"], r["row"], r["column"]): r for r in body["revisions"]}
    total_2019 = revised[("kategori", "total", "2019")]
    assert total_2019["before"][0]["edition"].startswith("Minoritetsrådgivere")
    assert total_2019["value"] != total_2019["before"][0]["value"]
    url = "/api/v1/utgaver/tallrapportering-2023/tabeller/mangfoldsradgiver/kategori/"
    table = Client().get(url).json()
    marks = {(c["row"], c["column"]): c["status"] for c in table["cells"]}
    assert marks[("total", "2019")] == "r"
    assert any(note.startswith("Revidert:") for note in table["notes"])


def test_the_csv_is_the_editions_own_download(analyst: User) -> None:
    # given the edition's CSV as the analyst downloads it from the edition page
    page_csv = client_for(analyst).get(
        reverse("edition_download", args=["tallrapportering-2023", "csv"])
    )
    # when anyone reads the whole edition and one table through the API
    whole = Client().get("/api/v1/utgaver/tallrapportering-2023/csv/")
    one = Client().get(
        "/api/v1/utgaver/tallrapportering-2023/tabeller/mangfoldsradgiver/kategori/csv/"
    )
    # then the whole is the same file, and the table is its lines of that table
    assert whole["Content-Type"] == "text/csv; charset=utf-8"
    assert whole.content == page_csv.content
    lines = list(csv.reader(io.StringIO(page_csv.content.decode())))
    expected = [lines[0]] + [r for r in lines[1:] if r[:2] == ["mangfoldsradgiver", "kategori"]]
    assert list(csv.reader(io.StringIO(one.content.decode()))) == expected


def test_an_edition_published_in_the_app_is_served_and_nothing_before(
    school: Unit, analyst: User
) -> None:
    # given cases of a year that has no edition yet
    for number in range(30):
        CaseFactory(unit=school, registered_on=datetime.date(2025, 1 + number % 12, 1))
    # then the year's report is not public while it is a draft
    listed = {e["year"] for e in Client().get("/api/v1/utgaver/").json()}
    assert 2025 not in listed
    assert Client().get("/api/v1/utgaver/tallrapport-2025-1/").status_code == 404
    # when an analyst publishes it
    edition = edition_publish(year=2025, user=analyst)
    # then its tables are public, as printed
    body = Client().get(f"/api/v1/utgaver/{edition.slug}/").json()
    assert body["published_at"] is not None
    assert body["title"] == "Tallrapportering 2025"
    printed = _printed(edition)
    for table in body["tables"]:
        cells = Client().get(table["json"].removeprefix("http://testserver")).json()["cells"]
        for cell in cells:
            key = (table["scheme"], table["table"], cell["row"], cell["column"])
            assert cell["value"] == printed[key]


def test_the_public_tables_are_limited_per_address(settings: object) -> None:
    settings.TALLRAPPORT_API_PUBLIC_RATE = "2/min"  # type: ignore[attr-defined]
    answers = [Client().get("/api/v1/utgaver/").status_code for _ in range(3)]
    assert answers == [200, 200, 429]


def test_an_unknown_edition_or_table_is_a_404_problem() -> None:
    for url in (
        "/api/v1/utgaver/finnes-ikke/",
        "/api/v1/utgaver/tallrapportering-2023/tabeller/mangfoldsradgiver/finnes-ikke/",
        "/api/v1/utgaver/tallrapportering-2023/tabeller/x/kategori/json-stat/",
    ):
        response = Client().get(url)
        assert response.status_code == 404
        assert response["Content-Type"] == "application/problem+json"
        assert json.loads(response.content)["detail"]


def test_a_forged_forwarded_header_does_not_dodge_the_public_limit(settings: object) -> None:
    # given a limit of two requests a minute per address
    settings.TALLRAPPORT_API_PUBLIC_RATE = "2/min"  # type: ignore[attr-defined]
    # when one client sends a new X-Forwarded-For with every request
    answers = [
        Client(HTTP_X_FORWARDED_FOR=f"10.0.0.{n}").get("/api/v1/utgaver/").status_code
        for n in range(3)
    ]
    # then it is still one address to the limit
    assert answers == [200, 200, 429]


def _pdf_lines(edition: Edition) -> list[str]:
    from pypdf import PdfReader

    from tallrapport.reports.exports import export_bytes

    content, _media_type, _name = export_bytes(edition_report(edition), "pdf")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return text.replace("\u00a0", "").splitlines()


def test_the_jsonstat_numbers_are_the_pdfs() -> None:
    # given the PDF of Tallrapportering 2023, as the edition page downloads it
    edition = Edition.objects.get(slug="tallrapportering-2023")
    lines = _pdf_lines(edition)
    for key in ("kategori", "landbakgrunn"):
        # when a JSON-stat reader reads the advisors' table
        url = f"/api/v1/utgaver/{edition.slug}/tabeller/mangfoldsradgiver/{key}/json-stat/"
        dataset = pyjstat.Dataset.read(Client().get(url).content.decode())
        frame = dataset.write("dataframe")
        row_dim, column_dim = frame.columns[0], frame.columns[1]
        columns = list(dict.fromkeys(frame[column_dim]))
        matched = 0
        for label, rows in frame.groupby(row_dim, sort=False):
            printed = ["*" if v is None or math.isnan(v) else str(int(v)) for v in rows["value"]]
            # then the PDF's table line of the row prints the same numbers, «*» where hidden
            pattern = re.compile(rf"{re.escape(str(label))} ([0-9*].*)$")
            found = next((m for x in lines if (m := pattern.match(x))), None)
            if found is None:
                continue  # a label the PDF wraps over two lines
            assert found.group(1).split()[: len(columns)] == printed, label
            matched += 1
        assert matched >= 8, key
