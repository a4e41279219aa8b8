"""The report pages per persona: analysts read and publish, administrators read,
advisors never see them."""

from __future__ import annotations

import csv
import datetime
import io
import uuid

import pytest
from django.test import Client
from django.urls import reverse

from tallrapport.accounts.models import Unit, User
from tallrapport.reports.models import CellStatus, Edition, EditionCell, EditionSource
from tallrapport.spreadsheet_cells import FORMULA_STARTS
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db

READERS = ["analyst", "admin"]


@pytest.fixture
def register(school: Unit) -> None:
    for number in range(30):
        CaseFactory(unit=school, registered_on=datetime.date(2030, 1 + number % 12, 1))


def _client(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _pages() -> list[str]:
    return [
        reverse("report_list"),
        reverse("report", args=[2030]),
        reverse("report_download", args=[2030, "csv"]),
        reverse("edition", args=["tallrapportering-2023"]),
        reverse("edition_csv", args=["tallrapportering-2023"]),
    ]


@pytest.mark.parametrize("persona", READERS)
def test_readers_reach_every_page(
    persona: str, register: None, request: pytest.FixtureRequest
) -> None:
    client = _client(request.getfixturevalue(persona))
    for url in _pages():
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("persona", ["advisor", "other_advisor"])
def test_advisors_are_refused_every_page(
    persona: str, register: None, request: pytest.FixtureRequest
) -> None:
    client = _client(request.getfixturevalue(persona))
    for url in _pages():
        assert client.get(url).status_code == 403, url
    assert client.post(reverse("report", args=[2030]), {}).status_code == 403


def test_anonymous_is_sent_to_login(register: None) -> None:
    response = Client().get(reverse("report", args=[2030]))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_the_page_shows_the_protected_report_and_the_audit(analyst: User, register: None) -> None:
    # given 30 cases in 2030
    # when the analyst opens the report
    response = _client(analyst).get(reverse("report", args=[2030]))
    html = response.content.decode()
    # then the total is there, the audit passed and the texts can be edited
    assert "Revisjonen er bestått" in html
    assert "totalt 30 nye saker" in html
    assert 'name="mangfoldsradgiver__innledning"' in html


def test_an_unknown_year_or_format_is_404(analyst: User, register: None) -> None:
    client = _client(analyst)
    assert client.get(reverse("report", args=[2090])).status_code == 404
    assert client.get(reverse("report_download", args=[2030, "doc"])).status_code == 404
    assert client.get(reverse("edition", args=["finnes-ikke"])).status_code == 404


def test_publishing_twice_with_one_form_makes_one_edition(analyst: User, register: None) -> None:
    # given the form's token
    client = _client(analyst)
    data = {"submission_token": str(uuid.uuid4()), "mangfoldsradgiver__innledning": "Ny tekst."}
    # when the analyst presses "Publiser" twice
    first = client.post(reverse("report", args=[2030]), data)
    second = client.post(reverse("report", args=[2030]), data)
    # then both land on the one edition, which keeps the edited text
    edition = Edition.objects.get(year=2030)
    assert first["Location"] == second["Location"] == reverse("edition", args=[edition.slug])
    assert edition.texts["mangfoldsradgiver"]["innledning"] == "Ny tekst."


def test_administrators_read_but_do_not_publish(admin: User, register: None) -> None:
    response = _client(admin).post(
        reverse("report", args=[2030]), {"submission_token": str(uuid.uuid4())}
    )
    assert response.status_code == 403
    assert not Edition.objects.filter(year=2030).exists()


def test_a_too_long_text_keeps_what_was_typed(analyst: User, register: None) -> None:
    # given a paragraph over the limit
    text = "x" * 5001
    data = {"submission_token": str(uuid.uuid4()), "mangfoldsradgiver__kategori": text}
    # when publishing
    response = _client(analyst).post(reverse("report", args=[2030]), data)
    # then nothing is published, the error is tied to the field and the text is kept
    html = response.content.decode()
    assert response.status_code == 200
    assert not Edition.objects.filter(year=2030).exists()
    assert 'aria-describedby="id_mangfoldsradgiver__kategori_feil"' in html
    assert text in html


def test_the_edition_csv_quotes_text_that_looks_like_a_formula(analyst: User) -> None:
    # given an edition cell whose printed label starts like a formula
    hostile = '@SUM(1+1)*cmd|" /C calc"!A0'
    edition = Edition.objects.create(
        slug="prove-2031", title="Prøve", year=2031, source=EditionSource.HISTORICAL
    )
    EditionCell.objects.create(
        edition=edition,
        scheme="mangfoldsradgiver",
        table="kategori",
        row="x",
        column="2031",
        label=hostile,
        value=4,
        status=CellStatus.SHOWN,
    )
    # when an analyst downloads the edition as CSV
    response = _client(analyst).get(reverse("edition_csv", args=[edition.slug]))
    # then the label is quoted text, and no cell starts like a formula
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert ["'" + hostile] == [value for row in rows for value in row if "SUM" in value]
    assert not [value for row in rows for value in row if value.startswith(FORMULA_STARTS)]
