"""An advisor registers an activity with the keyboard alone, in under 30 seconds
and at most 40 key presses, and finds it with their share of time on competence
building. Each checkbox group is one tab stop, walked with arrows and letters.

The issue's promise for activities: from the first field to the success message
in under half a minute, without a mouse, on pages without WCAG 2.1 A/AA
violations (axe-core).
"""

from __future__ import annotations

import time
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from tallrapport.accounts.models import Unit, User
from tallrapport.activities.models import Activity
from tests.browser.conftest import Keys, axe_violations, log_in, tab_to
from tests.factories import TEST_PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def _log_in(page: Page, base: str, advisor: User) -> None:
    log_in(page, base, advisor.username, TEST_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Startside")


def test_advisor_registers_an_activity_with_the_keyboard_alone(
    live_server: object, page: Page, advisor: User, school: Unit
) -> None:
    base = str(live_server.url)  # type: ignore[attr-defined]
    # given a logged-in advisor on the activity form, which has no accessibility violations
    _log_in(page, base, advisor)
    page.goto(f"{base}/aktiviteter/ny/")
    violations_form = axe_violations(page)
    assert violations_form == []

    # when they fill it in with the keyboard only, timed and counted from the loaded page
    started = time.perf_counter()
    keys = Keys(page)
    keys.press("Tab")  # the skip link past the menu
    keys.press("Enter")
    tab_to(page, "#id_date", keys=keys)  # today is filled in already
    keys.press("Tab")
    keys.type("Kurs")  # the select jumps to «Kurs/foredrag/fagdag for ansatte»
    keys.press("Tab")  # into the target groups: one tab stop for the whole group
    expect(page.locator("#id_target_groups_0")).to_be_focused()
    keys.press("s")  # a letter jumps to «Skoleansatte»
    expect(page.get_by_label("Skoleansatte", exact=True)).to_be_focused()
    keys.press("Space")
    keys.press("ArrowDown")  # the arrows walk the group: «Barnevern»
    keys.press("Space")
    keys.press("Tab")  # out of the group at once
    expect(page.locator("#id_participants")).to_be_focused()
    keys.type("24")
    keys.press("Tab")
    keys.type("2,5")
    keys.press("Tab")  # into the topics: «Negativ sosial kontroll» first
    keys.press("Space")
    # Bergen is filled in
    tab_to(page, "button[type=submit] >> text=Registrer aktivitet", keys=keys)
    keys.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Aktiviteten er registrert")
    elapsed = time.perf_counter() - started

    # then one activity is saved with what was typed, and the list shows it and the share
    activity = Activity.objects.get()
    assert activity.unit_id == school.id
    assert activity.activity_type == "kurs"
    assert activity.target_group_names == ["Skoleansatte", "Barnevern"]
    assert activity.topic_names == ["Negativ sosial kontroll"]
    assert (activity.participants, activity.hours) == (24, Decimal("2.5"))
    assert activity.municipality == "Bergen"
    expect(page.get_by_role("link", name=activity.short_ref, exact=True)).to_be_visible()
    expect(page.locator("#andel-tekst")).to_contain_text("2,5 timer kompetanseheving")
    violations_list = axe_violations(page)
    assert violations_list == []

    # and the detail page, reached by keyboard, is clean too
    page.get_by_role("link", name=activity.short_ref, exact=True).focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Aktivitet")
    violations_detail = axe_violations(page)
    assert violations_detail == []
    print(
        f"\nkeyboard-only activity registration: {elapsed:.2f} s, {keys.count} key presses; "
        "axe violations "
        f"(form, list, detail): {len(violations_form)}, {len(violations_list)}, "
        f"{len(violations_detail)}"
    )
    assert elapsed < 30
    assert keys.count <= 40


def test_activity_errors_are_announced_and_keep_the_input(
    live_server: object, page: Page, advisor: User
) -> None:
    base = str(live_server.url)  # type: ignore[attr-defined]
    # given a logged-in advisor on the form
    _log_in(page, base, advisor)
    page.goto(f"{base}/aktiviteter/ny/")

    # when they submit with words for hours and no target group or topic
    page.fill("#id_hours", "to timer")
    page.fill("#id_participants", "12")
    page.locator("button[type=submit] >> text=Registrer aktivitet").press("Enter")

    # then the error summary has focus, each error sits at its field, input is kept
    expect(page.locator("#feiloppsummering")).to_be_focused()
    expect(page.locator("#id_hours")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_hours")).to_have_value("to timer")
    expect(page.locator("#id_participants")).to_have_value("12")
    expect(page.locator("#id_target_groups_error")).to_contain_text("minst én målgruppe")
    expect(page.locator("#id_topics_error")).to_be_visible()
    # and the summary's link takes the keyboard to the first checkbox of the group
    page.locator("#feiloppsummering a[href='#id_target_groups_0']").press("Enter")
    expect(page.locator("#id_target_groups_0")).to_be_focused()
    assert axe_violations(page) == []
    assert Activity.objects.count() == 0
