"""The government's action plans and the yearly status of their measures.

A plan (``ActionPlan``) has focus areas; each area has numbered measures, some
split into lettered sub-measures (18 a–c). The responsible ministry is history,
not a field: ministries are reorganised during a plan (integration moved from JD
to KD), and a report for an old year must name the ministry of that year.

Each reporting year holds one status per measure and one goal-achievement text
per result goal. When the coordinator closes a year it is frozen: the services
refuse writes, and database triggers (migration 0003) refuse them too, so that a
report already sent to the ministries cannot change under anyone's feet.

Who may do what in a plan is held here too (``PlanRole``, ``MeasureOwner``)
rather than in ``accounts.User.role``: plan work is given per plan and per
measure, to people whose main role may be anything.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class Ministry(models.Model):
    """A ministry that can be responsible for measures (BFD, JD, KD ...)."""

    code = models.CharField(_("forkortelse"), max_length=10, unique=True)
    name = models.CharField(_("navn"), max_length=200)
    sort_order = models.PositiveSmallIntegerField(_("rekkefølge"), default=0)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("departement")
        verbose_name_plural = _("departementer")

    def __str__(self) -> str:
        return self.code


class ActionPlan(models.Model):
    """One action plan with its period, e.g. «Retten til å bestemme over eget liv» 2017–2020."""

    slug = models.SlugField(
        _("kortnavn"),
        max_length=40,
        unique=True,
        help_text=_("Brukes i adresser, f.eks. 2017-2020."),
    )
    name = models.CharField(_("navn"), max_length=300)
    start_year = models.PositiveSmallIntegerField(_("første år"))
    end_year = models.PositiveSmallIntegerField(_("siste år"))
    note = models.TextField(_("merknad"), blank=True)

    class Meta:
        ordering = ["-start_year", "name"]
        verbose_name = _("handlingsplan")
        verbose_name_plural = _("handlingsplaner")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__gte=F("start_year")), name="actionplan_valid_period"
            ),
            models.CheckConstraint(
                condition=Q(start_year__gte=2000) & Q(end_year__lte=2100),
                name="actionplan_plausible_years",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.start_year}–{self.end_year})"

    def covers(self, year: int) -> bool:
        return self.start_year <= year <= self.end_year


class FocusArea(models.Model):
    """An innsatsområde: a numbered chapter of the plan."""

    plan = models.ForeignKey(
        ActionPlan, on_delete=models.CASCADE, related_name="focus_areas", verbose_name=_("plan")
    )
    number = models.PositiveSmallIntegerField(_("nummer"))
    title = models.CharField(_("tittel"), max_length=300)
    introduction = models.TextField(_("innledning"), blank=True)
    illustrative = models.BooleanField(
        _("oppdiktet eksempel"),
        default=False,
        help_text=_("Demodata som ikke finnes i den vedtatte planen."),
    )

    class Meta:
        ordering = ["plan", "number"]
        verbose_name = _("innsatsområde")
        verbose_name_plural = _("innsatsområder")
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="focusarea_unique_number"),
            models.CheckConstraint(condition=Q(number__gte=1), name="focusarea_number_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.number}: {self.title}"


class Measure(models.Model):
    """A tiltak, or a lettered sub-measure of one (``parent`` set, ``letter`` a–z).

    ``plan`` repeats the focus area's plan so that the database can keep measure
    numbers unique within a plan and scoping queries stay one join short.
    """

    plan = models.ForeignKey(
        ActionPlan, on_delete=models.CASCADE, related_name="measures", verbose_name=_("plan")
    )
    focus_area = models.ForeignKey(
        FocusArea,
        on_delete=models.PROTECT,
        related_name="measures",
        verbose_name=_("innsatsområde"),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="sub_measures",
        verbose_name=_("hovedtiltak"),
    )
    number = models.PositiveSmallIntegerField(_("nummer"))
    letter = models.CharField(_("bokstav"), max_length=2, blank=True)
    title = models.CharField(_("tittel"), max_length=400)
    description = models.TextField(_("beskrivelse"), blank=True)
    executing_body = models.CharField(_("ansvarlig utfører"), max_length=200, blank=True)
    contact_role = models.CharField(
        _("kontakt (rolle)"),
        max_length=200,
        blank=True,
        help_text=_("En rolle, ikke et navn, f.eks. «Seniorrådgiver i BFD»."),
    )
    budget_amount = models.DecimalField(
        _("budsjett (kroner)"), max_digits=14, decimal_places=0, null=True, blank=True
    )
    budget_post = models.CharField(_("budsjettpost"), max_length=40, blank=True)
    budget_text = models.TextField(_("budsjett (tekst)"), blank=True)
    illustrative = models.BooleanField(
        _("oppdiktet eksempel"),
        default=False,
        help_text=_("Demodata som ikke finnes i den vedtatte planen."),
    )

    class Meta:
        ordering = ["plan", "number", "letter"]
        verbose_name = _("tiltak")
        verbose_name_plural = _("tiltak")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "number", "letter"], name="measure_unique_number"
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="measure_number_positive"),
            # A sub-measure has a letter and a main measure has none.
            models.CheckConstraint(
                condition=(Q(parent__isnull=True) & Q(letter=""))
                | (Q(parent__isnull=False) & Q(letter__regex=r"^[a-z]$")),
                name="measure_letter_iff_sub",
            ),
            models.CheckConstraint(
                condition=Q(budget_amount__isnull=True) | Q(budget_amount__gte=0),
                name="measure_budget_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{_('Tiltak')} {self.label}: {self.title}"

    @property
    def label(self) -> str:
        """«18 a» for a sub-measure, «18» for a measure, as the reports print them."""
        return f"{self.number} {self.letter}" if self.letter else str(self.number)

    @property
    def url_label(self) -> str:
        """«18a» or «6»: how the measure is named in addresses."""
        return f"{self.number}{self.letter}"


class ResultGoal(models.Model):
    """A resultatmål of a measure; each year gets a goal-achievement text against it."""

    measure = models.ForeignKey(
        Measure, on_delete=models.CASCADE, related_name="result_goals", verbose_name=_("tiltak")
    )
    number = models.PositiveSmallIntegerField(_("nummer"))
    text = models.TextField(_("resultatmål"))

    class Meta:
        ordering = ["measure", "number"]
        verbose_name = _("resultatmål")
        verbose_name_plural = _("resultatmål")
        constraints = [
            models.UniqueConstraint(fields=["measure", "number"], name="resultgoal_unique_number"),
            models.CheckConstraint(condition=Q(number__gte=1), name="resultgoal_number_positive"),
        ]

    def __str__(self) -> str:
        return f"{_('Resultatmål')} {self.number}"


class MinistryResponsibility(models.Model):
    """That a ministry was responsible for a measure from one year to another.

    Open-ended when ``valid_to_year`` is empty. Periods of one measure must not
    overlap; the service checks this, since a range exclusion needs PostgreSQL.
    """

    measure = models.ForeignKey(
        Measure,
        on_delete=models.CASCADE,
        related_name="responsibilities",
        verbose_name=_("tiltak"),
    )
    ministry = models.ForeignKey(
        Ministry, on_delete=models.PROTECT, related_name="+", verbose_name=_("departement")
    )
    valid_from_year = models.PositiveSmallIntegerField(_("fra år"))
    valid_to_year = models.PositiveSmallIntegerField(_("til år"), null=True, blank=True)

    class Meta:
        ordering = ["measure", "valid_from_year"]
        verbose_name = _("ansvarlig departement")
        verbose_name_plural = _("ansvarlige departementer")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to_year__isnull=True)
                | Q(valid_to_year__gte=F("valid_from_year")),
                name="responsibility_valid_period",
            ),
            models.UniqueConstraint(
                fields=["measure", "valid_from_year"], name="responsibility_unique_start"
            ),
        ]

    def __str__(self) -> str:
        end = self.valid_to_year or ""
        return f"{self.ministry} {self.valid_from_year}–{end}"

    def covers(self, year: int) -> bool:
        return self.valid_from_year <= year and (
            self.valid_to_year is None or year <= self.valid_to_year
        )


class ReportingYear(models.Model):
    """One year of reporting on a plan; closed means frozen."""

    plan = models.ForeignKey(
        ActionPlan, on_delete=models.CASCADE, related_name="reporting_years", verbose_name=_("plan")
    )
    year = models.PositiveSmallIntegerField(_("år"))
    closed = models.BooleanField(_("låst"), default=False)
    closed_at = models.DateTimeField(_("låst tidspunkt"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("låst av"),
    )

    class Meta:
        ordering = ["plan", "year"]
        verbose_name = _("rapporteringsår")
        verbose_name_plural = _("rapporteringsår")
        constraints = [
            models.UniqueConstraint(fields=["plan", "year"], name="reportingyear_unique"),
            models.CheckConstraint(
                condition=Q(closed=False) | Q(closed_at__isnull=False),
                name="reportingyear_closed_has_time",
            ),
        ]

    def __str__(self) -> str:
        return str(self.year)


class Status(models.TextChoices):
    NOT_STARTED = "ikke-startet", _("Ikke startet")
    ONGOING = "pagaende", _("Pågående")
    COMPLETED = "ferdigstilt", _("Ferdigstilt")
    DISCONTINUED = "utgatt", _("Utgått")


class MeasureStatus(models.Model):
    """A measure's status and status text for one reporting year."""

    measure = models.ForeignKey(
        Measure, on_delete=models.CASCADE, related_name="statuses", verbose_name=_("tiltak")
    )
    reporting_year = models.ForeignKey(
        ReportingYear,
        on_delete=models.CASCADE,
        related_name="statuses",
        verbose_name=_("rapporteringsår"),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    text = models.TextField(_("statustekst"), blank=True)
    updated_at = models.DateTimeField(_("sist endret"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("endret av"),
    )

    class Meta:
        ordering = ["reporting_year", "measure"]
        verbose_name = _("status for tiltak")
        verbose_name_plural = _("statuser for tiltak")
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "reporting_year"], name="measurestatus_one_per_year"
            ),
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in Status]), name="measurestatus_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.measure.label} {self.reporting_year}: {self.get_status_display()}"


