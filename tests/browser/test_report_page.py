"""An analyst reads the yearly report and publishes it with the keyboard alone.

The report page holds the most tables and figures of the product; it must pass
axe's WCAG 2.1 A/AA rules like every form does, and its publish form must work
without a mouse.
"""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import Page, expect

from tallrapport.accounts.models import Unit, User
from tallrapport.reports.models import Edition
from tests.browser.conftest import axe_violations, log_in, tab_to
from tests.factories import TEST_PASSWORD, CaseFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_analyst_reads_and_publishes_the_report_with_the_keyboard(
    live_server: object, page: Page, analyst: User, school: Unit
) -> None:
    base = str(live_server.url)  # type: ignore[attr-defined]
    # given a register for 2030 and the analyst logged in
    for number in range(40):
        CaseFactory(unit=school, registered_on=datetime.date(2030, 1 + number % 12, 2))
    log_in(page, base, analyst.username, TEST_PASSWORD)

    # when they open the report list and the 2030 report
    page.goto(f"{base}/rapporter/")
    assert axe_violations(page) == []
    page.goto(f"{base}/rapporter/2030/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Tallrapportering 2030")
    # then the page, its tables and figures pass axe
    assert axe_violations(page) == []
    expect(page.locator("table caption").first).to_be_visible()

    # when they edit the first paragraph and publish, keyboard only
    tab_to(page, "#id_mangfoldsradgiver__innledning", limit=400)
    page.keyboard.press("Control+A")
    page.keyboard.type("Redigert av analytikeren.")
    tab_to(page, "button[type=submit] >> text=Publiser utgave", limit=60)
    page.keyboard.press("Enter")

    # then the edition is published with the edited text, and its page passes axe
    expect(page.get_by_role("status")).to_contain_text("Utgaven er publisert")
    edition = Edition.objects.get(year=2030)
    assert edition.texts["mangfoldsradgiver"]["innledning"] == "Redigert av analytikeren."
    assert axe_violations(page) == []


def test_a_number_the_report_does_not_print_is_flagged_and_confirmed_with_the_keyboard(
    live_server: object, page: Page, analyst: User, school: Unit
) -> None:
    base = str(live_server.url)  # type: ignore[attr-defined]
    # given a register for 2030, the analyst logged in on the report page
    for number in range(40):
        CaseFactory(unit=school, registered_on=datetime.date(2030, 1 + number % 12, 2))
    log_in(page, base, analyst.username, TEST_PASSWORD)
    page.goto(f"{base}/rapporter/2030/")
    # then the report's own parts are there
    for heading in (
        "Innledning",
        "Hva er en sak?",
        "Sakskategoriene over tid",
        "Fakta: negativ sosial kontroll",
    ):
        expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()

    # when they type a number the report does not print and publish
    tab_to(page, "#id_mangfoldsradgiver__kategori", limit=400)
    page.keyboard.press("Control+A")
    page.keyboard.type("Det var 3 saker om dette.")
    tab_to(page, "button[type=submit] >> text=Publiser utgave", limit=80)
    page.keyboard.press("Enter")

    # then nothing is published, the error is at the field, and the page passes axe
    field = page.locator("#id_mangfoldsradgiver__kategori")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_mangfoldsradgiver__kategori_feil")).to_contain_text("«3»")
    assert not Edition.objects.filter(year=2030).exists()
    assert axe_violations(page) == []

    # when they confirm the number and publish, keyboard only
    tab_to(page, "#id_confirm_numbers", limit=400)
    page.keyboard.press("Space")
    tab_to(page, "button[type=submit] >> text=Publiser utgave", limit=20)
    page.keyboard.press("Enter")

    # then the edition is published with the confirmed text
    expect(page.get_by_role("status")).to_contain_text("Utgaven er publisert")
    edition = Edition.objects.get(year=2030)
    assert edition.texts["mangfoldsradgiver"]["kategori"] == "Det var 3 saker om dette."
