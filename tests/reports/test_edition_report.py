"""A published edition reads back as a Report and prints through the report's own renderers.

The edition page and its downloads used to be a second path (other captions,
other columns); now an edition is one more Report, so its CSV is the fresh
report's CSV cell for cell, and its page has the same tables and «Om tallene».
"""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.test import Client
from django.urls import reverse

from tallrapport.accounts.models import Unit, User
from tallrapport.reports.build import build_report
from tallrapport.reports.csv_export import render_csv
from tallrapport.reports.edition_report import edition_report
from tallrapport.reports.models import Edition
from tallrapport.reports.report import ABSENT, HIDDEN, NOT_APPLICABLE
from tallrapport.reports.services import edition_publish
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(school: Unit, analyst: User) -> Edition:
    for number in range(30):
        CaseFactory(unit=school, registered_on=datetime.date(2030, 1 + number % 12, 1))
    return edition_publish(
        year=2030, user=analyst, texts={"mangfoldsradgiver": {"innledning": "Publisert tekst."}}
    )


def test_an_app_edition_reads_back_as_the_report_it_froze(published: Edition) -> None:
    # given the report as it is now (the register has not changed since publishing)
    fresh = build_report(year=2030)
    # when the edition is read back
    report = edition_report(published)
    # then it prints the same CSV, the same captions and rows, the published text
    assert render_csv(report) == render_csv(fresh)
    section, fresh_section = report.section("mangfoldsradgiver"), fresh.section("mangfoldsradgiver")
    assert list(section.tables) == list(fresh_section.tables)
    for key, table in section.tables.items():
        assert table.title == fresh_section.tables[key].title
        assert table.rows == fresh_section.tables[key].rows
        assert table.columns == fresh_section.tables[key].columns
        assert table.shares == fresh_section.tables[key].shares
    assert section.key_figures.new_cases == fresh_section.key_figures.new_cases
    assert section.texts["innledning"] == "Publisert tekst."
    assert report.title == published.title
    assert report.safe


def test_a_historical_edition_reads_back_with_its_printed_labels() -> None:
    # given the transcribed Tallrapportering 2023
    edition = Edition.objects.get(slug="tallrapportering-2023")
    # when read back
    report = edition_report(edition)
    # then both schemes have the two transcribed tables over five years, labels as printed
    assert [s.scheme for s in report.sections] == ["mangfoldsradgiver", "spesialutsending"]
    table = report.section("mangfoldsradgiver").tables["landbakgrunn"]
    assert list(report.section("spesialutsending").tables) == ["kategori", "landbakgrunn"]
    assert [c for c, _label in table.columns] == ["2019", "2020", "2021", "2022", "2023"]
    assert table.title == "Saker fordelt på landbakgrunn 2019–2023"
    assert table.rows[-1] == ("total", "Total")  # as the 2023 report printed it
    # and a hidden cell is a star, a position the source left unreadable is empty
    cells = [c for s in report.sections for t in s.tables.values() for c in t.cells.values()]
    assert any(c.status == HIDDEN and c.text == "*" for c in cells)
    assert any(c.status == ABSENT and c.text == "" for c in cells)


def test_the_edition_page_and_downloads_use_the_report_renderers(
    analyst: User, published: Edition
) -> None:
    client = Client()
    client.force_login(analyst)
    # when the analyst opens the edition and downloads it in every format
    page = client.get(reverse("edition", args=[published.slug])).content.decode()
    downloads = {
        fmt: client.get(reverse("edition_download", args=[published.slug, fmt]))
        for fmt in ("csv", "xlsx", "pdf", "html")
    }
    old_address = client.get(reverse("edition_csv", args=[published.slug]))
    # then the page has the report's numbered captions, key figures and «Om tallene»
    assert "Tabell 1. Saker fordelt på kategori 2030" in page
    assert "Om tallene" in page
    assert "Revisjonen var bestått da utgaven ble publisert" in page
    # and every download is the edition under its own name, the CSV in the report's columns
    for fmt, response in downloads.items():
        assert response.status_code == 200, fmt
        assert response["Content-Disposition"] == f'attachment; filename="{published.slug}.{fmt}"'
    header = next(csv.reader(io.StringIO(downloads["csv"].content.decode())))
    assert header == ["scheme", "table", "row", "column", "value", "status", "note"]
    assert old_address.content == downloads["csv"].content


def test_a_historical_edition_page_says_it_was_transcribed(analyst: User) -> None:
    client = Client()
    client.force_login(analyst)
    page = client.get(reverse("edition", args=["arsrapport-2019"])).content.decode()
    assert "skrevet av fra den trykte rapporten" in page
    assert "Tabell 1. Saker fordelt på kategori" in page


def test_a_category_before_it_existed_stays_a_dash_in_the_published_edition(
    school: Unit, analyst: User
) -> None:
    # given cases in 2021–2024, and «Tvunget til å forbli i ekteskap» introduced in 2022
    for year in (2021, 2022, 2023, 2024):
        for number in range(30):
            CaseFactory(unit=school, registered_on=datetime.date(year, 1 + number % 12, 1))
    fresh = build_report(year=2024).section("mangfoldsradgiver").tables["kategori"]
    assert fresh.cell("tvunget-til-a-forbli-i-ekteskap", "2021").status == NOT_APPLICABLE
    # when the report is published and read back
    edition = edition_publish(year=2024, user=analyst)
    table = edition_report(edition).section("mangfoldsradgiver").tables["kategori"]
    # then the edition prints «–» there too, never 0 or «*», with the same footnote
    assert table.cell("tvunget-til-a-forbli-i-ekteskap", "2021").text == "–"
    assert table.footnotes == fresh.footnotes
    assert any("fantes ikke før 2022" in note for note in table.footnotes)
