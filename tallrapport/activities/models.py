"""An activity: a piece of preventive or competence-building work by an advisor.

The mandate asks the diversity advisors to spend about 40 % of their time on
competence building among school staff and public services, and the yearly
report counts the assignments ("over 200 in 2023, twice 2022"). An activity
records what the statistics need: when, where (unit and municipality), what
kind, for whom, on what, with whom, how many took part and how many hours it
took. There is no free text: partners are kinds of organisations, not names,
so that nothing typed here can identify a pupil, a family or a colleague.

Types, target groups, topics and partner kinds are fixed lists from the issue
(stored as codes with database checks). Target groups, topics and partners are
rows in small through tables, one row per (activity, code), so that the
database can count activities per target group with one GROUP BY.
"""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tallrapport.accounts.models import Scheme, Unit

# Hours of one activity, preparation included. A competence-building week in
# Norway is about 37.5 hours and arranging a conference can take a few weeks;
# more than 200 hours in one registration is a typing error (2000 for 20,0).
MAX_HOURS = Decimal("200")
# The largest audience one registration can claim (a stand at a big event, a
# media appearance's audience is not counted: participants are optional there).
MAX_PARTICIPANTS = 10_000


class ActivityType(models.TextChoices):
    COURSE = "kurs", _("Kurs/foredrag/fagdag for ansatte")
    CONVERSATION_GROUP = "samtalegruppe", _("Samtalegruppe")
    TEACHING = "undervisning", _("Undervisningsopplegg for elever")
    PARENTS_MEETING = "foreldremote", _("Foreldremøte")
    NETWORK_MEETING = "nettverksmote", _("Nettverksmøte")
    CONFERENCE = "konferanse", _("Konferanse")
    STAND = "stand", _("Stand")
    MEDIA = "media", _("Media")
    UNG_NO = "ung_no", _("Svar på ung.no")
    PROFESSIONAL_NOTE = "fagnotat", _("Fagnotat")
    COMPETENCE_WEEK = "kompetansehevingsuke", _("Kompetansehevingsuke")


# The mandate splits the time 60/40: follow-up and measures aimed at pupils
# (conversation groups, teaching, parents' meetings) against competence building
# of staff in schools and services. The 2023 report counts stands, ung.no
# answers, media, conferences and talks among its "kompetansehevingsoppdrag og
# utadrettet virksomhet", so those count as competence building here too.
PUPIL_FACING_TYPES = frozenset(
    {ActivityType.CONVERSATION_GROUP, ActivityType.TEACHING, ActivityType.PARENTS_MEETING}
)
COMPETENCE_BUILDING_TYPES = frozenset(set(ActivityType) - PUPIL_FACING_TYPES)

# Types that have no audience to count in the room: a written note, an answer
# on ung.no, an appearance in the media, a stand's passers-by. Participants are
# optional for these and required for the rest.
TYPES_WITHOUT_HEADCOUNT = frozenset(
    {
        ActivityType.PROFESSIONAL_NOTE,
        ActivityType.UNG_NO,
        ActivityType.MEDIA,
        ActivityType.STAND,
    }
)


class TargetGroup(models.TextChoices):
    PUPILS = "elever", _("Elever")
    PARENTS = "foreldre", _("Foreldre")
    SCHOOL_STAFF = "skoleansatte", _("Skoleansatte")
    CHILD_WELFARE = "barnevern", _("Barnevern")
    NAV = "nav", _("NAV")
    ADULT_EDUCATION = "voksenopplaering", _("Voksenopplæring")
    REFUGEE_SERVICE = "flyktningtjeneste", _("Flyktningtjeneste")
    POLICE = "politi", _("Politi")
    HEALTH = "helse", _("Helse")
    VOLUNTARY = "frivillige", _("Frivillige organisasjoner")
    IMMIGRANT_ORGANISATIONS = "innvandrerorganisasjoner", _("Innvandrerorganisasjoner")
    FOREIGN_SERVICE = "utenrikstjenesten", _("Utenrikstjenesten")
    PUBLIC = "allmennheten", _("Allmennheten")


class Topic(models.TextChoices):
    NEGATIVE_SOCIAL_CONTROL = "nsk", _("Negativ sosial kontroll")
    HONOUR_VIOLENCE = "aeresrelatert_vold", _("Æresrelatert vold")
    FORCED_MARRIAGE = "tvangsekteskap", _("Tvangsekteskap")
    FGM = "kjonnslemlestelse", _("Kjønnslemlestelse")
    INVOLUNTARY_STAY_ABROAD = "ufrivillig_utenlandsopphold", _("Ufrivillig utenlandsopphold")
    GENDER_SEXUALITY = "kjonns_seksualitetsmangfold", _("Kjønns- og seksualitetsmangfold")
    RACISM = "rasisme_diskriminering", _("Rasisme og diskriminering")


class PartnerKind(models.TextChoices):
    """Kinds of organisation an activity was run with; never a name of one."""

    MUNICIPALITY = "kommune", _("Kommune")
    COUNTY = "fylkeskommune", _("Fylkeskommune")
    SCHOOL = "skole", _("Skole")
    IMDI = "imdi_fagteam", _("IMDis fagteam")
    COMPETENCE_TEAM = "kompetanseteamet", _("Kompetanseteamet")
    CHILD_WELFARE = "barnevern", _("Barnevern")
    NAV = "nav", _("NAV")
    POLICE = "politi", _("Politi")
    HEALTH = "helse", _("Helsetjeneste")
    VOLUNTARY = "frivillig", _("Frivillig organisasjon")
    IMMIGRANT_ORGANISATION = "innvandrerorganisasjon", _("Innvandrerorganisasjon")
    OTHER_PUBLIC = "annen_offentlig", _("Annen offentlig etat")


