"""An advisor registers a case with the keyboard alone and finds it in the list.

This is the product's first promise: from an empty form to a saved case in under
half a minute, without a mouse, on pages without WCAG 2.1 A/AA violations.
"""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import Page, expect

from tallrapport.accounts.models import Unit, User
from tallrapport.cases.models import Case
from tests.browser.conftest import axe_violations, tab_to
from tests.factories import TEST_PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_advisor_registers_a_case_with_the_keyboard_alone(
    live_server: object, page: Page, advisor: User, school: Unit
) -> None:
    base = str(live_server.url)  # type: ignore[attr-defined]

    # given the advisor on the login page, which has no accessibility violations
    page.goto(f"{base}/logg-inn/")
    assert axe_violations(page) == []
    tab_to(page, "#id_username")
    page.keyboard.type(advisor.username)
    page.keyboard.press("Tab")
    page.keyboard.type(TEST_PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Startside")
    assert axe_violations(page) == []

    # when they open the form and fill it in with the keyboard only
    page.goto(f"{base}/saker/ny/")
    assert axe_violations(page) == []
    started = time.perf_counter()
    tab_to(page, "#id_registered_on")  # today is filled in already
    page.keyboard.press("Tab")
    page.keyboard.type("Neg")  # the select jumps to «Negativ sosial kontroll»
    tab_to(page, "#id_gender_0")
    page.keyboard.press("Space")
    tab_to(page, "#id_age_group_0")  # nothing counted is answered in advance
    page.keyboard.press("Space")
    tab_to(page, "#id_country")
    page.keyboard.type("Somalia")
    page.keyboard.press("Tab")
    tab_to(page, "#id_reported_by")
    page.keyboard.type("Skolea")
    tab_to(page, "#id_guided_0")
    page.keyboard.press("Space")
    tab_to(page, "button[type=submit] >> text=Registrer sak")
    page.keyboard.press("Enter")
    status = page.get_by_role("status")
    expect(status).to_contain_text("Saken er registrert")
    elapsed = time.perf_counter() - started

    # then one case is saved with what was typed, and the confirmation links to it
    case = Case.objects.get()
    assert case.unit_id == school.id
    assert case.main_category.name == "Negativ sosial kontroll"
    assert case.country.name == "Somalia"
    assert case.reported_by.code == "skoleansatt"
    assert case.gender == "jente"
    expect(page.get_by_role("link", name=case.short_ref, exact=True)).to_be_visible()
    assert axe_violations(page) == []
    print(f"\nkeyboard-only registration: {elapsed:.2f} s")
    assert elapsed < 30


def test_form_errors_are_announced_at_their_field_and_keep_the_input(
    live_server: object, page: Page, advisor: User
) -> None:
    base = str(live_server.url)  # type: ignore[attr-defined]
    # given a logged-in advisor on the form
    page.goto(f"{base}/logg-inn/")
    page.fill("#id_username", advisor.username)
    page.fill("#id_password", TEST_PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Startside")
    page.goto(f"{base}/saker/ny/")

    # when they submit with an unknown country and no category
    page.fill("#id_country", "Atlantis")
    page.locator("button[type=submit] >> text=Registrer sak").press("Enter")

    # then the error summary has focus, each error sits at its field, input is kept
    expect(page.locator("#feiloppsummering")).to_be_focused()
    expect(page.locator("#id_country")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_country")).to_have_value("Atlantis")
    expect(page.locator("#id_main_category_error")).to_be_visible()
    assert axe_violations(page) == []
    assert Case.objects.count() == 0
