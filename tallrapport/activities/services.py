"""Writes of activities: register, update, delete.

Every rule that decides whether an activity may be saved lives in
:func:`validate_activity`, which the form calls to put each message at its
field and the services call again, so that no caller (a view, the demo loader,
a future API) can store what the form would have refused. The database
constraints are the last line behind both.
"""

from __future__ import annotations

import datetime
import re
import uuid
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from tallrapport.accounts.models import Unit, User
from tallrapport.accounts.selectors import units_of_user_on
from tallrapport.activities.models import (
    MAX_HOURS,
    MAX_PARTICIPANTS,
    TYPES_WITHOUT_HEADCOUNT,
    Activity,
    ActivityPartner,
    ActivityTargetGroup,
    ActivityTopic,
    ActivityType,
    PartnerKind,
    TargetGroup,
    Topic,
)
from tallrapport.activities.selectors import user_may_change_activity
from tallrapport.audit.models import Action
from tallrapport.audit.services import audit_diff, audit_record

# A municipality's name: letters (æøå and Sami letters included), spaces,
# hyphens, apostrophes and full stops, as in «Porsanger - Porsáŋgu - Porsanki».
# Anything else (digits, @, a street address) is not a municipality, and this
# field must not become a place for identifying free text.
MUNICIPALITY_PATTERN = re.compile(r"^[^\W\d_]+(?:[ .'’\-–]+[^\W\d_]+)*\.?$")
MAX_MUNICIPALITY = 60


class ActivityConflictError(Exception):
    """Someone saved the activity after this user opened it; their edit would be lost."""

    def __init__(self, activity: Activity) -> None:
        super().__init__(f"Activity {activity.pk} changed since it was read")
        self.activity = activity


def resolve_unit(*, user: User, day: datetime.date, unit: Unit | None, fixed: bool = False) -> Unit:
    """The unit an activity dated ``day`` belongs to, as for cases: the user's
    unit on that day, chosen by the user if they worked at several then.
    ``fixed`` is for an edit, where the unit stays and only the date is checked."""
    units = list(units_of_user_on(user=user, day=day))
    if fixed and unit is not None:
        if unit not in units:
            raise ValidationError(
                {
                    "date": _("Datoen ligger utenfor perioden du var rådgiver ved %(unit)s.")
                    % {"unit": unit.name}
                }
            )
        return unit
    if not units:
        raise ValidationError({"date": _("Du var ikke rådgiver ved noen enhet på denne datoen.")})
    if unit is None:
        if len(units) > 1:
            raise ValidationError({"unit": _("Velg hvilken enhet aktiviteten hører til.")})
        return units[0]
    if unit not in units:
        raise ValidationError({"unit": _("Du var ikke rådgiver ved denne enheten på datoen.")})
    return unit


def clean_municipality(text: str) -> str:
    """The municipality as stored: spaces tidied; refused if it is not a name."""
    name = " ".join(text.split())
    if len(name) > MAX_MUNICIPALITY:
        raise ValidationError(
            _("Kommunenavnet kan være høyst %(limit)d tegn.") % {"limit": MAX_MUNICIPALITY}
        )
    if name and not MUNICIPALITY_PATTERN.match(name):
        raise ValidationError(
            _("Skriv bare navnet på kommunen, uten tall eller andre tegn, for eksempel «Bergen».")
        )
    return name