class Activity(models.Model):
    """One activity, registered once by the advisor who ran it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # The scheme is the unit's, copied by the service so that counting a scheme's
    # activities per year is an indexed GROUP BY without a join (as for cases).
    scheme = models.ForeignKey(
        Scheme, on_delete=models.PROTECT, related_name="activities", verbose_name=_("ordning")
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="activities", verbose_name=_("enhet")
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("registrert av"),
    )
    date = models.DateField(_("dato"))
    # Written by the service from ``date``: the yearly counts group by it.
    year = models.PositiveSmallIntegerField(_("år"), editable=False)
    activity_type = models.CharField(_("type"), max_length=30, choices=ActivityType.choices)
    # Empty for the types without a headcount (see TYPES_WITHOUT_HEADCOUNT) when
    # the advisor does not know it; 0 is a real answer (a stand nobody visited).
    participants = models.PositiveIntegerField(_("antall deltakere"), null=True, blank=True)
    hours = models.DecimalField(_("timer"), max_digits=5, decimal_places=1)
    # Where it took place. Empty for what has no place (a note, an ung.no answer)
    # and for an envoy's work abroad.
    municipality = models.CharField(_("kommune"), max_length=60, blank=True)
    created_at = models.DateTimeField(_("registrert"), auto_now_add=True)
    updated_at = models.DateTimeField(_("endret"), auto_now=True)
    # A second submit of one form finds the activity the first one made.
    submission_token = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    # Optimistic locking: an edit states the version it started from.
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["-date", "-created_at"]
        verbose_name = _("aktivitet")
        verbose_name_plural = _("aktiviteter")
        indexes = [
            models.Index(fields=["scheme", "year", "activity_type"], name="activity_scheme_year"),
            models.Index(fields=["unit", "year"], name="activity_unit_year"),
            models.Index(fields=["registered_by", "year"], name="activity_user_year"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(activity_type__in=ActivityType.values), name="activity_type_valid"
            ),
            models.CheckConstraint(
                condition=Q(hours__gt=0) & Q(hours__lte=MAX_HOURS), name="activity_hours_range"
            ),
            models.CheckConstraint(
                condition=Q(participants__isnull=True)
                | (Q(participants__gte=0) & Q(participants__lte=MAX_PARTICIPANTS)),
                name="activity_participants_range",
            ),
            models.CheckConstraint(
                condition=Q(participants__isnull=False)
                | Q(activity_type__in=sorted(t.value for t in TYPES_WITHOUT_HEADCOUNT)),
                name="activity_participants_required",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000) & Q(year__lte=2100), name="activity_year_range"
            ),
            models.CheckConstraint(
                condition=Q(date__gte=datetime.date(2000, 1, 1)), name="activity_date_range"
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="activity_version_positive"),
        ]

    def __str__(self) -> str:
        return str(_("Aktivitet %(ref)s")) % {"ref": self.short_ref}

    @property
    def short_ref(self) -> str:
        return str(self.id)[:8]

    @property
    def is_competence_building(self) -> bool:
        return self.activity_type in COMPETENCE_BUILDING_TYPES

    # Names in the order of the form's lists (not the codes' alphabetical order),
    # read from the prefetched rows.
    @property
    def target_group_names(self) -> list[str]:
        return _names(TargetGroup, [row.code for row in self.target_groups.all()])

    @property
    def topic_names(self) -> list[str]:
        return _names(Topic, [row.code for row in self.topics.all()])

    @property
    def partner_names(self) -> list[str]:
        return _names(PartnerKind, [row.code for row in self.partners.all()])


def _names(choices: type[models.TextChoices], codes: list[str]) -> list[str]:
    chosen = set(codes)
    return [str(choice.label) for choice in choices if choice.value in chosen]


def _code_constraints(prefix: str, values: list[str]) -> list[models.BaseConstraint]:
    return [
        models.CheckConstraint(condition=Q(code__in=values), name=f"{prefix}_code_valid"),
        models.UniqueConstraint(fields=["activity", "code"], name=f"{prefix}_unique"),
    ]


class _ActivityCode(models.Model):
    """One code (a target group, a topic, a partner kind) of one activity: a row, so
    the database can count activities per code with one GROUP BY."""

    class Meta:
        abstract = True
        ordering = ["activity", "code"]

    def __str__(self) -> str:
        return str(self.get_code_display())  # type: ignore[attr-defined]


# That an activity was aimed at a target group (one row per group).
class ActivityTargetGroup(_ActivityCode):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="target_groups")
    code = models.CharField(_("målgruppe"), max_length=30, choices=TargetGroup.choices)

    class Meta(_ActivityCode.Meta):
        verbose_name, verbose_name_plural = _("målgruppe"), _("målgrupper")
        constraints = _code_constraints("activitytargetgroup", TargetGroup.values)
        indexes = [models.Index(fields=["code"], name="activitytargetgroup_code")]


# That an activity dealt with a topic (one row per topic).
class ActivityTopic(_ActivityCode):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="topics")
    code = models.CharField(_("tema"), max_length=40, choices=Topic.choices)

    class Meta(_ActivityCode.Meta):
        verbose_name, verbose_name_plural = _("tema"), _("temaer")
        constraints = _code_constraints("activitytopic", Topic.values)


# That an activity was run together with a kind of organisation.
class ActivityPartner(_ActivityCode):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="partners")
    code = models.CharField(_("samarbeidspartner"), max_length=30, choices=PartnerKind.choices)

    class Meta(_ActivityCode.Meta):
        verbose_name, verbose_name_plural = _("samarbeidspartner"), _("samarbeidspartnere")
        constraints = _code_constraints("activitypartner", PartnerKind.values)
