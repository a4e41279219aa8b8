"""On the demo register, the analyst publishes 2024 and then 2025 in the browser.

Each new edition is held to the ones before: the 2025 report names the 2024
edition among the editions it was protected against, and the small counts
that Tallrapportering 2023 already gave away are listed, not refused.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tallrapport.accounts.models import User
from tallrapport.demo.activities import load_demo_activities
from tallrapport.demo.loader import load_demo_data
from tallrapport.reports.models import Edition, EditionSource
from tests.browser.conftest import log_in
from tests.factories import TEST_PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


GIVEN_BY_2023 = "Gjennomført tvangsekteskap (Saker fordelt på kategori) = 2"
"""The envoys' 2022 count that Tallrapportering 2023's own total gives back."""
SLOW = 60_000
"""Building and publishing a report held to several editions takes seconds; CI shares cores."""


def _publish(page: Page, base: str, year: int) -> None:
    page.goto(f"{base}/rapporter/{year}/", timeout=SLOW)
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Tallrapportering {year}")
    expect(page.get_by_text("Revisjonen er bestått")).to_be_visible()
    button = page.get_by_role("button", name="Publiser utgave")
    button.focus()
    with page.expect_navigation(timeout=SLOW):
        page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Utgaven er publisert", timeout=SLOW)


def test_analyst_publishes_2024_then_2025_each_held_to_the_ones_before(
    live_server: object, page: Page, analyst: User
) -> None:
    base = str(live_server.url)  # type: ignore[attr-defined]
    # given the demo register and the analyst logged in
    load_demo_data()
    load_demo_activities()
    log_in(page, base, analyst.username, TEST_PASSWORD)

    # when they open the 2024 report
    page.goto(f"{base}/rapporter/2024/", timeout=SLOW)
    # then the counts Tallrapportering 2023 already gave away are listed with their source,
    # and the method says how earlier editions and revised numbers are held
    public = page.locator("ul.report-public")
    expect(public).to_contain_text(GIVEN_BY_2023)
    expect(public).to_contain_text("Tallrapportering 2023")
    expect(page.locator("#om-tallene")).to_contain_text("«Øvrige land» med de landene")
    expect(page.locator("#om-tallene")).to_contain_text("Endringen er selv et antall saker")

    # when they publish 2024, then 2025
    _publish(page, base, 2024)
    _publish(page, base, 2025)

    # then both are editions, and 2025 was held to 2024's edition as well as the history
    first = Edition.objects.get(year=2024, source=EditionSource.TALLRAPPORT)
    second = Edition.objects.get(year=2025, source=EditionSource.TALLRAPPORT)
    assert first in second.based_on.all()
    page.goto(f"{base}/rapporter/2025/", timeout=SLOW)
    expect(page.locator("ul.report-editions")).to_contain_text(first.title)
    expect(page.locator("ul.report-public")).to_contain_text(GIVEN_BY_2023)
