"""Reads about a person's second factor."""

from __future__ import annotations

from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tallrapport.accounts.models import User


def user_has_totp_device(user: User) -> bool:
    """Whether set-up is done: the first code from the app has been accepted."""
    found: bool = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    return found


def recovery_codes_left(user: User) -> int:
    left: int = StaticToken.objects.filter(device__user=user, device__confirmed=True).count()
    return left


def second_factor_throttled(user: User) -> bool:
    """Whether django-otp makes the user wait after too many wrong codes."""
    devices: list[TOTPDevice | StaticDevice] = [
        *TOTPDevice.objects.filter(user=user, confirmed=True),
        *StaticDevice.objects.filter(user=user, confirmed=True),
    ]
    return any(not device.verify_is_allowed()[0] for device in devices)
