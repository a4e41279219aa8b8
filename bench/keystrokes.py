"""Keystrokes and seconds for the three everyday registrations, by keyboard only.

Measures what issue 13 asks to compare before and after its form changes:

(a) an advisor registers one case;
(b) an envoy registers a family of two cases (the second one in the first one's
    sakskompleks), without reading a code off the screen;
(c) an advisor registers one activity.

Each count starts on the loaded form (after login, which is not counted) and
ends when the success page shows; a typed word counts per letter. Like a
keyboard user, the script takes the skip link («Hopp til hovedinnholdet») past
the menu, then tabs to each field it fills. Seconds are
wall-clock time of the scripted keyboard, so they measure the pages' and the
server's share, not a person's reading time. The script adapts to the form it
finds (a radio group already answered needs no key; a checkbox group that is one
tab stop is walked with letters and arrows), so the same script measures the
code before and after a change.

    SECRET_KEY=x .venv/bin/python bench/keystrokes.py                  # SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wt_forms \\
        SECRET_KEY=x .venv/bin/python bench/keystrokes.py              # PostgreSQL

It makes a throw-away test database, starts a live server on it and drives
Debian's Chromium (``CHROMIUM_PATH`` overrides /usr/bin/chromium).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tallrapport.settings")
os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.staticfiles.handlers import StaticFilesHandler  # noqa: E402
from django.db import connections  # noqa: E402
from django.test.testcases import LiveServerThread  # noqa: E402
from django.test.utils import setup_test_environment, teardown_test_environment  # noqa: E402
from playwright.sync_api import Page, expect, sync_playwright  # noqa: E402

LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class Keys:
    """The keyboard, counting what a person presses (a typed word counts per letter)."""

    def __init__(self, page: Page) -> None:
        self.page, self.count = page, 0

    def press(self, key: str, times: int = 1) -> None:
        for _ in range(times):
            self.count += 1
            self.page.keyboard.press(key)

    def type(self, text: str) -> None:
        self.count += len(text)
        self.page.keyboard.type(text)

    def focused(self, selector: str) -> bool:
        return bool(self.page.locator(selector).first.evaluate("e => e === document.activeElement"))

    def tab_to(self, selector: str, limit: int = 80) -> None:
        """Tab to the element, through the skip link first if it lies past the menu,
        as a keyboard user does on every page."""
        outside_main = "!document.activeElement?.closest('#innhold')"
        in_main = self.page.locator(selector).first.evaluate("e => !!e.closest('#innhold')")
        if in_main and self.page.evaluate(outside_main):
            self.press("Tab")  # the skip link, the first tab stop of every page
            self.press("Enter")
        for _ in range(limit):
            if self.focused(selector):
                return
            self.press("Tab")
        raise AssertionError(f"{selector} never got focus by Tab")

    def tab_into(self, name: str, limit: int = 80) -> None:
        """Tab until any input named ``name`` (a radio or checkbox group) has focus."""
        if self.page.evaluate("!document.activeElement?.closest('#innhold')"):
            self.press("Tab")
            self.press("Enter")
        for _ in range(limit):
            if self.page.evaluate(f"document.activeElement?.name === {name!r}"):
                return
            self.press("Tab")
        raise AssertionError(f"group {name} never got focus by Tab")

    def answer_radio(self, name: str, index: int) -> None:
        """Choose option ``index`` of a radio group, unless it is already chosen."""
        radios = self.page.locator(f"input[name={name}]")
        if radios.nth(index).is_checked():
            return  # a default that happens to be right costs nothing (and is the problem)
        self.tab_into(name)
        if radios.nth(index).is_checked():
            return
        current = int(
            self.page.evaluate(
                f"[...document.getElementsByName({name!r})].indexOf(document.activeElement)"
            )
        )
        if index > current:
            self.press("ArrowDown", index - current)
        elif index == current:
            self.press("Space")
        else:
            self.press("ArrowUp", current - index)

    def tick(self, name: str, labels: list[str]) -> None:
        """Tick the boxes with these labels in a checkbox group."""
        group = self.page.locator(f"fieldset:has(input[name={name}])")
        roving = group.get_attribute("data-choice-group") is not None
        self.tab_into(name)
        for label in labels:
            box = group.get_by_label(label, exact=True)
            if roving:
                # One tab stop: the first letter moves to the next box with it.
                for _ in range(20):
                    if box.evaluate("e => e === document.activeElement"):
                        break
                    self.press(label[0].lower())
            else:
                box_id = box.get_attribute("id")
                self.tab_to(f"#{box_id}")
            self.press("Space")


def _choose_family(keys: Keys, page: Page) -> None:
    """In a fresh form, pick «Nytt sakskompleks» in the family field."""
    keys.tab_to("#id_family")
    keys.type("Ny")


def fill_case(keys: Keys, page: Page, *, family: Callable[[Keys, Page], None] | None) -> None:
    """A girl under 18, Somali background, reported by school staff, guided herself."""
    keys.tab_to("#id_main_category")
    keys.type("Ufr")  # «Ufrivillig opphold i utlandet»
    keys.answer_radio("gender", 0)
    keys.answer_radio("age_group", 0)
    keys.tab_to("#id_country")
    keys.type("Somalia")
    keys.tab_to("#id_reported_by")
    keys.type("Den")  # «Den utsatte selv»
    keys.answer_radio("guided", 0)
    if family is not None:
        family(keys, page)
    keys.tab_to("form.app-form button[type=submit]")
    keys.press("Enter")


def _logged_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/logg-inn/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).not_to_have_text("Logg inn")


def measure_case(page: Page, base: str, run: int) -> tuple[int, float]:
    _logged_in(page, base, f"benk_radgiver{run}")
    page.goto(f"{base}/saker/ny/")
    keys, started = Keys(page), time.perf_counter()
    fill_case(keys, page, family=None)
    expect(page.get_by_role("status")).to_contain_text("Saken er registrert")
    return keys.count, time.perf_counter() - started


def _to_second_case_form(keys: Keys, page: Page, base: str) -> None:
    """From the page after saving to the form for the sibling's case."""
    same = page.get_by_role("link", name="Registrer en til i samme sakskompleks")
    if same.count():
        keys.tab_to("a:text-is('Registrer en til i samme sakskompleks')")
        keys.press("Enter")
    else:
        keys.tab_to("nav a:text-is('Registrer sak')")
        keys.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Registrer sak")


