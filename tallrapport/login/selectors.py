"""Reads about a person's second factor."""

from __future__ import annotations

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tallrapport.accounts.models import User
from tallrapport.login.models import EnrolmentInvitation


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


def open_invitations(user: User) -> QuerySet[EnrolmentInvitation]:
    """The user's invitations that can still be used: unused, unexpired, not guessed at."""
    return EnrolmentInvitation.objects.filter(
        user=user,
        used_at__isnull=True,
        expires_at__gt=timezone.now(),
        failed_attempts__lt=settings.TALLRAPPORT_INVITATION_MAX_TRIES,
    )
