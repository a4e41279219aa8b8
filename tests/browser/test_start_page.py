"""Each role's start page in Chromium: no WCAG 2.1 A/AA violations after any step,
the administrator's links reached by keyboard, and no page wider than a phone."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tallrapport.accounts.models import Unit, User
from tests.activities.factories import ActivityFactory
from tests.browser.conftest import axe_violations, log_in, tab_to
from tests.factories import TEST_PASSWORD, CaseFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def _base(live_server: object) -> str:
    return str(live_server.url)  # type: ignore[attr-defined]


def _follow_by_keyboard(page: Page, selector: str) -> None:
    """Tab from the top of the page to the link, as a keyboard user does, and press Enter."""
    page.locator("body").focus()
    tab_to(page, selector)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_admin_lands_on_the_start_page_and_reaches_its_links_by_keyboard(
    live_server: object, page: Page, admin: User
) -> None:
    base = _base(live_server)
    # given the administrator logging in by keyboard
    log_in(page, base, admin.username, TEST_PASSWORD)
    # then they land on the start page, not in the Django admin
    assert page.url == f"{base}/"
    expect(page.get_by_role("heading", level=1)).to_have_text("Startside")
    assert axe_violations(page) == []
    # when they follow each of its links by keyboard, the page opens, and back again
    for href, heading in [
        ("/revisjonslogg/", "Revisjonslogg"),
        ("/handlingsplaner/", "Handlingsplaner"),
    ]:
        _follow_by_keyboard(page, f"main .start-links a[href='{href}']")
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        assert axe_violations(page) == [], href
        page.go_back()
        expect(page.get_by_role("heading", level=1)).to_have_text("Startside")
    # the admin opens, in Norwegian, and its «Vis nettsted» leads back to the start page
    _follow_by_keyboard(page, "main .start-links a[href='/admin/']")
    expect(page.get_by_role("link", name="Vis nettsted")).to_be_visible()
    expect(page.locator("body")).not_to_contain_text("TOTP device")
    assert axe_violations(page) == []
    _follow_by_keyboard(page, "a:text-is('Vis nettsted')")
    expect(page.get_by_role("heading", level=1)).to_have_text("Startside")
    assert axe_violations(page) == []


def _log_in_fast(page: Page, base: str, user: User) -> None:
    page.goto(f"{base}/logg-inn/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", TEST_PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def _no_wider_than_the_screen(page: Page) -> None:
    viewport = page.viewport_size
    assert viewport is not None
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]


def test_advisor_start_page(live_server: object, page: Page, advisor: User, school: Unit) -> None:
    # given cases this year and last year, and an activity
    today = timezone.localdate()
    CaseFactory.create_batch(3, unit=school, registered_on=today)
    CaseFactory(unit=school, registered_on=datetime.date(today.year - 1, 4, 1))
    ActivityFactory(unit=school, registered_by=advisor, date=today, hours=Decimal("6.5"))
    base = _base(live_server)
    _log_in_fast(page, base, advisor)
    # then the start page shows the counts, a chart beside each table, and no violations
    expect(page.get_by_role("heading", level=1)).to_have_text("Startside")
    expect(page.locator("#kategorier-tabell")).to_contain_text(str(today.year))
    expect(page.locator("svg")).to_have_count(2)
    assert axe_violations(page) == []
    # and on a phone the page is no wider than the screen
    page.set_viewport_size({"width": 390, "height": 844})
    _no_wider_than_the_screen(page)
    assert axe_violations(page) == []


def test_analyst_start_page(
    live_server: object, page: Page, analyst: User, school: Unit, other_school: Unit
) -> None:
    CaseFactory.create_batch(2, unit=school, registered_on=timezone.localdate())
    base = _base(live_server)
    _log_in_fast(page, base, analyst)
    expect(page.get_by_role("heading", level=1)).to_have_text("Startside")
    expect(page.get_by_text("Ingen registreringer")).to_have_count(1)  # school B has none
    assert axe_violations(page) == []
    page.set_viewport_size({"width": 390, "height": 844})
    _no_wider_than_the_screen(page)
    assert axe_violations(page) == []