def _same_family(keys: Keys, page: Page) -> None:
    """The sibling's family: already chosen if the form came pre-filled, else the
    newest «Sakskompleks …» in the list (the envoy cannot tell them apart otherwise)."""
    if page.locator("#id_family").input_value() not in ("", "ny"):
        return
    keys.tab_to("#id_family")
    keys.type("S")


def measure_family(page: Page, base: str, run: int) -> tuple[int, float]:
    _logged_in(page, base, f"benk_utsending{run}")
    page.goto(f"{base}/saker/ny/")
    keys, started = Keys(page), time.perf_counter()
    fill_case(keys, page, family=_choose_family)
    expect(page.get_by_role("status")).to_contain_text("Saken er registrert")
    _to_second_case_form(keys, page, base)
    fill_case(keys, page, family=_same_family)
    expect(page.get_by_role("status")).to_contain_text("Saken er registrert")
    return keys.count, time.perf_counter() - started


def measure_activity(page: Page, base: str, run: int) -> tuple[int, float]:
    _logged_in(page, base, f"benk_radgiver{run}")
    page.goto(f"{base}/aktiviteter/ny/")
    keys, started = Keys(page), time.perf_counter()
    keys.tab_to("#id_activity_type")
    keys.type("Kurs")
    keys.tick("target_groups", ["Skoleansatte", "Barnevern"])
    keys.tab_to("#id_participants")
    keys.type("24")
    keys.tab_to("#id_hours")
    keys.type("2,5")
    keys.tick("topics", ["Negativ sosial kontroll"])
    keys.tab_to("form.app-form button[type=submit]")
    keys.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Aktiviteten er registrert")
    return keys.count, time.perf_counter() - started


PASSWORD = "benk-passord-123"  # noqa: S105 (a throw-away test database)


def _people(runs: int) -> None:
    """An advisor and an envoy per run, each at a unit of their own, so that no run
    meets the cases of another (a repeated case would be a duplicate)."""
    from tests.factories import EmbassyFactory, UnitFactory, advisor_at, envoy_at

    for run in range(runs):
        school = UnitFactory(name=f"Benkskolen {run} videregående skole")
        embassy = EmbassyFactory(name=f"Ambassaden i Benkby {run}")
        for user in (
            advisor_at(school, username=f"benk_radgiver{run}"),
            envoy_at(embassy, username=f"benk_utsending{run}"),
        ):
            user.set_password(PASSWORD)
            user.save()


def _server() -> LiveServerThread:
    overrides: dict[str, Any] = {}
    for conn in connections.all():
        if conn.vendor == "sqlite" and conn.is_in_memory_db():  # type: ignore[attr-defined]
            overrides[conn.alias] = conn
            conn.inc_thread_sharing()
    thread = LiveServerThread("127.0.0.1", StaticFilesHandler, overrides, port=0)
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    if thread.error:
        raise thread.error
    return thread


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per scenario (median shown)")
    args = parser.parse_args()
    settings.SECURE_SSL_REDIRECT = False
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = False
    settings.SECURE_HSTS_SECONDS = 0
    settings.TALLRAPPORT_REQUIRE_OTP = False
    setup_test_environment()
    connection = connections["default"]
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    server = None
    try:
        _people(args.runs)
        server = _server()
        _measure_all(f"http://127.0.0.1:{server.port}", args.runs)
    finally:
        if server is not None:
            server.terminate()
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()


def _measure_all(base: str, runs: int) -> None:
    chromium = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "chromium"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, headless=True, args=LAUNCH_ARGS
        )
        for name, measure in (
            ("(a) one case", measure_case),
            ("(b) family of two, envoy", measure_family),
            ("(c) one activity", measure_activity),
        ):
            counts, times = [], []
            for run in range(runs):
                context = browser.new_context(
                    locale="nb-NO", viewport={"width": 1280, "height": 900}
                )
                page = context.new_page()
                page.set_default_timeout(10_000)
                count, seconds = measure(page, base, run)
                counts.append(count)
                times.append(seconds)
                context.close()
            print(
                f"{name:28} {statistics.median(counts):3.0f} keystrokes "
                f"{statistics.median(times):5.2f} s (median of {runs}; "
                f"{min(times):.2f}–{max(times):.2f} s)"
            )
        browser.close()


if __name__ == "__main__":
    main()
