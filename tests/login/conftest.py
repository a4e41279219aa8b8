"""Helpers for the login tests: the second factor switched on, codes computed
from a device's key as the person's app would."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from pytest_django.fixtures import Settings

from tallrapport.accounts.models import User
from tallrapport.login.services import enrolment_invitation_issue
from tests.factories import TEST_PASSWORD


@pytest.fixture
def otp_required(settings: Settings) -> None:
    settings.TALLRAPPORT_REQUIRE_OTP = True


def code_for(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    """The code an authenticator app shows now for this device's secret."""
    value = totp(device.bin_key, device.step, device.t0, device.digits, device.drift + steps_ahead)
    return f"{value:0{device.digits}d}"


def confirmed_device(user: User) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Autentiseringsapp", confirmed=True)


def password_login(user: User) -> Client:
    """A client past the password step only, as after a real login form."""
    client = Client()
    response = client.post(reverse("login"), {"username": user.username, "password": TEST_PASSWORD})
    assert response.status_code == 302, response.content
    return client


def invited(client: Client, user: User) -> Client:
    """The client after an administrator's invitation code was typed, as set-up needs."""
    _invitation, code = enrolment_invitation_issue(user=user, issued_by=None)
    response = client.post(reverse("login_invitation"), {"code": code})
    assert response.status_code == 302, response.content
    assert response["Location"].startswith(reverse("login_setup"))
    return client
