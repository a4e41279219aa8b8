"""Writes for the second factor: set up an authenticator app, make recovery codes,
check a code.

django-otp keeps the devices; these functions decide how a person gets one and
how a code is spent, so that a recovery code works exactly once even if the same
code is sent twice at the same moment.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tallrapport.accounts.models import User

TOTP_DEVICE_NAME = "Autentiseringsapp"
RECOVERY_DEVICE_NAME = "Reservekoder"
TOTP_DIGITS = 6


def normalize_code(code: str) -> str:
    """People type codes with spaces or dashes, as they are shown; those carry nothing."""
    return "".join(code.split()).replace("-", "").lower()


def totp_device_for_setup(*, user: User) -> TOTPDevice:
    """The user's device waiting for its first code, made if there is none.

    Keeping the unconfirmed device means a reload of the set-up page shows the same
    secret, so a person who already scanned it is not left with a wrong one.
    """
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
    return device


def totp_device_confirm(*, device: TOTPDevice, code: str) -> bool:
    """Confirm the device with a first right code; a wrong code confirms nothing."""
    if not device.verify_token(normalize_code(code)):
        return False
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
    return True


def recovery_codes_replace(*, user: User) -> list[str]:
    """New recovery codes for the user; every earlier code stops working.

    Only the codes are returned: the caller shows them once, they are not kept
    anywhere else in readable form outside django-otp's table.
    """
    codes = [StaticToken.random_token() for _ in range(settings.RECOVERY_CODE_COUNT)]
    with transaction.atomic():
        device, _ = StaticDevice.objects.get_or_create(
            user=user, name=RECOVERY_DEVICE_NAME, defaults={"confirmed": True}
        )
        StaticToken.objects.filter(device=device).delete()
        StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return codes


def second_factor_check(*, user: User, code: str) -> Device | None:
    """The device a code belongs to, or None; a recovery code is spent by this call.

    Six digits are a code from the app, anything else a recovery code. A recovery
    code is deleted in one statement and counts only if that statement deleted it,
    so two requests racing with the same code cannot both get in. Wrong codes feed
    django-otp's throttling, which makes each next try wait longer.
    """
    code = normalize_code(code)
    if not code:
        return None
    if code.isdigit() and len(code) == TOTP_DIGITS:
        for totp in TOTPDevice.objects.filter(user=user, confirmed=True):
            if totp.verify_token(code):
                return totp
        return None
    for static in StaticDevice.objects.filter(user=user, confirmed=True):
        allowed, _ = static.verify_is_allowed()
        if not allowed:
            continue
        deleted, _ = StaticToken.objects.filter(device=static, token=code).delete()
        if deleted:
            static.throttle_reset()
            return static
        static.throttle_increment()
    return None