def validate_activity(
    *,
    user: User,
    unit: Unit | None,
    date: datetime.date,
    activity_type: str,
    target_groups: Iterable[str],
    participants: int | None,
    hours: Decimal,
    topics: Iterable[str],
    partners: Iterable[str],
    municipality: str,
    fixed_unit: bool = False,
) -> Unit:
    """Check every rule for an activity and return its unit.

    Raises one ``ValidationError`` whose dict maps each failing field to its
    message, so the form can show them all at once, each at its field.
    """
    errors: dict[str, list[str]] = {}

    def fail(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    resolved: Unit | None = None
    if date > timezone.localdate():
        fail("date", _("Datoen kan ikke være fram i tid."))
    else:
        try:
            resolved = resolve_unit(user=user, day=date, unit=unit, fixed=fixed_unit)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                for message in messages:
                    fail(field, message)

    if activity_type not in ActivityType.values:
        fail("activity_type", _("Velg type aktivitet."))
    groups = list(target_groups)
    if not groups:
        fail("target_groups", _("Velg minst én målgruppe."))
    elif any(g not in TargetGroup.values for g in groups):
        fail("target_groups", _("Velg målgrupper fra listen."))
    if participants is None:
        if activity_type in ActivityType.values and activity_type not in TYPES_WITHOUT_HEADCOUNT:
            fail("participants", _("Skriv hvor mange som deltok."))
    elif not 0 <= participants <= MAX_PARTICIPANTS:
        fail(
            "participants",
            _("Antall deltakere må være mellom 0 og %(max)d.") % {"max": MAX_PARTICIPANTS},
        )
    if not hours.is_finite() or not Decimal(0) < hours <= MAX_HOURS:
        fail(
            "hours",
            _("Timer må være mer enn 0 og høyst %(max)s.") % {"max": f"{MAX_HOURS:.0f}"},
        )
    elif hours != hours.quantize(Decimal("0.1")):
        fail("hours", _("Skriv timer med høyst én desimal, for eksempel 1,5."))
    chosen_topics = list(topics)
    if not chosen_topics:
        fail("topics", _("Velg minst ett tema."))
    elif any(t not in Topic.values for t in chosen_topics):
        fail("topics", _("Velg temaer fra listen."))
    if any(p not in PartnerKind.values for p in partners):
        fail("partners", _("Velg samarbeidspartnere fra listen."))
    # Optional for every unit: a note, an ung.no answer or an envoy's work abroad
    # has no municipality; the form fills in the school's own.
    try:
        clean_municipality(municipality)
    except ValidationError as error:
        for message in error.messages:
            fail("municipality", message)
    if errors or resolved is None:
        raise ValidationError(errors or {"date": _("Ugyldig dato.")})
    return resolved


def _activity_by_token(token: uuid.UUID) -> Activity | None:
    return Activity.objects.filter(submission_token=token).first()


def _replay(activity: Activity, user: User) -> Activity:
    """A repeated submit returns the activity the first one made, to its own author only."""
    if activity.registered_by_id != user.pk:
        raise ValidationError(_("Dette skjemaet er allerede brukt. Last siden på nytt."))
    return activity


def _set_choices(
    activity: Activity,
    *,
    target_groups: Iterable[str],
    topics: Iterable[str],
    partners: Iterable[str],
) -> None:
    """Replace the activity's target groups, topics and partners (each once)."""
    ActivityTargetGroup.objects.filter(activity=activity).delete()
    ActivityTargetGroup.objects.bulk_create(
        ActivityTargetGroup(activity=activity, code=code) for code in sorted(set(target_groups))
    )
    ActivityTopic.objects.filter(activity=activity).delete()
    ActivityTopic.objects.bulk_create(
        ActivityTopic(activity=activity, code=code) for code in sorted(set(topics))
    )
    ActivityPartner.objects.filter(activity=activity).delete()
    ActivityPartner.objects.bulk_create(
        ActivityPartner(activity=activity, code=code) for code in sorted(set(partners))
    )


def activity_audit_values(activity: Activity) -> dict[str, Any]:
    """The activity's fields as the audit trail records them (codes and numbers, no free text
    beyond the municipality's name)."""
    return {
        "unit": str(activity.unit_id),
        "date": activity.date,
        "activity_type": activity.activity_type,
        "target_groups": sorted(
            ActivityTargetGroup.objects.filter(activity=activity).values_list("code", flat=True)
        ),
        "topics": sorted(
            ActivityTopic.objects.filter(activity=activity).values_list("code", flat=True)
        ),
        "partners": sorted(
            ActivityPartner.objects.filter(activity=activity).values_list("code", flat=True)
        ),
        "participants": activity.participants,
        "hours": f"{Decimal(activity.hours):.2f}",
        "municipality": activity.municipality,
    }


def activity_register(
    *,
    user: User,
    unit: Unit | None,
    date: datetime.date,
    activity_type: str,
    target_groups: Iterable[str],
    participants: int | None,
    hours: Decimal,
    topics: Iterable[str],
    partners: Iterable[str] = (),
    municipality: str = "",
    submission_token: uuid.UUID,
) -> Activity:
    """Register a new activity, once per submitted form.

    ``unit`` may be left out when the advisor had one unit on ``date``. A second
    POST of the same form carries the same ``submission_token`` and gets back
    the activity the first one made; the unique constraint on the token settles
    a race between the two.
    """
    if (existing := _activity_by_token(submission_token)) is not None:
        return _replay(existing, user)
    if not user.is_advisor:
        raise PermissionDenied
    groups, chosen_topics, chosen_partners = list(target_groups), list(topics), list(partners)
    resolved = validate_activity(
        user=user,
        unit=unit,
        date=date,
        activity_type=activity_type,
        target_groups=groups,
        participants=participants,
        hours=hours,
        topics=chosen_topics,
        partners=chosen_partners,
        municipality=municipality,
    )
    try:
        with transaction.atomic():
            activity = Activity.objects.create(
                scheme_id=resolved.scheme_id,
                unit=resolved,
                registered_by=user,
                date=date,
                year=date.year,
                activity_type=activity_type,
                participants=participants,
                hours=hours,
                municipality=clean_municipality(municipality),
                submission_token=submission_token,
            )
            _set_choices(
                activity, target_groups=groups, topics=chosen_topics, partners=chosen_partners
            )
            audit_record(
                actor=user,
                action=Action.CREATE,
                target_type="aktivitet",
                target_id=activity.pk,
                changes=audit_diff({}, activity_audit_values(activity)),
            )
    except IntegrityError:
        # The other request of a double submit committed first.
        if (existing := _activity_by_token(submission_token)) is None:
            raise
        return _replay(existing, user)
    return activity


def activity_update(
    *,
    activity: Activity,
    user: User,
    expected_version: int,
    date: datetime.date,
    activity_type: str,
    target_groups: Iterable[str],
    participants: int | None,
    hours: Decimal,
    topics: Iterable[str],
    partners: Iterable[str] = (),
    municipality: str = "",
) -> Activity:
    """Change an activity the user may change, if nobody changed it since they read it.

    The UPDATE only matches the row at ``expected_version``; if another save came
    first, nothing is written and :class:`ActivityConflictError` says so,
    instead of silently overwriting the other person's change.
    """
    if not user_may_change_activity(user=user, activity=activity):
        raise PermissionDenied
    groups, chosen_topics, chosen_partners = list(target_groups), list(topics), list(partners)
    validate_activity(
        user=user,
        unit=activity.unit,
        date=date,
        activity_type=activity_type,
        target_groups=groups,
        participants=participants,
        hours=hours,
        topics=chosen_topics,
        partners=chosen_partners,
        municipality=municipality,
        fixed_unit=True,
    )
    with transaction.atomic():
        before = activity_audit_values(activity)
        updated = Activity.objects.filter(pk=activity.pk, version=expected_version).update(
            date=date,
            year=date.year,
            activity_type=activity_type,
            participants=participants,
            hours=hours,
            municipality=clean_municipality(municipality),
            version=F("version") + 1,
            updated_at=timezone.now(),
        )
        if updated != 1:
            current = Activity.objects.filter(pk=activity.pk).first()
            raise ActivityConflictError(current or activity)
        _set_choices(activity, target_groups=groups, topics=chosen_topics, partners=chosen_partners)
        activity.refresh_from_db()
        audit_record(
            actor=user,
            action=Action.UPDATE,
            target_type="aktivitet",
            target_id=activity.pk,
            changes=audit_diff(before, activity_audit_values(activity)),
        )
    return activity


def activity_delete(*, activity: Activity, user: User) -> None:
    """Delete an activity the user may change (a wrongly registered one)."""
    if not user_may_change_activity(user=user, activity=activity):
        raise PermissionDenied
    with transaction.atomic():
        audit_record(
            actor=user,
            action=Action.DELETE,
            target_type="aktivitet",
            target_id=activity.pk,
            changes=audit_diff(activity_audit_values(activity), {}),
        )
        activity.delete()
