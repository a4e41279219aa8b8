"""In Chromium, under the strict Content-Security-Policy: an advisor sets up the
second factor with the secret the page shows, and the pages load their own
stylesheets and fonts with no policy violation and no WCAG 2.1 A/AA violation."""

from __future__ import annotations

from base64 import b32decode

import pytest
from django_otp.oath import totp
from playwright.sync_api import ConsoleMessage, Page, expect
from pytest_django.fixtures import Settings

from tallrapport.accounts.models import Unit, User
from tallrapport.login.services import enrolment_invitation_issue
from tests.browser.conftest import axe_violations
from tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _watch(page: Page) -> tuple[list[str], list[str]]:
    """Collect CSP violations (Chromium reports them on the console) and failed loads."""
    violations: list[str] = []
    failures: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            violations.append(message.text)

    page.on("console", on_console)
    page.on("requestfailed", lambda request: failures.append(request.url))
    page.on(
        "response",
        lambda response: failures.append(response.url) if response.status >= 400 else None,
    )
    return violations, failures


def _design_system_loaded(page: Page) -> None:
    # Designsystemet's tokens and our Inter font come from our own static files.
    token = page.evaluate(
        "getComputedStyle(document.documentElement).getPropertyValue('--ds-size-4')"
    )
    assert token.strip(), "Designsystemet's CSS did not load"
    assert "Inter" in page.evaluate("getComputedStyle(document.body).fontFamily")
    page.evaluate("document.fonts.ready")
    assert page.evaluate("document.fonts.check('16px Inter')")


def test_advisor_sets_up_totp_under_the_strict_policy(
    live_server: object, page: Page, advisor: User, school: Unit, settings: Settings
) -> None:
    settings.TALLRAPPORT_REQUIRE_OTP = True
    base = str(live_server.url)  # type: ignore[attr-defined]
    violations, failures = _watch(page)

    # given an advisor with an administrator's invitation who logs in for the first time
    _invitation, code = enrolment_invitation_issue(user=advisor, issued_by=None)
    page.goto(f"{base}/logg-inn/")
    page.fill("#id_username", advisor.username)
    page.fill("#id_password", TEST_PASSWORD)
    page.keyboard.press("Enter")

    # then they are asked for the invitation code first, on an accessible page
    expect(page.get_by_role("heading", level=1)).to_have_text("Skriv invitasjonskoden")
    assert axe_violations(page) == []
    page.fill("#id_code", code)
    page.keyboard.press("Enter")

    # then the set-up page shows a QR code and the secret, without violations
    expect(page.get_by_role("heading", level=1)).to_have_text("Sett opp tofaktorinnlogging")
    expect(page.locator(".app-qr svg")).to_be_visible()
    assert axe_violations(page) == []
    _design_system_loaded(page)

    # when they type the code an app computes from the secret shown on the page
    secret = page.locator("#totp-secret").inner_text().replace(" ", "")
    key = b32decode(secret + "=" * (-len(secret) % 8))
    page.fill("#id_code", f"{totp(key):06d}")
    page.keyboard.press("Enter")

    # then they see their recovery codes once, and go on to their start page
    expect(page.get_by_role("heading", level=1)).to_have_text("Reservekoder")
    expect(page.locator(".app-recovery-codes code")).to_have_count(10)
    assert axe_violations(page) == []
    page.get_by_role("link", name="Jeg har tatt vare på kodene – fortsett").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Startside")
    assert violations == []
    assert failures == []


def test_wrong_code_message_is_announced_and_tied_to_the_field(
    live_server: object, page: Page, advisor: User, school: Unit, settings: Settings
) -> None:
    settings.TALLRAPPORT_REQUIRE_OTP = True
    base = str(live_server.url)  # type: ignore[attr-defined]
    # given an advisor with an invitation on the set-up page
    _invitation, code = enrolment_invitation_issue(user=advisor, issued_by=None)
    page.goto(f"{base}/logg-inn/")
    page.fill("#id_username", advisor.username)
    page.fill("#id_password", TEST_PASSWORD)
    page.keyboard.press("Enter")
    page.fill("#id_code", code)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sett opp tofaktorinnlogging")
    # when they send a code other than the one their app shows
    secret = page.locator("#totp-secret").inner_text().replace(" ", "")
    right = totp(b32decode(secret + "=" * (-len(secret) % 8)))
    page.fill("#id_code", f"{(right + 1) % 1_000_000:06d}")
    page.keyboard.press("Enter")
    # then the error summary and the field both say so, and the page stays accessible
    expect(page.locator("#feiloppsummering")).to_contain_text("Koden stemmer ikke.")
    expect(page.locator("#id_code")).to_have_attribute("aria-invalid", "true")
    assert axe_violations(page) == []


@pytest.mark.parametrize(
    "path", ["/saker/ny/", "/saker/mine/", "/handlingsplaner/", "/logg-inn/reservekoder/"]
)
def test_advisor_pages_work_under_the_policy(
    live_server: object, page: Page, advisor: User, school: Unit, path: str
) -> None:
    base = str(live_server.url)  # type: ignore[attr-defined]
    violations, failures = _watch(page)
    # given a logged-in advisor (second factor off, as in the demo)
    page.goto(f"{base}/logg-inn/")
    page.fill("#id_username", advisor.username)
    page.fill("#id_password", TEST_PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Startside")
    # when they open the page
    page.goto(f"{base}{path}")
    # then it loads its own styles and fonts, and the policy blocked nothing
    _design_system_loaded(page)
    assert violations == []
    assert failures == []


def test_admin_works_under_the_policy(live_server: object, page: Page, admin: User) -> None:
    base = str(live_server.url)  # type: ignore[attr-defined]
    violations, failures = _watch(page)
    # given an administrator logged in
    page.goto(f"{base}/logg-inn/")
    page.fill("#id_username", admin.username)
    page.fill("#id_password", TEST_PASSWORD)
    page.keyboard.press("Enter")
    # (they land on their start page; the admin is one link away)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Startside")
    page.goto(f"{base}/admin/")
    expect(page.locator("#site-name")).to_be_visible()
    # when they open the admin's user list
    page.goto(f"{base}/admin/accounts/user/")
    # then Django's admin scripts and styles load, and the policy blocked nothing
    expect(page.locator("#changelist")).to_be_visible()
    assert violations == []
    assert failures == []
