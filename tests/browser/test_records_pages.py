"""The audit search and the analysts' year pages have no WCAG 2.1 A/AA violations."""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import Page, expect

from tallrapport.accounts.models import Unit, User
from tallrapport.audit.models import Action
from tallrapport.audit.services import audit_record
from tests.browser.conftest import axe_violations
from tests.factories import TEST_PASSWORD, CaseFactory, close_year

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def _log_in(page: Page, base: str, user: User) -> None:
    page.goto(f"{base}/logg-inn/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", TEST_PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "logg-inn" not in page.url


def test_audit_search_page_is_accessible(
    live_server: object, page: Page, admin: User, advisor: User
) -> None:
    base = str(live_server.url)  # type: ignore[attr-defined]
    audit_record(
        actor=advisor,
        action=Action.UPDATE,
        target_type="sak",
        target_id="abc",
        changes={"gender": ["jente", "gutt"]},
    )
    _log_in(page, base, admin)
    page.goto(f"{base}/revisjonslogg/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Revisjonslogg")
    expect(page.get_by_text("Kjønn: Jente/kvinne → Gutt/mann")).to_be_visible()
    assert axe_violations(page) == []
    # a bad date is reported at its field, still without violations
    page.goto(f"{base}/revisjonslogg/?date_from=99.99.2024")
    expect(page.locator("#feiloppsummering")).to_contain_text("Skriv en gyldig dato")
    assert axe_violations(page) == []


def test_year_pages_are_accessible(
    live_server: object, page: Page, analyst: User, school: Unit
) -> None:
    base = str(live_server.url)  # type: ignore[attr-defined]
    CaseFactory(unit=school, registered_on=datetime.date(2022, 4, 1))
    close_year(school.scheme, 2023, by=analyst)
    _log_in(page, base, analyst)
    for path in [
        "/saker/aar/",
        f"/saker/aar/{school.scheme.code}/2022/las/",
        f"/saker/aar/{school.scheme.code}/2023/gjenapne/",
        "/saker/etterregistrering/",
    ]:
        page.goto(f"{base}{path}")
        assert axe_violations(page) == [], path
    # reopening without a reason: the message is at the field, the page still clean
    page.goto(f"{base}/saker/aar/{school.scheme.code}/2023/gjenapne/")
    page.get_by_role("button", name="Gjenåpne 2023").click()
    expect(page.locator("#id_reason_error")).to_have_text("Skriv en begrunnelse.")
    assert axe_violations(page) == []
