"""What the import of a spreadsheet keeps: an upload waiting for its confirmation,
a unit's saved column mapping, and a fingerprint of every row it brought in.

Registered with the ``cases`` app (imported at the end of ``cases/models.py``).
"""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tallrapport.accounts.models import Unit

# An upload is kept only until it is imported or cancelled, and never longer than this.
PENDING_HOURS = 2


class ImportKind(models.TextChoices):
    CASES = "saker", _("Saker")
    ACTIVITIES = "aktiviteter", _("Aktiviteter")


class PendingImport(models.Model):
    """An uploaded spreadsheet between upload and confirmation, with the user's choices.

    Only its uploader reaches it. A file with a column that looks like names,
    birth dates or identity numbers is refused before it is stored; the rest is
    deleted when the import is done or cancelled, and after ``PENDING_HOURS``.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=12, choices=ImportKind.choices)
    file_name = models.CharField(max_length=200)
    file_format = models.CharField(max_length=4)
    content = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    # The user's choices, filled in step by step: the sheet, the header row
    # (1-based), the column of each field, values for all rows, and corrections
    # of values the importer could not read ({field: {value as written: code}}).
    sheet = models.CharField(max_length=200, blank=True)
    header_row = models.PositiveIntegerField(null=True, blank=True)
    columns = models.JSONField(default=dict, blank=True)
    fixed = models.JSONField(default=dict, blank=True)
    corrections = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("opplastet regneark")
        verbose_name_plural = _("opplastede regneark")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=[k.value for k in ImportKind]), name="pendingimport_kind"
            )
        ]

    def __str__(self) -> str:
        return str(self.id)[:8]

    @property
    def expired(self) -> bool:
        return self.created_at < timezone.now() - datetime.timedelta(hours=PENDING_HOURS)


class ImportMapping(models.Model):
    """A unit's saved choice of columns, so that next year's sheet maps itself."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=12, choices=ImportKind.choices)
    # {field: header as written}, {field: value for all rows}, and corrections.
    columns = models.JSONField(default=dict, blank=True)
    fixed = models.JSONField(default=dict, blank=True)
    corrections = models.JSONField(default=dict, blank=True)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    saved_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("lagret kolonnevalg")
        verbose_name_plural = _("lagrede kolonnevalg")
        constraints = [
            models.UniqueConstraint(fields=["unit", "kind"], name="importmapping_unique"),
            models.CheckConstraint(
                condition=Q(kind__in=[k.value for k in ImportKind]), name="importmapping_kind"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} ({self.kind})"


class ImportedRow(models.Model):
    """That a row of this content was imported for this unit: the same row again is
    not imported twice. The record it made is linked; deleting the record
    deletes the fingerprint, so a wrongly deleted row can be imported again."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=12, choices=ImportKind.choices)
    fingerprint = models.CharField(max_length=64)
    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    activity = models.ForeignKey(
        "activities.Activity", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    # The import (its audit entry's id) that brought the row in.
    batch = models.UUIDField()
    imported_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("innlest rad")
        verbose_name_plural = _("innleste rader")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "kind", "fingerprint"], name="importedrow_unique"
            ),
            models.CheckConstraint(
                condition=(Q(kind="saker") & Q(case__isnull=False) & Q(activity__isnull=True))
                | (Q(kind="aktiviteter") & Q(case__isnull=True) & Q(activity__isnull=False)),
                name="importedrow_one_record",
            ),
        ]

    def __str__(self) -> str:
        return self.fingerprint[:12]