class GoalAchievement(models.Model):
    """The måloppnåelse written against one result goal for one reporting year."""

    result_goal = models.ForeignKey(
        ResultGoal,
        on_delete=models.CASCADE,
        related_name="achievements",
        verbose_name=_("resultatmål"),
    )
    reporting_year = models.ForeignKey(
        ReportingYear,
        on_delete=models.CASCADE,
        related_name="achievements",
        verbose_name=_("rapporteringsår"),
    )
    text = models.TextField(_("måloppnåelse"))
    updated_at = models.DateTimeField(_("sist endret"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("endret av"),
    )

    class Meta:
        ordering = ["reporting_year", "result_goal"]
        verbose_name = _("måloppnåelse")
        verbose_name_plural = _("måloppnåelse")
        constraints = [
            models.UniqueConstraint(
                fields=["result_goal", "reporting_year"], name="goalachievement_one_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.result_goal} {self.reporting_year}"


class PlanRoleKind(models.TextChoices):
    COORDINATOR = "koordinator", _("Plankoordinator")
    READER = "leser", _("Leser")


class PlanRole(models.Model):
    """A user's role in one plan: coordinator (edits, closes years) or reader."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="plan_roles",
        verbose_name=_("bruker"),
    )
    plan = models.ForeignKey(
        ActionPlan, on_delete=models.CASCADE, related_name="roles", verbose_name=_("plan")
    )
    role = models.CharField(_("rolle"), max_length=20, choices=PlanRoleKind.choices)

    class Meta:
        ordering = ["plan", "user"]
        verbose_name = _("rolle i handlingsplan")
        verbose_name_plural = _("roller i handlingsplaner")
        constraints = [
            models.UniqueConstraint(fields=["user", "plan"], name="planrole_one_per_plan"),
            models.CheckConstraint(
                condition=Q(role__in=[r.value for r in PlanRoleKind]), name="planrole_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.plan.slug}: {self.get_role_display()}"


class MeasureOwner(models.Model):
    """That a user writes the yearly status of one measure (tiltakseier)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="owned_measures",
        verbose_name=_("bruker"),
    )
    measure = models.ForeignKey(
        Measure, on_delete=models.CASCADE, related_name="owners", verbose_name=_("tiltak")
    )

    class Meta:
        ordering = ["measure", "user"]
        verbose_name = _("tiltakseier")
        verbose_name_plural = _("tiltakseiere")
        constraints = [
            models.UniqueConstraint(fields=["user", "measure"], name="measureowner_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.measure.label}"
