"""Personal API tokens: make one (shown once), revoke one, and spend one on a request.

A token is made by its owner on the web page, after the second factor, and
every step of its life is in the audit trail: made, revoked, and each request
it answered (who, when, from where, which address), as a case page's every
look is.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tallrapport.accounts.models import User
from tallrapport.api.models import ApiToken
from tallrapport.audit.models import Action
from tallrapport.audit.services import audit_record

AUDIT_TARGET = "api-nokkel"
TOKEN_PREFIX = "trp_"  # noqa: S105 (a marker that says what the secret is, not a secret)
# How long a token may live, in days: the choices of the form, longest a year.
LIFETIMES = (30, 90, 365)
MAX_NAME = 80
# Characters of the secret kept readable, so a person can tell their tokens apart.
SHOWN_CHARACTERS = 12


def token_hash(secret: str) -> str:
    """The stored form of a secret: SHA-256, hex."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class TokenInput:
    """What the owner chooses when making a token."""

    name: str
    days: int


def api_token_create(
    *, user: User, data: TokenInput, ip_address: str | None = None, request_id: str = ""
) -> tuple[ApiToken, str]:
    """A new token for ``user`` and its secret, which is returned once and never stored."""
    if not user.is_active:
        raise PermissionDenied
    name = " ".join(data.name.split())
    if not name or len(name) > MAX_NAME or "\x00" in name:
        raise ValidationError(
            {"name": _("Gi nøkkelen et navn på høyst %(max)s tegn.") % {"max": MAX_NAME}}
        )
    if data.days not in LIFETIMES:
        raise ValidationError({"days": _("Velg hvor lenge nøkkelen skal virke.")})
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    now = timezone.now()
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user,
            name=name,
            prefix=secret[:SHOWN_CHARACTERS],
            secret_hash=token_hash(secret),
            created_at=now,
            expires_at=now + datetime.timedelta(days=data.days),
        )
        audit_record(
            actor=user,
            action=Action.CREATE,
            target_type=AUDIT_TARGET,
            target_id=token.pk,
            changes={"navn": [None, name], "utløper": [None, token.expires_at]},
            ip_address=ip_address,
            request_id=request_id,
        )
    return token, secret


def api_token_revoke(
    *, user: User, token: ApiToken, ip_address: str | None = None, request_id: str = ""
) -> None:
    """Stop a token from working: the owner's own, or any (an administrator, in the
    admin, e.g. when a token has leaked); revoking twice changes nothing."""
    if token.user_id != user.pk and not user.is_administrator:
        raise PermissionDenied
    now = timezone.now()
    with transaction.atomic():
        revoked = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
            revoked_at=now
        )
        if revoked:
            audit_record(
                actor=user,
                action=Action.UPDATE,
                target_type=AUDIT_TARGET,
                target_id=token.pk,
                changes={"trukket tilbake": [None, now]},
                ip_address=ip_address,
                request_id=request_id,
            )


def api_token_use(
    *, secret: str, method: str, path: str, ip_address: str | None = None, request_id: str = ""
) -> ApiToken | None:
    """The active token this secret is, with its active owner, recorded as used; else None.

    Each use is one audit entry (and the token's last use is kept on it), so an
    administrator can see every request a token answered.
    """
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > 200:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(secret_hash=token_hash(secret), revoked_at__isnull=True)
        .first()
    )
    now = timezone.now()
    if token is None or token.expires_at <= now or not token.user.is_active:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    audit_record(
        actor=token.user,
        action=Action.API_USE,
        target_type=AUDIT_TARGET,
        target_id=token.pk,
        changes={"forespørsel": [None, f"{method} {path}"[:300]]},
        ip_address=ip_address,
        request_id=request_id,
    )
    return token
