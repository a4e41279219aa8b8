"""Numbers an analyst types into a paragraph: each must be one the report prints.

First the reading of Norwegian number forms against a fixed set of printed
numbers; then the report page: a number the report does not print is flagged
at its paragraph, blocks publishing, and publishes only once confirmed, which
the audit trail records.
"""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from tallrapport.accounts.models import Unit, User
from tallrapport.audit.models import Action, AuditEntry
from tallrapport.formatting import thousands
from tallrapport.reports.build import build_report
from tallrapport.reports.edition_report import edition_report
from tallrapport.reports.numbers import YEARS, Printed, printed, unprinted_numbers
from tallrapport.reports.report import SHOWN
from tallrapport.reports.services import edition_publish
from tests.factories import CaseFactory

KNOWN = Printed(numbers=frozenset({899, 1234, 245, 18, 299}), shares=frozenset({66, 12}))


def test_printed_numbers_in_norwegian_forms_pass() -> None:
    # a count, a count with a thousands space (plain, no-break and thin), shares and years
    text = (
        "I 2023 ga rådgiverne råd i 899 saker, i alt 1 234 og 1\u00a0234 og 1\u202f234. "
        "66 % gjaldt jenter, 12 prosent gutter. Planen (2021–2024) gjelder unge under 18 år."
    )
    assert unprinted_numbers(text, KNOWN) == []


def test_numbers_the_report_does_not_print_are_flagged_as_written() -> None:
    # a hidden count, a share that is not printed, a decimal share and a thousands form
    text = "Det var 3 saker om kjønnslemlestelse, 67 % jenter, 12,5 % gutter og 2 345 i alt."
    assert unprinted_numbers(text, KNOWN) == ["3", "67 %", "12,5 %", "2 345"]


def test_a_percentage_must_be_a_printed_share_not_a_count() -> None:
    # 245 is a printed count, but no share of 245 % is printed
    assert unprinted_numbers("245 %", KNOWN) == ["245 %"]
    assert unprinted_numbers("245 saker", KNOWN) == []


def test_two_printed_numbers_side_by_side_are_not_one_unknown_number() -> None:
    # «under 18 299 saker» reads like 18 299, yet both parts are printed
    assert unprinted_numbers("under 18 299 saker", KNOWN) == []


def test_each_flagged_number_is_named_once_and_dates_are_not_counts() -> None:
    assert unprinted_numbers("3 saker, så 3 til", KNOWN) == ["3"]
    assert unprinted_numbers("per 31.12.2016", KNOWN) == []


# --- the report page -------------------------------------------------------------

pytestmark = pytest.mark.django_db


@pytest.fixture
def register(school: Unit) -> None:
    for number in range(40):
        CaseFactory(unit=school, registered_on=datetime.date(2030, 1 + number % 12, 1))


def _post(user: User, **texts: str) -> tuple[int, str]:
    client = Client()
    client.force_login(user)
    data = {"submission_token": str(uuid.uuid4()), **texts}
    response = client.post(reverse("report", args=[2030]), data)
    return response.status_code, response.content.decode()


def test_the_generated_texts_pass_their_own_check(register: None) -> None:
    # given the report as generated
    report = build_report(year=2030)
    known = printed(report)
    # then no generated paragraph has a number the report does not print
    texts = [*report.texts.values()] + [t for s in report.sections for t in s.texts.values()]
    assert all(unprinted_numbers(text, known) == [] for text in texts)


def test_a_printed_number_publishes_without_confirmation(analyst: User, register: None) -> None:
    total = build_report(year=2030).section("mangfoldsradgiver").key_figures.new_cases
    assert total.status == SHOWN
    status, _html = _post(analyst, mangfoldsradgiver__innledning=f"Det var {total.value} saker.")
    assert status == 302


def test_an_unprinted_number_is_flagged_at_its_field_and_blocks(
    analyst: User, register: None
) -> None:
    # when the analyst types a number the report does not print and publishes
    status, html = _post(analyst, mangfoldsradgiver__kategori="Det var 3 saker om dette.")
    # then nothing is published, the error in Norwegian is tied to the field, the text is kept
    assert status == 200
    assert not AuditEntry.objects.filter(action=Action.PUBLISH).exists()
    assert 'aria-describedby="id_mangfoldsradgiver__kategori_feil"' in html
    assert "Tallet «3» står ikke i rapporten" in html
    assert "Det var 3 saker om dette." in html
    # and the confirmation box is offered
    assert 'name="confirm_numbers"' in html


def test_a_confirmed_number_publishes_and_the_confirmation_is_audited(
    analyst: User, register: None
) -> None:
    # when the analyst confirms the flagged number
    status, _html = _post(
        analyst, mangfoldsradgiver__kategori="Det var 3 saker om dette.", confirm_numbers="on"
    )
    # then the edition is published with the text, and the audit trail says who confirmed what
    assert status == 302
    entry = AuditEntry.objects.get(action=Action.PUBLISH, reason__contains="bekreftet")
    assert entry.actor == analyst
    assert entry.changes["bekreftede_tall"][1] == {"mangfoldsradgiver__kategori": ["3"]}


def test_the_service_refuses_an_unconfirmed_number_and_keeps_the_reports_own_parts(
    analyst: User, register: None
) -> None:
    # when a caller publishes a number the report does not print without confirming it
    with pytest.raises(ValidationError, match="ikke bekreftet: 3"):
        edition_publish(year=2030, user=analyst, texts={"rapport": {"innledning": "3 saker."}})
    # then with the confirmation the report's own part is published and read back
    edition = edition_publish(
        year=2030,
        user=analyst,
        texts={"rapport": {"innledning": "3 saker."}},
        confirmed_numbers={"rapport__innledning": ["3"]},
    )
    assert edition.texts["rapport"]["innledning"] == "3 saker."
    report = edition_report(edition)
    assert report.texts["innledning"] == "3 saker."
    assert report.texts["hva_er_en_sak"].startswith("En sak er veiledning")


@given(value=st.integers(0, 10_000_000), printed_too=st.booleans())
def test_any_count_in_norwegian_form_is_recognised(value: int, printed_too: bool) -> None:
    # given a count written as the report writes it («12 345» with a no-break space)
    known = Printed(numbers=frozenset({value} if printed_too else set()), shares=frozenset())
    text = f"Det var {thousands(value)} saker."
    # then it passes exactly when the report prints it: «1 990» with a thousands space is a
    # count, never the year 1990
    assert (unprinted_numbers(text, known) == []) == printed_too
    if not printed_too:
        assert unprinted_numbers(text, known) == [thousands(value)]


def test_a_year_is_four_digits_without_a_space() -> None:
    empty = Printed(numbers=frozenset(), shares=frozenset())
    assert all(unprinted_numbers(f"i {year}", empty) == [] for year in (YEARS[0], 2023, YEARS[-1]))
    assert unprinted_numbers("i 1 990", empty) == ["1 990"]
    assert unprinted_numbers("i 1989", empty) == ["1989"]
