"""The second factor: required outside demo mode, set up once, then asked for at
every login; recovery codes work once each."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from pytest_django.fixtures import Settings

from tallrapport.accounts.models import User
from tallrapport.login.services import recovery_codes_replace
from tests.conftest import client_for
from tests.login.conftest import code_for, confirmed_device, invited, password_login

pytestmark = pytest.mark.usefixtures("otp_required")

MY_CASES = "/saker/mine/"
WRONG_CODE_MESSAGE = "Koden stemmer ikke. Prøv igjen, eller bruk en reservekode."


def _fresh_device(device: TOTPDevice) -> TOTPDevice:
    return TOTPDevice.objects.get(pk=device.pk)


def test_user_without_device_is_sent_to_setup_keeping_the_page_asked_for(
    advisor: User,
) -> None:
    # given an advisor past the password step who never set up an app
    client = password_login(advisor)
    # when they open Mine saker
    response = client.get(reverse("my_cases"))
    # then they are sent to set-up, with the page to return to
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login_setup')}?next={reverse('my_cases')}"


def test_user_with_device_is_sent_to_the_code_page(advisor: User) -> None:
    # given an advisor with a confirmed app, past the password step
    confirmed_device(advisor)
    client = password_login(advisor)
    # when they open the registration form
    response = client.get(reverse("case_register"))
    # then they must give a code first
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login_code"))


@pytest.mark.parametrize("persona", ["advisor", "analyst", "admin"])
def test_every_role_is_held_back_until_verified(
    persona: str, request: pytest.FixtureRequest, db: None
) -> None:
    # given a logged-in but unverified user of any role (force_login skips the password)
    user: User = request.getfixturevalue(persona)
    client = client_for(user)
    # when they open their start page or the admin
    home = client.get(reverse("home"))
    admin = client.get(reverse("admin:index"))
    # then both send them to set-up, and set-up first asks for an invitation code
    assert home["Location"].startswith(reverse("login_setup"))
    assert admin["Location"].startswith(reverse("login_setup"))
    assert client.get(reverse("login_setup"))["Location"].startswith(reverse("login_invitation"))
    assert client.get(reverse("login_invitation")).status_code == 200


def test_setup_shows_secret_and_inline_qr_and_confirms_with_a_right_code(advisor: User) -> None:
    # given an advisor with an invitation on the set-up page
    client = invited(password_login(advisor), advisor)
    page = client.get(reverse("login_setup") + f"?next={MY_CASES}")
    device = TOTPDevice.objects.get(user=advisor)
    html = page.content.decode()
    # then the page shows the QR code as inline SVG (no image request, no data: URI)
    assert "<svg" in html
    assert "data:" not in html
    # and the secret as text for typing
    secret = re.search(r'id="totp-secret">([A-Z2-7 ]+)<', html)
    assert secret is not None
    assert len(secret.group(1).replace(" ", "")) == 32
    # when they type the code their app shows
    response = client.post(reverse("login_setup"), {"code": code_for(device), "next": MY_CASES})
    # then the device is confirmed, they are verified and see their recovery codes once
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login_recovery_codes"))
    assert _fresh_device(device).confirmed
    codes_page = client.get(response["Location"]).content.decode()
    shown = re.findall(r"<code>([a-z2-7]{4}-[a-z2-7]{4})</code>", codes_page)
    assert len(shown) == 10
    stored = set(StaticToken.objects.filter(device__user=advisor).values_list("token", flat=True))
    assert {code.replace("-", "") for code in shown} == stored
    again = client.get(reverse("login_recovery_codes")).content.decode()
    assert not re.findall(r"<code>[a-z2-7]{4}-[a-z2-7]{4}</code>", again)
    assert client.get(reverse("my_cases")).status_code == 200


def test_setup_refuses_a_wrong_code_in_norwegian_and_confirms_nothing(advisor: User) -> None:
    # given an advisor with an invitation on the set-up page
    client = invited(password_login(advisor), advisor)
    client.get(reverse("login_setup"))
    device = TOTPDevice.objects.get(user=advisor)
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"
    # when they type a wrong code
    response = client.post(reverse("login_setup"), {"code": wrong})
    # then the code is refused at its field, and nothing is confirmed
    assert response.status_code == 200
    html = response.content.decode()
    assert "Koden stemmer ikke." in html
    assert 'aria-describedby="id_code_error id_code_helptext"' in html
    assert not _fresh_device(device).confirmed
    assert client.get(reverse("my_cases")).status_code == 302


def test_setup_keeps_the_same_secret_on_reload(advisor: User) -> None:
    # given an advisor with an invitation who opened set-up
    client = invited(password_login(advisor), advisor)
    client.get(reverse("login_setup"))
    first = TOTPDevice.objects.get(user=advisor).key
    # when they reload it
    client.get(reverse("login_setup"))
    # then the secret they may already have scanned still holds
    assert list(TOTPDevice.objects.filter(user=advisor).values_list("key", flat=True)) == [first]


def test_wrong_code_is_refused_with_a_norwegian_message(advisor: User) -> None:
    # given an advisor with an app, past the password step
    device = confirmed_device(advisor)
    client = password_login(advisor)
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"
    # when they type a wrong code
    response = client.post(reverse("login_code"), {"code": wrong, "next": MY_CASES})
    # then they stay on the code page with the message at the field, still not let in
    assert response.status_code == 200
    assert WRONG_CODE_MESSAGE in response.content.decode()
    assert client.get(reverse("my_cases")).status_code == 302


def test_empty_code_is_refused_with_a_norwegian_message(advisor: User) -> None:
    # given an advisor with an app, past the password step
    confirmed_device(advisor)
    client = password_login(advisor)
    # when they send the form empty
    response = client.post(reverse("login_code"), {"code": "  "})
    # then they are asked for the code
    assert "Skriv koden." in response.content.decode()


def test_right_code_lets_in_and_returns_to_the_page_asked_for(advisor: User) -> None:
    # given an advisor with an app, past the password step
    device = confirmed_device(advisor)
    client = password_login(advisor)
    # when they type the code computed from the device's key, with spaces as shown in apps
    code = code_for(device)
    response = client.post(
        reverse("login_code"), {"code": f"{code[:3]} {code[3:]}", "next": MY_CASES}
    )
    # then they go on to the page they asked for, and it opens
    assert response.status_code == 302
    assert response["Location"] == MY_CASES
    assert client.get(reverse("my_cases")).status_code == 200


def test_a_code_from_the_app_works_only_once(advisor: User) -> None:
    # given an advisor who logged in with the current code
    device = confirmed_device(advisor)
    code = code_for(device)
    first = password_login(advisor)
    first.post(reverse("login_code"), {"code": code})
    # when someone who saw the code uses it again in another session
    second = password_login(advisor)
    response = second.post(reverse("login_code"), {"code": code})
    # then it is refused
    assert response.status_code == 200
    assert second.get(reverse("my_cases")).status_code == 302


def test_next_pointing_elsewhere_is_ignored(advisor: User) -> None:
    # given an advisor with an app, past the password step
    device = confirmed_device(advisor)
    client = password_login(advisor)
    # when the code form carries a next address on another site
    response = client.post(
        reverse("login_code"), {"code": code_for(device), "next": "https://example.org/"}
    )
    # then they land on our own start page instead
    assert response["Location"] == reverse("home")


def test_recovery_code_works_once_only(advisor: User) -> None:
    # given an advisor with an app and recovery codes
    confirmed_device(advisor)
    codes = recovery_codes_replace(user=advisor)
    # when they log in with a recovery code instead of the app, typed as shown
    client = password_login(advisor)
    response = client.post(
        reverse("login_code"), {"code": f"{codes[0][:4]}-{codes[0][4:].upper()}"}
    )
    # then they are let in, told how many codes are left
    assert response.status_code == 302
    page = client.get(reverse("my_cases"))
    assert page.status_code == 200
    assert "Du har 9 igjen." in page.content.decode()
    # and when they (or someone else) try the same code at the next login
    again = password_login(advisor)
    refused = again.post(reverse("login_code"), {"code": codes[0]})
    # then it is refused, and the other codes still work
    assert refused.status_code == 200
    assert again.get(reverse("my_cases")).status_code == 302
    assert StaticToken.objects.filter(device__user=advisor).count() == 9
    # (a minute later, when the wait after the wrong try is over)
    StaticDevice.objects.filter(user=advisor).update(
        throttling_failure_timestamp=timezone.now() - datetime.timedelta(minutes=1)
    )
    third = password_login(advisor)
    assert third.post(reverse("login_code"), {"code": codes[1]}).status_code == 302


def test_new_recovery_codes_replace_the_old_ones(advisor: User) -> None:
    # given a verified advisor with recovery codes
    device = confirmed_device(advisor)
    old = recovery_codes_replace(user=advisor)
    client = password_login(advisor)
    client.post(reverse("login_code"), {"code": code_for(device)})
    # when they ask for new codes
    response = client.post(reverse("login_recovery_codes"))
    page = client.get(response["Location"]).content.decode()
    new = [c.replace("-", "") for c in re.findall(r"<code>([a-z2-7-]{9})</code>", page)]
    # then ten new codes are shown once, and an old one no longer lets anyone in
    assert len(new) == 10
    assert not set(new) & set(old)
    other = password_login(advisor)
    assert other.post(reverse("login_code"), {"code": old[0]}).status_code == 200
    assert other.get(reverse("my_cases")).status_code == 302
    stored = StaticToken.objects.filter(device__user=advisor).values_list("token", flat=True)
    assert set(stored) == set(new)


def test_logout_works_before_the_second_factor(advisor: User) -> None:
    # given an advisor past the password step only
    confirmed_device(advisor)
    client = password_login(advisor)
    # when they log out
    response = client.post(reverse("logout"))
    # then they are logged out, not sent to the code page
    assert response["Location"] == reverse("login")
    assert "_auth_user_id" not in client.session


def test_requirement_off_lets_a_password_login_in(advisor: User, settings: Settings) -> None:
    # given demo mode's setting: no second factor
    settings.TALLRAPPORT_REQUIRE_OTP = False
    # when an advisor logs in with the password only
    client = password_login(advisor)
    # then their pages open
    assert client.get(reverse("my_cases")).status_code == 200


def test_wrong_codes_in_a_row_make_the_next_try_wait(advisor: User) -> None:
    # given an advisor with an app who just typed a wrong code
    device = confirmed_device(advisor)
    client = password_login(advisor)
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"
    client.post(reverse("login_code"), {"code": wrong})
    # when they (or a script guessing codes) try again at once, even with the right code
    response = client.post(reverse("login_code"), {"code": code_for(device)})
    # then the try is refused with a Norwegian request to wait
    assert "For mange feil koder på kort tid." in response.content.decode()
    assert client.get(reverse("my_cases")).status_code == 302


def test_the_menu_is_hidden_until_the_code_is_given(advisor: User) -> None:
    # given an advisor with a confirmed app, past the password step only
    device = confirmed_device(advisor)
    client = password_login(advisor)
    # when they are on the code page
    page = client.get(reverse("login_code")).content.decode()
    # then the header offers no menu, only logging out
    assert 'aria-label="Hovedmeny"' not in page
    assert reverse("logout") in page
    # and once the right code is given, the menu is there
    client.post(reverse("login_code"), {"code": code_for(device)})
    assert 'aria-label="Hovedmeny"' in client.get(MY_CASES).content.decode()
