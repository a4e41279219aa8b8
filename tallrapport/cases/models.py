"""A case (sak): guidance or follow-up of one person exposed to negative social
control or honour-related violence, or of an employee working with one.

The model holds what the statistics need and nothing more: no name, birth date,
identity number or free text, because this is special-category data about
children (GDPR art. 9). Categories, countries and referral sources are data with
validity dates and aliases, because the classification has changed over the
years and a time series must speak of old years in today's names.
"""

from __future__ import annotations

import datetime
import uuid
from typing import TypeVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tallrapport.accounts.models import Scheme, Unit

_C = TypeVar("_C", bound="Classification")


class ClassificationQuerySet(models.QuerySet[_C]):
    def valid_on(self, day: datetime.date) -> ClassificationQuerySet[_C]:
        return self.filter(Q(valid_from__lte=day), Q(valid_to__isnull=True) | Q(valid_to__gte=day))


class Classification(models.Model):
    """A level of a classification with the period it may be used in."""

    code = models.SlugField(_("kode"), max_length=60, unique=True)
    name = models.CharField(_("navn"), max_length=120)
    sort_order = models.PositiveSmallIntegerField(_("rekkefølge"), default=0)
    valid_from = models.DateField(_("gyldig fra"), default=datetime.date(2000, 1, 1))
    valid_to = models.DateField(_("gyldig til"), null=True, blank=True)

    objects = ClassificationQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name

    def is_valid_on(self, day: datetime.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


def _period_constraint(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")), name=name
    )


class Category(Classification):
    """A case category (sakskategori)."""

    # Some categories belong to one scheme only ("Andre familierelaterte saker"
    # was an envoy category); empty means both.
    scheme = models.ForeignKey(
        Scheme, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("bare for ordning")
    )

    class Meta(Classification.Meta):
        verbose_name = _("sakskategori")
        verbose_name_plural = _("sakskategorier")
        constraints = [_period_constraint("category_valid_period")]


class Country(Classification):
    """A country background (landbakgrunn): ISO 3166 with Norwegian names, plus
    Palestina, Kosovo, statsløs and ukjent."""

    class Meta(Classification.Meta):
        verbose_name = _("land")
        verbose_name_plural = _("land")
        constraints = [_period_constraint("country_valid_period")]


class ReferralSource(Classification):
    """Who reported the case (meldt av)."""

    class Meta(Classification.Meta):
        verbose_name = _("meldt av")
        verbose_name_plural = _("meldt av")
        constraints = [_period_constraint("referralsource_valid_period")]


class Alias(models.Model):
    """An old or alternative name for a level, so that published history in old
    words maps to today's level (Ekstrem kontroll → Negativ sosial kontroll)."""

    name = models.CharField(_("gammelt navn"), max_length=160)
    used_until = models.DateField(_("brukt til"), null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["name"]
        # One name means one level: «categoryalias_unique» and so on.
        constraints = [models.UniqueConstraint(fields=["name"], name="%(class)s_unique")]

    def __str__(self) -> str:
        return self.name


class CategoryAlias(Alias):
    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="aliases")

    class Meta(Alias.Meta):
        verbose_name = verbose_name_plural = _("tidligere kategorinavn")


class CountryAlias(Alias):
    country = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="aliases")

    class Meta(Alias.Meta):
        verbose_name, verbose_name_plural = _("annet landnavn"), _("andre landnavn")


class ReferralSourceAlias(Alias):
    source = models.ForeignKey(ReferralSource, on_delete=models.CASCADE, related_name="aliases")

    class Meta(Alias.Meta):
        verbose_name = _("annet navn på meldt av")
        verbose_name_plural = _("andre navn på meldt av")


class Gender(models.TextChoices):
    FEMALE = "jente", _("Jente/kvinne")
    MALE = "gutt", _("Gutt/mann")
    UNKNOWN = "ukjent", _("Ukjent")


class AgeGroup(models.TextChoices):
    UNDER_18 = "under_18", _("Under 18 år")
    ADULT = "18_og_over", _("18 år og over")
    UNKNOWN = "ukjent", _("Ukjent")


class GuidedPerson(models.TextChoices):
    EXPOSED = "utsatt", _("Den utsatte selv")
    EMPLOYEE = "ansatt", _("En ansatt som arbeider med en utsatt")


