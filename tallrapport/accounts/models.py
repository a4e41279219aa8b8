"""People, roles and the units they work at.

Access to cases follows membership: an advisor sees the cases of the units they
belong to, for the period they belonged there. Units and scheme names carry
validity dates because schools join and leave the scheme and the schemes have
been renamed (minoritetsrådgiver → mangfoldsrådgiver in 2023).
"""

from __future__ import annotations

import datetime
import uuid

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADVISOR = "radgiver", _("Rådgiver")
    ANALYST = "analytiker", _("Analytiker")
    ADMINISTRATOR = "administrator", _("Administrator")


class User(AbstractUser):
    """A person who logs in. The role decides what they may see and do."""

    role = models.CharField(_("rolle"), max_length=20, choices=Role.choices, default=Role.ADVISOR)

    class Meta:
        verbose_name = _("bruker")
        verbose_name_plural = _("brukere")
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=[r.value for r in Role]), name="user_role_valid"
            )
        ]

    @property
    def is_advisor(self) -> bool:
        return self.role == Role.ADVISOR

    @property
    def is_analyst(self) -> bool:
        return self.role == Role.ANALYST

    @property
    def is_administrator(self) -> bool:
        return self.role == Role.ADMINISTRATOR or self.is_superuser

    @property
    def reads_every_unit(self) -> bool:
        """Analysts and administrators see every unit's records; advisors their own."""
        return self.is_analyst or self.is_administrator


class Scheme(models.Model):
    """One of IMDi's two advisor schemes; its name has changed over time."""

    DIVERSITY_ADVISORS = "mangfoldsradgiver"
    SPECIAL_ENVOYS = "spesialutsending"

    code = models.SlugField(_("kode"), max_length=40, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("rekkefølge"), default=0)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("ordning")
        verbose_name_plural = _("ordninger")

    def __str__(self) -> str:
        return self.name_on(datetime.date.today())

    def name_on(self, day: datetime.date) -> str:
        """The scheme's name as it was on ``day``, so old reports keep their words."""
        for name in self.names.all():
            if name.valid_from <= day and (name.valid_to is None or day <= name.valid_to):
                return name.name
        return self.code

    def name_in(self, year: int) -> str:
        """The scheme's name in ``year``: the one it had at the year's end, the name
        the year's report, closing and every page about the year use."""
        return self.name_on(datetime.date(year, 12, 31))


class SchemeName(models.Model):
    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="names")
    name = models.CharField(_("navn"), max_length=100)
    advisor_title = models.CharField(_("tittel på rådgiveren"), max_length=100)
    valid_from = models.DateField(_("gyldig fra"))
    valid_to = models.DateField(_("gyldig til"), null=True, blank=True)

    class Meta:
        ordering = ["scheme", "valid_from"]
        verbose_name = _("navn på ordning")
        verbose_name_plural = _("navn på ordninger")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="schemename_valid_period",
            )
        ]

    def __str__(self) -> str:
        return self.name


class UnitKind(models.TextChoices):
    LOWER_SECONDARY = "ungdomsskole", _("Ungdomsskole")
    UPPER_SECONDARY = "videregaende", _("Videregående skole")
    ADULT_EDUCATION = "voksenopplaering", _("Voksenopplæring")
    GUIDANCE_CENTRE = "veiledningssenter", _("Veiledningssenter")
    EMBASSY = "utenriksstasjon", _("Utenriksstasjon")


class Unit(models.Model):
    """A school, centre or embassy where an advisor works."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("navn"), max_length=200)
    kind = models.CharField(_("type"), max_length=30, choices=UnitKind.choices)
    scheme = models.ForeignKey(
        Scheme, on_delete=models.PROTECT, related_name="units", verbose_name=_("ordning")
    )
    county = models.CharField(_("fylke"), max_length=100, blank=True)
    municipality = models.CharField(_("kommune"), max_length=100, blank=True)
    # ISO 3166 alpha-2 of the host country for embassies; empty for Norwegian units.
    host_country_code = models.CharField(_("vertsland (ISO-kode)"), max_length=2, blank=True)
    city = models.CharField(_("by"), max_length=100, blank=True)
    valid_from = models.DateField(_("gyldig fra"))
    valid_to = models.DateField(_("gyldig til"), null=True, blank=True)

    class Meta:
        ordering = ["scheme__sort_order", "name"]
        verbose_name = _("enhet")
        verbose_name_plural = _("enheter")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="unit_valid_period",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=[k.value for k in UnitKind]), name="unit_kind_valid"
            ),
            # An embassy is located abroad; a school is located in a Norwegian municipality.
            models.CheckConstraint(
                condition=(Q(kind="utenriksstasjon") & ~Q(host_country_code=""))
                | (~Q(kind="utenriksstasjon") & Q(host_country_code="") & ~Q(county="")),
                name="unit_location_matches_kind",
            ),
            models.UniqueConstraint(fields=["scheme", "name"], name="unit_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """That a user worked at a unit from one date to another (open-ended if no end)."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("bruker")
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("enhet")
    )
    valid_from = models.DateField(_("fra"))
    valid_to = models.DateField(_("til"), null=True, blank=True)

    class Meta:
        ordering = ["user", "valid_from"]
        verbose_name = _("medlemskap")
        verbose_name_plural = _("medlemskap")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="membership_valid_period",
            ),
            models.UniqueConstraint(
                fields=["user", "unit", "valid_from"], name="membership_unique_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.unit}"

    def covers(self, day: datetime.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)
