"""One entry of the audit trail.

The actor is kept twice: as a foreign key, to find everything one person did,
and as the username copied at the time, so that the entry still says who it was
if the account is later renamed. The key is ``PROTECT``: people leave by being
deactivated, never deleted, and deleting a user with a trail would mean
rewriting the trail (which the append-only triggers refuse anyway), so the admin
says plainly that such a user cannot be deleted.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.functions import Now
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    CREATE = "create", _("Opprettet")
    UPDATE = "update", _("Endret")
    DELETE = "delete", _("Slettet")
    VIEW = "view", _("Vist")
    EXPORT = "export", _("Eksportert")
    PUBLISH = "publish", _("Publisert")
    LOGIN = "login", _("Logget inn")
    CLOSE = "close", _("Låst")
    REOPEN = "reopen", _("Gjenåpnet")
    LATE_CREATE = "late_create", _("Etterregistrert")
    LATE_UPDATE = "late_update", _("Endret i låst år")
    RETENTION = "retention", _("Redusert etter oppbevaringstid")
    API_USE = "api_use", _("Brukt i API")


class AuditEntry(models.Model):
    """Something a person (or the system, with no actor) did to one record."""

    at = models.DateTimeField(_("tidspunkt"), default=timezone.now, db_default=Now())
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("utført av"),
    )
    actor_username = models.CharField(_("brukernavn"), max_length=150, blank=True)
    action = models.CharField(_("handling"), max_length=20, choices=Action.choices)
    target_type = models.CharField(_("type"), max_length=40)
    target_id = models.CharField(_("id"), max_length=100, blank=True)
    changes = models.JSONField(_("endringer"), default=dict, blank=True)
    reason = models.TextField(_("begrunnelse"), blank=True)
    ip_address = models.GenericIPAddressField(_("IP-adresse"), null=True, blank=True)
    request_id = models.CharField(_("forespørsel"), max_length=64, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("logginnslag")
        verbose_name_plural = _("revisjonslogg")
        indexes = [
            models.Index(fields=["target_type", "target_id"], name="audit_target"),
            models.Index(fields=["at"], name="audit_at"),
            models.Index(fields=["actor", "at"], name="audit_actor_at"),
        ]

    def __str__(self) -> str:
        who = self.actor_username or "-"
        return f"{self.at:%Y-%m-%d %H:%M} {who} {self.action} {self.target_type} {self.target_id}"
