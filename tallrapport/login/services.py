"""Writes for the second factor: invite a user to set up, set up an authenticator
app, make recovery codes, check a code.

django-otp keeps the devices; these functions decide how a person gets one and
how a code is spent, so that a recovery code works exactly once even if the same
code is sent twice at the same moment.
"""

from __future__ import annotations

import datetime
import secrets

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tallrapport.accounts.models import User
from tallrapport.audit.models import Action
from tallrapport.audit.services import audit_record
from tallrapport.login.models import EnrolmentInvitation
from tallrapport.login.selectors import open_invitations

TOTP_DEVICE_NAME = "Autentiseringsapp"
RECOVERY_DEVICE_NAME = "Reservekoder"
TOTP_DIGITS = 6


def normalize_code(code: str) -> str:
    """People type codes with spaces or dashes, as they are shown; those carry nothing."""
    return "".join(code.split()).replace("-", "").lower()


# Invitation codes: 15 characters of an alphabet without look-alikes (no 0/O, 1/I/L),
# about 75 bits, typed in groups of five. Enough that five tries cannot guess one.
INVITATION_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
INVITATION_LENGTH = 15
INVITATION_GROUP = 5


def enrolment_invitation_issue(
    *, user: User, issued_by: User | None, ip_address: str | None = None, request_id: str = ""
) -> tuple[EnrolmentInvitation, str]:
    """A new invitation and its code for ``user``; any earlier open one stops working.

    The code is returned once, for the administrator to hand over; only its hash
    is kept. Issuing is in the audit trail (who, for whom, until when), the code
    is not.
    """
    code = "".join(secrets.choice(INVITATION_ALPHABET) for _ in range(INVITATION_LENGTH))
    now = timezone.now()
    expires_at = now + datetime.timedelta(hours=settings.TALLRAPPORT_INVITATION_HOURS)
    with transaction.atomic():
        open_invitations(user).update(expires_at=now)
        invitation = EnrolmentInvitation.objects.create(
            user=user,
            code_hash=make_password(code),
            issued_at=now,
            issued_by=issued_by,
            expires_at=expires_at,
        )
        audit_record(
            actor=issued_by,
            action=Action.CREATE,
            target_type="invitasjon",
            target_id=invitation.pk,
            changes={"bruker": [None, user.get_username()], "utløper": [None, expires_at]},
            ip_address=ip_address,
            request_id=request_id,
        )
    shown = "-".join(
        code[i : i + INVITATION_GROUP] for i in range(0, INVITATION_LENGTH, INVITATION_GROUP)
    )
    return invitation, shown


def enrolment_invitation_check(*, user: User, code: str) -> EnrolmentInvitation | None:
    """The user's open invitation this code belongs to, or None.

    A wrong code counts against every open invitation of the user, and an
    invitation with too many wrong tries is closed, so the code cannot be guessed.
    """
    typed = normalize_code(code).upper()
    if not typed:
        return None
    candidates = list(open_invitations(user))
    for invitation in candidates:
        if check_password(typed, invitation.code_hash):
            return invitation
    EnrolmentInvitation.objects.filter(pk__in=[i.pk for i in candidates]).update(
        failed_attempts=F("failed_attempts") + 1
    )
    return None


def enrolment_invitation_spend(
    *, invitation: EnrolmentInvitation, ip_address: str | None = None, request_id: str = ""
) -> bool:
    """Mark the invitation used, once: False if it was used, or expired, meanwhile.

    One UPDATE with the conditions in it, so two set-ups racing with one code
    cannot both succeed. Call inside the transaction that confirms the device.
    """
    now = timezone.now()
    spent = open_invitations(invitation.user).filter(pk=invitation.pk).update(used_at=now)
    if spent:
        audit_record(
            actor=invitation.user,
            action=Action.UPDATE,
            target_type="invitasjon",
            target_id=invitation.pk,
            changes={"brukt": [None, now]},
            ip_address=ip_address,
            request_id=request_id,
        )
    return bool(spent)


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
