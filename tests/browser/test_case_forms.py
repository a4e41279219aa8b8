"""The case form's everyday help in the browser (issue 13), checked with axe
after every step: the statistical fields start unanswered and each says so when
left empty; an envoy registers two cases of one family without reading a code;
an exact duplicate stops once and is registered when confirmed.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tallrapport.accounts.models import Unit, User
from tallrapport.cases.models import Case, Category
from tests.browser.conftest import Keys, axe_violations, log_in, tab_to
from tests.factories import TEST_PASSWORD, CaseFactory, EmbassyFactory, FamilyFactory, envoy_at

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

STATISTICAL_FIELDS = {
    "#id_main_category_error": "Velg hovedkategori.",
    "#id_gender_error": "Velg kjønn.",
    "#id_age_group_error": "Velg aldersgruppe.",
    "#id_country_error": "Skriv landbakgrunn",
    "#id_reported_by_error": "Velg hvem som meldte saken.",
    "#id_guided_error": "Velg hvem du veiledet.",
}


def _fill_case(keys: Keys, page: Page) -> None:
    """A girl under 18 with Somali background who reported it herself, by keyboard.

    Starts anywhere above the category field and leaves focus in the form.
    """
    tab_to(page, "#id_main_category", keys=keys)
    keys.type("Ufr")
    tab_to(page, "#id_gender_0", keys=keys)
    keys.press("Space")
    tab_to(page, "#id_age_group_0", keys=keys)
    keys.press("Space")
    tab_to(page, "#id_country", keys=keys)
    keys.type("Somalia")
    tab_to(page, "#id_reported_by", keys=keys)
    keys.type("Den")
    tab_to(page, "#id_guided_0", keys=keys)
    keys.press("Space")


def test_every_statistical_field_starts_empty_and_is_asked_for(
    live_server: object, page: Page, advisor: User, school: Unit
) -> None:
    base = str(live_server.url)  # type: ignore[attr-defined]
    # given an advisor on a fresh form: nothing counted is answered in advance
    log_in(page, base, advisor.username, TEST_PASSWORD)
    page.goto(f"{base}/saker/ny/")
    assert axe_violations(page) == []
    assert page.locator("input[type=radio]:checked").count() == 0
    expect(page.locator("#id_main_category")).to_have_value("")
    expect(page.locator("#id_reported_by")).to_have_value("")
    expect(page.locator("#id_country")).to_have_value("")
    # when they submit it as it is
    page.locator("button[type=submit] >> text=Registrer sak").press("Enter")
    # then each statistical field says what it needs, and the summary links to it
    expect(page.locator("#feiloppsummering")).to_be_focused()
    for selector, message in STATISTICAL_FIELDS.items():
        expect(page.locator(selector)).to_contain_text(message)
    expect(page.locator("#id_main_category")).to_have_attribute("aria-invalid", "true")
    page.locator("#feiloppsummering a[href='#id_age_group_0']").press("Enter")
    expect(page.locator("#id_age_group_0")).to_be_focused()
    assert axe_violations(page) == []
    assert not Case.objects.exists()


def test_an_envoy_registers_two_cases_of_one_family_without_reading_a_code(
    live_server: object, page: Page
) -> None:
    base = str(live_server.url)  # type: ignore[attr-defined]
    embassy = EmbassyFactory(name="Ambassaden i Testby")
    envoy = envoy_at(embassy, username="utsending_t")
    log_in(page, base, envoy.username, TEST_PASSWORD)
    # given the envoy on the form, registering the first sister in a new family
    page.goto(f"{base}/saker/ny/")
    assert axe_violations(page) == []
    keys = Keys(page)
    _fill_case(keys, page)
    tab_to(page, "#id_family", keys=keys)
    keys.type("Ny")  # «Nytt sakskompleks»
    tab_to(page, "button[type=submit] >> text=Registrer sak", keys=keys)
    keys.press("Enter")
    # then the confirmation names the case and its family and offers the next one
    expect(page.get_by_role("status")).to_contain_text("Saken er registrert")
    first = Case.objects.get()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Sak {first.short_ref} er registrert"
    )
    expect(page.locator("dl.app-summary")).to_contain_text(f"{first.family}, 1 sak")
    assert axe_violations(page) == []
    # when they take «Registrer en til i samme sakskompleks» by keyboard
    tab_to(page, "a:text-is('Registrer en til i samme sakskompleks')", keys=keys)
    keys.press("Enter")
    # then the form has the family, unit and date, and nothing counted
    expect(page.get_by_role("heading", level=1)).to_have_text("Registrer sak")
    expect(page.locator("#id_family")).to_have_value(str(first.family_id))
    assert page.locator("input[type=radio]:checked").count() == 0
    assert axe_violations(page) == []
    # when they register the second sister with the same answers
    _fill_case(keys, page)
    tab_to(page, "button[type=submit] >> text=Registrer sak", keys=keys)
    keys.press("Enter")
    # then both are in one family, and no duplicate warning stopped a sibling
    expect(page.locator("dl.app-summary")).to_contain_text(f"{first.family}, 2 saker")
    assert axe_violations(page) == []
    assert Case.objects.filter(family=first.family_id).count() == 2
    print(f"\nfamily of two by keyboard: {keys.count} key presses")


def test_an_exact_duplicate_is_confirmed_before_it_is_registered(
    live_server: object, page: Page, advisor: User, school: Unit
) -> None:
    base = str(live_server.url)  # type: ignore[attr-defined]
    log_in(page, base, advisor.username, TEST_PASSWORD)
    # given a case registered today
    for time in ("first", "second"):
        page.goto(f"{base}/saker/ny/")
        keys = Keys(page)
        _fill_case(keys, page)
        tab_to(page, "button[type=submit] >> text=Registrer sak", keys=keys)
        keys.press("Enter")
        if time == "first":
            expect(page.get_by_role("status")).to_contain_text("Saken er registrert")
    # when the same answers are submitted a second time
    # then the warning has focus, names the earlier case, and nothing is saved yet
    first = Case.objects.get()
    warning = page.locator("#mulig-dobbel")
    expect(warning).to_be_focused()
    expect(warning).to_contain_text(f"sak {first.short_ref}")
    expect(page.locator("#id_country")).to_have_value("Somalia")
    assert axe_violations(page) == []
    # when the advisor confirms by keyboard
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Registrer likevel")).to_be_focused()
    page.keyboard.press("Enter")
    # then it is registered
    expect(page.get_by_role("status")).to_contain_text("Saken er registrert")
    assert axe_violations(page) == []
    assert Case.objects.count() == 2


def test_an_envoy_finds_a_family_by_searching(live_server: object, page: Page) -> None:
    base = str(live_server.url)  # type: ignore[attr-defined]
    # given an envoy with many families, one of them about threats
    embassy = EmbassyFactory(name="Ambassaden i Testby")
    envoy = envoy_at(embassy, username="utsending_t")
    for _ in range(8):
        CaseFactory(unit=embassy, family=FamilyFactory(unit=embassy))
    threats = Category.objects.get(code="trusler-vold")
    wanted = FamilyFactory(unit=embassy)
    CaseFactory(unit=embassy, family=wanted, main_category=threats)
    log_in(page, base, envoy.username, TEST_PASSWORD)
    page.goto(f"{base}/saker/ny/")
    assert axe_violations(page) == []
    # when they type part of the category in the picker's search field
    search = page.get_by_label("Søk blant sakskompleksene")
    search.focus()
    page.keyboard.type("trusler")
    # then only that family is left to choose, and the count is announced
    expect(page.locator("#sakskompleks-treff")).to_have_text("Sakskomplekser som passer: 1")
    visible = page.locator("#id_family option:not([hidden])")
    expect(visible).to_have_count(3)  # «Ingen», «Nytt sakskompleks» and the one found
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(page.locator("#id_family")).to_have_value(str(wanted.pk))
    assert axe_violations(page) == []
