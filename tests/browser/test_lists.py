"""The lists in Chromium: paging, filter and sort by link and keyboard, a closed year's
list, and every main page on a 390 px phone screen without sideways scrolling of the
page. axe-core's WCAG 2.1 A/AA rules run after every step."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tallrapport.accounts.models import Unit, User
from tallrapport.cases.models import Category
from tests.activities.factories import ActivityFactory
from tests.browser.conftest import axe_violations, log_in
from tests.factories import TEST_PASSWORD, CaseFactory, close_year

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

D = datetime.date


def _clean(page: Page, step: str) -> None:
    assert axe_violations(page) == [], step


def test_list_paging_filter_and_sort(
    live_server: object, page: Page, advisor: User, school: Unit
) -> None:
    base = str(live_server.url)  # type: ignore[attr-defined]
    # given 60 cases of the advisor's school in 2023, the last ten about violence
    violence = Category.objects.get(code="trusler-vold")
    for n in range(60):
        CaseFactory(
            unit=school,
            registered_on=D(2023, 1, 2) + datetime.timedelta(days=5 * n),
            **({"main_category": violence} if n >= 50 else {}),
        )
    log_in(page, base, advisor.username, TEST_PASSWORD)
    # when the advisor opens 2023
    page.goto(f"{base}/saker/mine/?aar=2023")
    caption = page.locator("#saker caption")
    expect(caption).to_contain_text("60 saker – side 1 av 2")
    expect(page.locator("#saker tbody tr")).to_have_count(50)
    _clean(page, "first page")
    # and goes to page 2 by the pagination
    page.get_by_role("navigation", name="Sider i listen").get_by_role("link", name="Side 2").click()
    # then page 2 holds the last ten, marked as the current page
    expect(caption).to_contain_text("side 2 av 2")
    expect(page.locator("#saker tbody tr")).to_have_count(10)
    expect(page.locator('.ds-pagination [aria-current="page"]')).to_have_text("Side 2")
    _clean(page, "second page")

    # when they filter on the second half-year and the violence category
    page.locator("#id_halvaar").select_option("2")
    page.locator("#id_kategori").select_option(label="Trusler/vold")
    page.get_by_role("button", name="Vis").click()
    # then only those are listed, from the first page
    expect(caption).to_contain_text("10 saker")
    assert "halvaar=2" in page.url and "kategori=trusler-vold" in page.url
    _clean(page, "filtered")

    # when they sort by date with the header's link, by keyboard
    date_header = page.locator('#saker th:has(a:text("Dato"))')
    expect(date_header).to_have_attribute("aria-sort", "descending")
    date_header.locator("a").focus()
    page.keyboard.press("Enter")
    # then the oldest comes first, the header says so, and the filter is kept
    expect(date_header).to_have_attribute("aria-sort", "ascending")
    expect(page.locator("#saker tbody tr").first).to_contain_text("09.09.2023")
    assert "kategori=trusler-vold" in page.url and "sorter=dato" in page.url
    _clean(page, "sorted")

    # when a value in the query string is not a choice
    page.goto(f"{base}/saker/mine/?aar=2023&sorter=evil&side=999")
    # then the summary names it, and the list is still there
    expect(page.locator("#feiloppsummering")).to_contain_text(
        "Sortering: Velg en verdi fra listen."
    )
    expect(page.locator("#saker tbody tr")).to_have_count(10)
    _clean(page, "bad sort")


def test_a_closed_years_list(
    live_server: object, page: Page, advisor: User, analyst: User, school: Unit
) -> None:
    base = str(live_server.url)  # type: ignore[attr-defined]
    # given 2022 cases and activities, and 2022 closed by the analysts
    for n in range(3):
        CaseFactory(unit=school, registered_on=D(2022, 3, 1 + n))
    ActivityFactory(unit=school, date=D(2022, 3, 1))
    close_year(school.scheme, 2022, by=analyst)
    log_in(page, base, advisor.username, TEST_PASSWORD)
    # when the advisor opens 2022
    page.goto(f"{base}/saker/mine/?aar=2022")
    # then no row offers a change, each says it is closed, and the note says why,
    # naming the scheme as it was called in 2022
    table = page.locator("#saker")
    expect(table.get_by_role("link", name="Endre", exact=True)).to_have_count(0)
    expect(table.get_by_role("link", name="Slett", exact=True)).to_have_count(0)
    expect(table.get_by_role("link", name="Låst (2022)")).to_have_count(3)
    note = page.locator("#laaste-aar")
    expect(note).to_contain_text("2022 er låst for Minoritetsrådgiverordningen")
    expect(note).to_contain_text("etterregistreres av en analytiker")
    _clean(page, "closed cases")
    # and the row's link leads to the note
    table.get_by_role("link", name="Låst (2022)").first.click()
    assert page.url.endswith("#laaste-aar")
    # and the activities of 2022 alike
    page.goto(f"{base}/aktiviteter/mine/?aar=2022")
    activities = page.locator("#aktiviteter")
    expect(activities.get_by_role("link", name="Endre", exact=True)).to_have_count(0)
    expect(page.locator("#laaste-aar")).to_contain_text("Minoritetsrådgiverordningen")
    _clean(page, "closed activities")


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="nb-NO", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


WIDER_THAN_SCREEN = "() => document.documentElement.scrollWidth - window.innerWidth"
# What reaches past the screen's right edge outside any box that scrolls, to name in
# a failure.
WIDE_ELEMENTS = """() => [...document.querySelectorAll("body *")]
    .filter(el => el.getBoundingClientRect().right > window.innerWidth + 0.5)
    .filter(el => {
        for (let up = el.parentElement; up; up = up.parentElement) {
            if (getComputedStyle(up).overflowX !== "visible") return false;
        }
        return true;
    })
    .map(el => `${el.tagName.toLowerCase()}#${el.id}.${el.className}`)
    .slice(0, 5).join(" | ")"""


def _fits(page: Page, url: str) -> None:
    page.goto(url)
    wider = page.evaluate(WIDER_THAN_SCREEN)
    assert wider <= 0, f"{url} scrolls sideways by {wider} px: {page.evaluate(WIDE_ELEMENTS)}"
    _clean(page, url)


def test_every_main_page_fits_a_390_px_screen(
    live_server: object, browser: Browser, phone: Page, advisor: User, analyst: User, school: Unit
) -> None:
    base = str(live_server.url)  # type: ignore[attr-defined]
    # given cases and activities of the advisor's school, and a closed 2022
    for n in range(55):
        CaseFactory(unit=school, registered_on=D(2022, 1, 3) + datetime.timedelta(days=6 * n))
    case = CaseFactory(unit=school, registered_on=D(2022, 12, 1))
    activity = ActivityFactory(unit=school, date=D(2022, 5, 2))
    close_year(school.scheme, 2022, by=analyst)
    # when the advisor opens each of their pages on a phone / then none scrolls sideways
    log_in(phone, base, advisor.username, TEST_PASSWORD)
    for path in [
        "/",
        "/saker/mine/?aar=2022",
        "/saker/mine/?aar=",
        "/saker/ny/",
        f"/saker/{case.pk}/",
        "/aktiviteter/mine/?aar=2022",
        "/aktiviteter/ny/",
        f"/aktiviteter/{activity.pk}/",
    ]:
        _fits(phone, f"{base}{path}")
    # and the wide table scrolls in its own box, by keyboard
    phone.goto(f"{base}/saker/mine/?aar=2022")
    box = phone.locator("#saker")
    assert box.evaluate("el => el.scrollWidth > el.clientWidth")
    box.focus()
    for _ in range(5):
        phone.keyboard.press("ArrowRight")
    # (arrow keys scroll smoothly: the box gets there a moment later, slower under load)
    phone.wait_for_function("el => el.scrollLeft > 0", arg=box.element_handle(), timeout=5000)
    phone.context.clear_cookies()
    # when the analyst opens theirs / then none scrolls sideways either
    log_in(phone, base, analyst.username, TEST_PASSWORD)
    for path in [
        "/",
        "/saker/alle/?aar=",
        "/aktiviteter/alle/?aar=",
        f"/saker/{case.pk}/",
        "/saker/etterregistrering/",
        "/saker/aar/",
        "/rapporter/",
        "/rapporter/2022/",
    ]:
        _fits(phone, f"{base}{path}")
