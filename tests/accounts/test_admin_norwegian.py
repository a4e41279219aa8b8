"""The admin speaks Norwegian throughout, and «Vis nettsted» leads to the start page."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import resolve, reverse

from tallrapport.accounts.models import User
from tests.conftest import client_for

# What the admin showed in English before: third-party apps and models, and Django
# 5.2's own strings that its Norwegian catalogue lacks.
ENGLISH = [
    "Access attempt",
    "Access failure",
    "Access log",
    "Axes",
    "OTP_TOTP",
    "Otp_Totp",
    "OTP_STATIC",
    "Otp_Static",
    "TOTP device",
    "Static device",
    "Static token",
    "Skip to main content",
    "Toggle theme",
    "Model name",
    "Add link",
    "Change or view list link",
    "Recent actions",
    "View site",
    "Log out",
    "Change password",
    "Authentication and Authorization",
]

LOCALE = Path(__file__).resolve().parents[2] / "tallrapport" / "locale" / "nb" / "LC_MESSAGES"


def _visible_text(html: str) -> str:
    """Text and the labels a screen reader reads (title, aria-label), tags removed."""
    labels = " ".join(re.findall(r'(?:title|aria-label)="([^"]*)"', html))
    return " ".join(re.sub(r"<[^>]+>", " ", html).split()) + " " + labels


def test_admin_index_has_no_english(admin: User) -> None:
    # given the admin persona
    # when they open the admin's index
    response = client_for(admin).get(reverse("admin:index"))
    # then none of the known English labels is on it, and the Norwegian ones are
    text = _visible_text(response.content.decode())
    assert [word for word in ENGLISH if word.casefold() in text.casefold()] == []
    for norwegian in (
        "Tofaktor: autentiseringsapper",
        "Innloggingsforsøk og sperring",
        "Vis nettsted",
    ):
        assert norwegian in text


@pytest.mark.parametrize(
    "model", ["otp_totp_totpdevice", "otp_static_staticdevice", "axes_accessattempt"]
)
def test_third_party_lists_are_named_in_norwegian(admin: User, model: str) -> None:
    response = client_for(admin).get(reverse(f"admin:{model}_changelist"))
    text = _visible_text(response.content.decode())
    assert response.status_code == 200
    assert [word for word in ENGLISH if word.casefold() in text.casefold()] == []


def test_view_site_goes_to_the_start_page(admin: User) -> None:
    # given the admin's index
    html = client_for(admin).get(reverse("admin:index")).content.decode()
    # when following «Vis nettsted»
    (href,) = re.findall(r'<a href="([^"]+)">Vis nettsted</a>', html)
    # then it is the start page, which answers the administrator with their own page
    assert resolve(href).url_name == "home"
    assert client_for(admin).get(href).status_code == 200


def test_norwegian_names_need_no_migration(db: None) -> None:
    # Only display names change; the packages' migrations stay as shipped.
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def _po_entries(text: str) -> dict[str, str]:
    """msgid → msgstr of a .po file whose entries are one line each (as ours are)."""
    pairs = re.findall(r'^msgid "(.+)"\nmsgstr "(.*)"$', text, re.M)
    return {_unquote(k): _unquote(v) for k, v in pairs}


def _unquote(text: str) -> str:
    return text.replace('\\"', '"').replace("\\\\", "\\")


def test_compiled_catalogue_matches_its_source() -> None:
    # given the committed .po and the .mo compiled from it
    source = _po_entries((LOCALE / "django.po").read_text(encoding="utf-8"))
    with (LOCALE / "django.mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    # then every entry of the source is in the compiled catalogue, with its translation
    assert source
    assert {k: compiled.gettext(k) for k in source} == source
