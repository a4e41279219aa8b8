"""Publishing an edition freezes what it prints; the next report is held to it."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, transaction

from tallrapport.accounts.models import Unit, User
from tallrapport.cases.models import Case, Country
from tallrapport.reports.build import build_report
from tallrapport.reports.models import Edition, EditionCell, EditionSource
from tallrapport.reports.report import REVISED
from tallrapport.reports.services import edition_publish
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


def _register(school: Unit, n: int, year: int = 2030) -> None:
    for _ in range(n):
        CaseFactory(unit=school, registered_on=datetime.date(year, 3, 1))


def test_publishing_freezes_every_printed_cell(school: Unit, analyst: User) -> None:
    # given a register with one year of cases
    _register(school, 40)
    report = build_report(year=2030)
    printed = sum(len(t.cells) for s in report.sections for t in s.tables.values())
    # when the analyst publishes it with an edited paragraph
    edition = edition_publish(
        year=2030,
        user=analyst,
        texts={"mangfoldsradgiver": {"innledning": "Redigert innledning."}},
    )
    # then the edition holds each printed cell, value and status, and the edited text
    assert edition.source == EditionSource.TALLRAPPORT
    assert edition.cells.count() == printed
    total = edition.cells.get(scheme="mangfoldsradgiver", table="kategori", row="total")
    assert (total.column, total.value, total.status) == ("2030", 40, "shown")
    assert edition.texts["mangfoldsradgiver"]["innledning"] == "Redigert innledning."


def test_a_published_cell_cannot_be_changed_in_the_database(school: Unit, analyst: User) -> None:
    # given a published edition
    _register(school, 12)
    edition = edition_publish(year=2030, user=analyst)
    cell = edition.cells.filter(status="shown").first()
    assert cell is not None
    # when someone updates a cell past the app
    # then the database refuses
    with pytest.raises(DatabaseError), transaction.atomic():
        EditionCell.objects.filter(pk=cell.pk).update(value=(cell.value or 0) + 1)
    with pytest.raises(DatabaseError), transaction.atomic():
        Edition.objects.filter(pk=edition.pk).update(title="Endret")


def test_the_next_report_marks_what_changed_since_the_edition(school: Unit, analyst: User) -> None:
    # given a published 2030 edition and a late registration afterwards
    _register(school, 30)
    edition_publish(year=2030, user=analyst)
    _register(school, 1)
    # when the report is made again
    report = build_report(year=2030)
    total = report.section("mangfoldsradgiver").tables["kategori"].cells[("total", "2030")]
    # then the total is revised, naming the edition's number
    assert (total.value, total.note) == (31, REVISED)
    assert [value for _title, value in total.previous] == [30]


def test_a_second_edition_gets_its_own_number(school: Unit, analyst: User) -> None:
    # given one edition
    _register(school, 20)
    first = edition_publish(year=2030, user=analyst)
    # when publishing again
    second = edition_publish(year=2030, user=analyst)
    # then both exist, the second says so, and the second was held to the first
    assert (first.slug, second.slug) == ("tallrapport-2030-1", "tallrapport-2030-2")
    assert "utgave 2" in second.title
    assert first in second.based_on.all()


def test_a_double_submit_publishes_once(school: Unit, analyst: User) -> None:
    # given one form token
    _register(school, 20)
    token = uuid.uuid4()
    # when the form is submitted twice
    first = edition_publish(year=2030, user=analyst, submission_token=token)
    again = edition_publish(year=2030, user=analyst, submission_token=token)
    # then one edition exists
    assert first == again
    assert Edition.objects.filter(year=2030).count() == 1


@pytest.mark.parametrize("persona", ["advisor", "admin"])
def test_only_analysts_publish(persona: str, school: Unit, request: pytest.FixtureRequest) -> None:
    user = request.getfixturevalue(persona)
    _register(school, 10)
    with pytest.raises(PermissionDenied):
        edition_publish(year=2030, user=user)
    assert not Edition.objects.filter(year=2030).exists()


def test_years_without_register_come_from_the_published_editions(db: None) -> None:
    # given no case before 2019 in the register
    assert not Case.objects.filter(year__lt=2019).exists()
    # when making the 2016 report
    report = build_report(year=2016)
    table = report.section("mangfoldsradgiver").tables["kategori"]
    # then its years are the 2016 measure report's, marked as published, in today's names
    assert [c for c, _l in table.columns] == ["2013", "2014", "2015", "2016"]
    nsk = table.cells[("negativ-sosial-kontroll", "2013")]
    assert (nsk.value, nsk.note) == (79, "publisert")
    assert dict(table.rows)["negativ-sosial-kontroll"] == "Negativ sosial kontroll"
    assert report.protection is None


def test_a_register_with_gap_years_builds_and_passes_the_audit(school: Unit) -> None:
    # given cases of two countries in 2029, none in 2030 and 2031, and some in 2032–2033
    syria = Country.objects.get(code="sy")
    for year in (2029, 2032, 2033):
        for number in range(8):
            CaseFactory(
                unit=school,
                registered_on=datetime.date(year, 2, 1),
                country=syria if number % 2 else Country.objects.get(code="af"),
            )
    # when making the 2033 report
    report = build_report(year=2033)
    table = report.section("mangfoldsradgiver").tables["landbakgrunn"]
    # then the register's years are its columns and the audit finds nothing
    assert [c for c, _l in table.columns] == ["2029", "2032", "2033"]
    assert report.safe


def test_years_the_register_lacks_come_from_the_newest_edition_beside_register_years(
    school: Unit,
) -> None:
    # given cases in 2019, 2022 and 2023 only
    for year in (2019, 2022, 2023):
        for _ in range(10):
            CaseFactory(unit=school, registered_on=datetime.date(year, 5, 1))
    # when making the 2023 report
    report = build_report(year=2023)
    table = report.section("mangfoldsradgiver").tables["landbakgrunn"]
    # then 2020 and 2021 are the 2023 edition's, marked, and the register's rows hold zeros there
    syria_2020 = table.cells[("sy", "2020")]
    assert (syria_2020.value, syria_2020.note) == (155, "publisert")
    assert table.cells[("sy", "2023")].value == 0
    assert table.cells[("no", "2023")].value == 10
    assert report.safe
