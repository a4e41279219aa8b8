"""Registration from a browser set to English and from one set to bokmål.

Many advisors' browsers are in English. The pages must still fill in and accept
dates as dd.mm.åååå, take «2,5» hours and write dates and numbers the Norwegian
way («1. desember 2026»), with no accessibility violations on the way.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from tallrapport.accounts.models import Unit, User
from tallrapport.activities.models import Activity
from tallrapport.cases.models import Case, Category, ReferralSource
from tests.browser.conftest import axe_violations, log_in
from tests.factories import TEST_PASSWORD, long_date

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture(params=["en-US", "nb-NO"])
def localized_page(request: pytest.FixtureRequest, browser: Browser) -> Iterator[Page]:
    """A page in a browser whose language (navigator.language, Accept-Language) is the param."""
    context = browser.new_context(locale=request.param, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def _register_case(page: Page, base: str) -> None:
    page.goto(f"{base}/saker/ny/")
    assert axe_violations(page) == []
    category = Category.objects.get(code="negativ-sosial-kontroll")
    page.select_option("#id_main_category", value=str(category.pk))
    page.check("#id_gender_0")
    page.check("#id_age_group_0")
    page.fill("#id_country", "Somalia")
    source = ReferralSource.objects.get(code="skoleansatt")
    page.select_option("#id_reported_by", value=str(source.pk))
    page.check("#id_guided_0")
    page.locator("button[type=submit] >> text=Registrer sak").press("Enter")


def _register_activity(page: Page, base: str) -> None:
    page.goto(f"{base}/aktiviteter/ny/")
    assert axe_violations(page) == []
    page.select_option("#id_activity_type", value="kurs")
    page.check("#id_target_groups_2")
    page.fill("#id_participants", "24")
    page.fill("#id_hours", "2,5")
    page.check("#id_topics_0")
    page.locator("button[type=submit] >> text=Registrer aktivitet").press("Enter")


def test_registration_takes_and_shows_norwegian_formats_in_any_browser_language(
    live_server: object, localized_page: Page, advisor: User, school: Unit
) -> None:
    page = localized_page
    base = str(live_server.url)  # type: ignore[attr-defined]
    today = timezone.localdate()
    # given an advisor logged in from a browser in the parametrized language
    log_in(page, base, advisor.username, TEST_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Startside")
    assert axe_violations(page) == []

    # when they open the case form, today is filled in as dd.mm.åååå
    page.goto(f"{base}/saker/ny/")
    expect(page.locator("#id_registered_on")).to_have_value(f"{today:%d.%m.%Y}")
    # and they register a case without touching the date
    _register_case(page, base)

    # then the pre-filled date is accepted and the case saved on it
    expect(page.get_by_role("status")).to_contain_text("Saken er registrert")
    assert axe_violations(page) == []
    case = Case.objects.get()
    assert case.registered_on == today
    # and the case page writes the date with a Norwegian month name
    page.get_by_role("link", name=case.short_ref, exact=True).click()
    expect(page.locator("dl.app-summary")).to_contain_text(long_date(today))
    assert axe_violations(page) == []

    # when they register an activity of «2,5» hours on the pre-filled date
    page.goto(f"{base}/aktiviteter/ny/")
    expect(page.locator("#id_date")).to_have_value(f"{today:%d.%m.%Y}")
    _register_activity(page, base)

    # then it is saved with two and a half hours, and the list writes them with a comma
    expect(page.get_by_role("status")).to_contain_text("Aktiviteten er registrert")
    expect(page.locator("#andel-tekst")).to_contain_text("2,5 timer kompetanseheving")
    assert axe_violations(page) == []
    activity = Activity.objects.get()
    assert (activity.date, activity.hours) == (today, Decimal("2.5"))
    # and its page shows the Norwegian date and the decimal comma
    page.get_by_role("link", name=activity.short_ref, exact=True).click()
    summary = page.locator("dl.app-summary")
    expect(summary).to_contain_text(long_date(today))
    expect(summary).to_contain_text("2,5")
    assert axe_violations(page) == []
