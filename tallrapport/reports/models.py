"""Editions of the yearly report: what was printed, frozen.

An edition is the record of a published report, cell by cell: the value and
whether it was shown or hidden. The historical editions (the reports of 2016,
2019 and 2023, transcribed) are loaded by a data migration; the analysts'
editions are written by ``services.edition_publish``. A later report holds
every cell an earlier edition printed as known to the reader, and marks a cell
whose number has changed since as revised. Nothing here can change once
written: database triggers refuse updates and deletes, because an edition that
can be edited afterwards proves nothing about what was published.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class EditionSource(models.TextChoices):
    HISTORICAL = "historisk", _("Publisert før Tallrapport (transkribert)")
    TALLRAPPORT = "tallrapport", _("Publisert fra Tallrapport")


class CellStatus(models.TextChoices):
    SHOWN = "shown", _("Vist")
    HIDDEN = "hidden", _("Skjult (*)")


class Edition(models.Model):
    """One published report."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    slug = models.SlugField(_("kjennetegn"), max_length=60, unique=True)
    title = models.CharField(_("tittel"), max_length=200)
    year = models.PositiveSmallIntegerField(_("rapportår"))
    source = models.CharField(_("kilde"), max_length=20, choices=EditionSource.choices)
    published_at = models.DateTimeField(_("publisert"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("publisert av"),
    )
    texts = models.JSONField(_("tekster"), default=dict, blank=True)
    # The publish form's token: pressing "Publiser" twice makes one edition.
    submission_token = models.UUIDField(unique=True, null=True, blank=True, editable=False)
    # A report made in the app fixes the earlier editions it was protected
    # against; recorded so that the edition can be reproduced and explained.
    based_on = models.ManyToManyField("self", symmetrical=False, blank=True, related_name="+")

    class Meta:
        ordering = ["year", "published_at", "slug"]
        verbose_name = _("utgave")
        verbose_name_plural = _("utgaver")
        constraints = [
            models.CheckConstraint(
                condition=Q(source="historisk") | Q(published_at__isnull=False),
                name="edition_published_has_time",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000) & Q(year__lte=2100), name="edition_year_range"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class EditionCell(models.Model):
    """One printed position of an edition: ``value`` is empty when it was hidden."""

    edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="cells")
    scheme = models.CharField(_("ordning"), max_length=40)
    table = models.CharField(_("tabell"), max_length=40)
    # Codes of today's classification ("negativ-sosial-kontroll", "sy", "total",
    # "ovrige"), so that an old label meets today's level; ``label`` keeps what
    # was printed.
    row = models.CharField(_("rad"), max_length=80)
    column = models.CharField(_("kolonne"), max_length=40)
    label = models.CharField(_("trykt radnavn"), max_length=160, blank=True)
    value = models.IntegerField(_("verdi"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=CellStatus.choices)

    class Meta:
        ordering = ["edition", "scheme", "table", "row", "column"]
        verbose_name = _("trykt celle")
        verbose_name_plural = _("trykte celler")
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "scheme", "table", "row", "column"], name="editioncell_unique"
            ),
            models.CheckConstraint(
                condition=(Q(status="shown") & Q(value__isnull=False))
                | (Q(status="hidden") & Q(value__isnull=True)),
                name="editioncell_value_matches_status",
            ),
        ]
        indexes = [models.Index(fields=["scheme", "table", "column"], name="editioncell_lookup")]

    def __str__(self) -> str:
        shown = "*" if self.value is None else str(self.value)
        return f"{self.edition.slug} {self.scheme} {self.table} {self.row} {self.column}: {shown}"
