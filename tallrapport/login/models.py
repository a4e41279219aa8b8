"""An administrator's invitation to set up a second factor.

Without one, anyone holding only a user's password could enrol their own
authenticator app on an account that has none yet, and from then on be that
user. The code itself is never stored: only its hash, as for a password, so
the table leaks nothing that lets anyone enrol.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class EnrolmentInvitation(models.Model):
    """One code, for one user, valid once until it expires."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("bruker"),
    )
    code_hash = models.CharField(_("kode (hash)"), max_length=128, editable=False)
    issued_at = models.DateTimeField(_("laget"), default=timezone.now, editable=False)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("laget av"),
    )
    expires_at = models.DateTimeField(_("utløper"), editable=False)
    used_at = models.DateTimeField(_("brukt"), null=True, blank=True, editable=False)
    failed_attempts = models.PositiveSmallIntegerField(_("feil forsøk"), default=0, editable=False)

    class Meta:
        ordering = ["-issued_at", "-id"]
        verbose_name = _("invitasjon til tofaktor")
        verbose_name_plural = _("invitasjoner til tofaktor")
        indexes = [models.Index(fields=["user", "used_at"], name="invitation_user_open")]

    def __str__(self) -> str:
        return f"{self.user} {self.issued_at:%Y-%m-%d %H:%M}"
