"""The import in Chromium: upload → columns → preview → import, axe after every step."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tallrapport.accounts.models import Unit, User
from tallrapport.cases.models import Case
from tests.browser.conftest import axe_violations
from tests.cases.imports.sheets import MERGED, old_sheet_rows, simple_rows, xlsx
from tests.factories import TEST_PASSWORD

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


def test_an_advisor_imports_an_old_sheet_in_the_browser(
    live_server: object, page: Page, advisor: User, school: Unit, tmp_path: Path
) -> None:
    base = str(live_server.url)  # type: ignore[attr-defined]
    sheet = tmp_path / "saker 2023.xlsx"
    sheet.write_bytes(xlsx(old_sheet_rows(), merged=MERGED))
    _log_in(page, base, advisor)
    # the start page, reached from the menu
    page.get_by_role("link", name="Les inn regneark").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Les inn regneark")
    assert axe_violations(page) == []
    # upload
    page.set_input_files("#id_file", str(sheet))
    page.get_by_role("button", name="Last opp og velg kolonner").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Velg kolonner")
    expect(page.get_by_label("Kategori: kolonne")).to_have_value("1")
    assert axe_violations(page) == []
    # the sheet has no column for who was guided: one value for every row
    page.get_by_label("Veiledet: samme verdi for alle rader").select_option("utsatt")
    page.get_by_role("button", name="Forhåndsvis").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Forhåndsvisning av innlesingen")
    expect(page.get_by_text("Fant ikke kategorien «Vold i nære relasjoner».")).to_be_visible()
    assert axe_violations(page) == []
    # accept the suggestion for «Eritria», and preview again
    page.get_by_label("«Eritria» i E (Landbakrunn)").select_option("er")
    page.get_by_role("button", name="Bruk valgene og forhåndsvis på nytt").click()
    expect(page.get_by_role("button", name="Les inn 8 rader")).to_be_visible()
    assert axe_violations(page) == []
    assert Case.objects.count() == 0
    # confirm
    page.get_by_role("button", name="Les inn 8 rader").click()
    expect(page.get_by_text("8 rader er lest inn")).to_be_visible()
    assert axe_violations(page) == []
    assert Case.objects.filter(unit=school).count() == 8
    assert Case.objects.filter(registered_on=datetime.date(2023, 9, 4)).get().country.code == "er"


def test_a_sheet_with_names_is_refused_in_the_browser(
    live_server: object,
    page: Page,
    analyst: User,
    school: Unit,
    other_school: Unit,
    tmp_path: Path,
) -> None:
    base = str(live_server.url)  # type: ignore[attr-defined]
    rows = simple_rows([datetime.date(2023, 2, 1)])
    rows[0] += ["Elevens navn", "Merknad"]
    rows[1] += ["Amina", "15030512345"]
    sheet = tmp_path / "saker.xlsx"
    sheet.write_bytes(xlsx(rows))
    _log_in(page, base, analyst)
    page.goto(f"{base}/innlesing/")
    page.get_by_label("Enhet").select_option(str(school.pk))  # the analyst: any unit
    page.set_input_files("#id_file", str(sheet))
    page.get_by_role("button", name="Last opp og velg kolonner").click()
    summary = page.locator("#feiloppsummering")
    expect(summary).to_contain_text("kolonne H («Elevens navn»): overskriften tyder på navn.")
    expect(summary).to_contain_text("kolonne I («Merknad»): rad 2 ser ut som et fødselsnummer")
    assert axe_violations(page) == []