class Family(models.Model):
    """A family case complex (sakskompleks): envoys count each person as one case
    but need to see that the cases belong together."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="families")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("sakskompleks")
        verbose_name_plural = _("sakskomplekser")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return str(_("Sakskompleks %(ref)s")) % {"ref": str(self.id)[:8]}


class Case(models.Model):
    """One case, registered once in the period it arrived."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    scheme = models.ForeignKey(
        Scheme, on_delete=models.PROTECT, related_name="cases", verbose_name=_("ordning")
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="cases", verbose_name=_("enhet")
    )
    registered_on = models.DateField(_("registreringsdato"))
    # Year and half-year are what the statistics count. They are written by the
    # service from registered_on (and checked by constraints) so that counting a
    # million cases by half-year is an indexed GROUP BY, not a date function per row.
    year = models.PositiveSmallIntegerField(_("år"), editable=False)
    half_year = models.PositiveSmallIntegerField(_("halvår"), editable=False)
    main_category = models.ForeignKey(
        Category,
        on_delete=models.PROTECT,
        related_name="main_cases",
        verbose_name=_("hovedkategori"),
    )
    secondary_categories = models.ManyToManyField(
        Category,
        blank=True,
        related_name="secondary_cases",
        verbose_name=_("andre kategorier"),
    )
    gender = models.CharField(_("kjønn"), max_length=10, choices=Gender.choices)
    age_group = models.CharField(_("aldersgruppe"), max_length=12, choices=AgeGroup.choices)
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="cases", verbose_name=_("landbakgrunn")
    )
    reported_by = models.ForeignKey(
        ReferralSource, on_delete=models.PROTECT, related_name="cases", verbose_name=_("meldt av")
    )
    guided = models.CharField(
        _("veiledet"), max_length=10, choices=GuidedPerson.choices, default=GuidedPerson.EXPOSED
    )
    family = models.ForeignKey(
        Family,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("sakskompleks"),
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("registrert av"),
    )
    # Defaults, not auto_now_add/auto_now: a loader of historical cases (the demo,
    # the benchmarks' generator) writes the time a case was registered, which
    # auto_now would overwrite. Every change is one UPDATE that sets updated_at
    # itself (tallrapport/writes.py, retention), and no code saves a Case to edit it.
    created_at = models.DateTimeField(_("registrert"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("endret"), default=timezone.now, editable=False)
    # The form carries a token made when it was shown; a second submit of the
    # same form finds the case the first one made instead of making another.
    submission_token = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    # Optimistic locking: an edit states the version it started from.
    version = models.PositiveIntegerField(default=1, editable=False)
    # Set by the retention command once the row is cut down to what the
    # statistics need (half-year date, no unit, author or family).
    reduced = models.BooleanField(_("redusert"), default=False, editable=False)

    class Meta:
        ordering = ["-registered_on", "-created_at"]
        verbose_name = _("sak")
        verbose_name_plural = _("saker")
        indexes = [
            models.Index(fields=["scheme", "year", "half_year"], name="case_scheme_period"),
            models.Index(fields=["unit", "year"], name="case_unit_year"),
            # Covers the yearly report's one GROUP BY: SQLite walks the index in
            # group order instead of sorting a million rows (18 s → under 5 s).
            models.Index(
                fields=[
                    "year",
                    "scheme",
                    "half_year",
                    "main_category",
                    "country",
                    "gender",
                    "age_group",
                    "reported_by",
                ],
                name="case_stats_cover",
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(half_year__in=[1, 2]), name="case_half_year_valid"),
            models.CheckConstraint(
                condition=Q(year__gte=2000) & Q(year__lte=2100), name="case_year_range"
            ),
            models.CheckConstraint(
                condition=Q(gender__in=[g.value for g in Gender]), name="case_gender_valid"
            ),
            models.CheckConstraint(
                condition=Q(age_group__in=[a.value for a in AgeGroup]), name="case_age_valid"
            ),
            models.CheckConstraint(
                condition=Q(guided__in=[g.value for g in GuidedPerson]), name="case_guided_valid"
            ),
        ]

    def __str__(self) -> str:
        return str(_("Sak %(ref)s")) % {"ref": self.short_ref}

    @property
    def short_ref(self) -> str:
        return str(self.id)[:8]


def half_year_of(day: datetime.date) -> int:
    return 1 if day.month <= 6 else 2


class ClosedYear(models.Model):
    """That the analysts have closed one year of one scheme's cases.

    A row means closed; reopening deletes it. The history of closing and
    reopening, with reasons, is in the audit trail. Besides the services'
    check, database triggers (migration 0003) refuse any insert, update or
    delete of a case in a closed year, unless ``writable`` is set: only the
    late-registration and retention services set it, and only inside their own
    transaction, so no other connection ever sees it true.
    """

    scheme = models.ForeignKey(
        Scheme, on_delete=models.PROTECT, related_name="closed_years", verbose_name=_("ordning")
    )
    year = models.PositiveSmallIntegerField(_("år"))
    closed_at = models.DateTimeField(_("låst"))
    # PROTECT: who closed a year stays known; such a user is deactivated, not deleted.
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("låst av"),
        related_name="+",
        null=True,
        on_delete=models.PROTECT,
    )
    reason = models.TextField(_("begrunnelse"), blank=True)
    writable = models.BooleanField(default=False, editable=False)

    class Meta:
        ordering = ["scheme__sort_order", "-year"]
        verbose_name = _("låst år")
        verbose_name_plural = _("låste år")
        constraints = [
            models.UniqueConstraint(fields=["scheme", "year"], name="closedyear_unique"),
            models.CheckConstraint(
                condition=Q(year__gte=2000) & Q(year__lte=2100), name="closedyear_year_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scheme_name} {self.year}"

    @property
    def scheme_name(self) -> str:
        """The scheme's name in the closed year (it may have been renamed since)."""
        return self.scheme.name_in(self.year)


# The import's own tables belong to this app; their module is beside the importer.
import tallrapport.cases.imports.models  # noqa: E402, F401
