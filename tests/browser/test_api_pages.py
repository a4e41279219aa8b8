"""In Chromium: the API token page and the API documentation, under the strict CSP,
with no WCAG 2.1 A/AA violation, and the token made with the keyboard."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import ConsoleMessage, Page, expect

from tallrapport.accounts.models import Unit, User
from tests.browser.conftest import axe_violations, log_in, tab_to
from tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _csp_violations(page: Page) -> list[str]:
    found: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            found.append(message.text)

    page.on("console", on_console)
    return found


def test_the_documentation_reads_without_script_and_passes_axe(
    live_server: object, page: Page
) -> None:
    base = str(live_server.url)  # type: ignore[attr-defined]
    violations = _csp_violations(page)
    page.goto(f"{base}/api/v1/dokumentasjon/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Tallrapport API")
    expect(page.get_by_role("heading", name="POST /api/v1/saker/")).to_be_visible()
    assert violations == []
    assert axe_violations(page) == []


def test_an_advisor_makes_a_token_with_the_keyboard_and_sees_it_once(
    live_server: object, page: Page, advisor: User, school: Unit
) -> None:
    base = str(live_server.url)  # type: ignore[attr-defined]
    violations = _csp_violations(page)
    log_in(page, base, advisor.username, TEST_PASSWORD)
    page.goto(f"{base}/api-nokler/")
    assert axe_violations(page) == []
    # when the advisor names a token and presses Enter in the name field
    tab_to(page, "#id_name")
    page.keyboard.type("Skolens fagsystem")
    page.keyboard.press("Enter")
    # then the secret is shown this once, and the page passes axe
    secret = page.locator("#ny-nokkel")
    expect(secret).to_have_text(re.compile(r"^trp_"))
    assert axe_violations(page) == []
    page.reload()
    expect(page.locator("#ny-nokkel")).to_have_count(0)
    expect(page.get_by_role("button", name=re.compile("Trekk tilbake"))).to_be_visible()
    assert violations == []
