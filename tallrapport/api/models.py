"""A personal API token.

The secret itself is never stored: only its SHA-256, which is enough because
the secret is 256 random bits (a slow password hash protects guessable
passwords, not random keys), and lets a request find its token with one
indexed lookup. The user sees the secret once, when the token is made.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ApiToken(models.Model):
    """One token of one person, valid until it expires or is revoked."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="api_tokens",
        verbose_name=_("bruker"),
    )
    name = models.CharField(_("navn"), max_length=80)
    # The first characters of the secret, shown in lists so a person can tell
    # their tokens apart; too short to help anyone guess the rest.
    prefix = models.CharField(_("begynner med"), max_length=16, editable=False)
    secret_hash = models.CharField(_("nøkkel (hash)"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("laget"), default=timezone.now, editable=False)
    expires_at = models.DateTimeField(_("utløper"), editable=False)
    revoked_at = models.DateTimeField(_("trukket tilbake"), null=True, blank=True, editable=False)
    last_used_at = models.DateTimeField(_("sist brukt"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API-nøkkel")
        verbose_name_plural = _("API-nøkler")
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("created_at")), name="apitoken_expires_later"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()
