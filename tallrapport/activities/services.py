"""Writes of activities: register, update, delete.

Every rule that decides whether an activity may be saved lives in
:func:`validate_activity`, which the form calls to put each message at its
field and the services call again, so that no caller (a view, the demo loader,
a future API) can store what the form would have refused. The database
constraints are the last line behind both.

A closed year locks activities as it locks cases, since the yearly report
counts both: the advisor's writes are refused with a message at the date, the
database triggers (migration 0002) refuse every other writer, and an analyst's
late registration or change (``late_reason`` given) is the way in, with the
reason logged, exactly as for cases (:mod:`tallrapport.cases.years`).
"""

from __future__ import annotations

import datetime
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tallrapport.accounts.models import Unit, User
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
from tallrapport.activities.selectors import user_may_change_activities, user_may_change_activity
from tallrapport.audit.models import Action
from tallrapport.audit.services import audit_diff, audit_record

# The closed-year lock is one per scheme and year, shared with cases.
from tallrapport.cases.rules import closed_remembered, gather, unit_and_lock
from tallrapport.cases.selectors import user_may_close_years
from tallrapport.cases.years import (
    check_year_open,
    clean_reason,
    closed_meanwhile,
    closed_message,
    closed_years_writable,
    not_closed_message,
)
from tallrapport.writes import create_once, earlier_submit, update_versioned

AUDIT_TARGET = "aktivitet"

# A municipality's name: letters (æøå and Sami letters included), spaces,
# hyphens, apostrophes and full stops, as in «Porsanger - Porsáŋgu - Porsanki».
# Anything else (digits, @, a street address) is not a municipality, and this
# field must not become a place for identifying free text.
MUNICIPALITY_PATTERN = re.compile(r"^[^\W\d_]+(?:[ .'’\-–]+[^\W\d_]+)*\.?$")
MAX_MUNICIPALITY = 60


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


@dataclass(frozen=True)
class ActivityInput:
    """An activity's own fields, as the form gives them to the services."""

    date: datetime.date
    activity_type: str
    target_groups: tuple[str, ...]
    participants: int | None
    hours: Decimal
    topics: tuple[str, ...]
    partners: tuple[str, ...] = ()
    municipality: str = ""


Fail = Callable[[str, str], None]


def _resolved_unit(
    fail: Fail,
    *,
    user: User,
    unit: Unit | None,
    day: datetime.date,
    fixed: bool,
    late: bool,
    named_unit: bool = False,
) -> Unit | None:
    """The activity's unit, with the date's and the closed year's problems reported."""
    if day > timezone.localdate():
        fail("date", _("Datoen kan ikke være fram i tid."))
        return None
    try:
        if late and fixed and unit is not None:
            resolved, closed = unit, closed_remembered(unit.scheme, day.year)
        else:
            resolved, closed = unit_and_lock(
                user=user,
                unit=unit,
                day=day,
                fixed=fixed,
                late=late,
                named_unit=named_unit,
                field="date",
            )
    except ValidationError as error:
        gather(fail, error)
        return None
    if closed and not late:
        fail("date", closed_message(resolved.scheme, day.year, activities=True))
    elif late and not closed:
        fail("date", not_closed_message(day.year))
    return resolved


def _check_counts(fail: Fail, data: ActivityInput) -> None:
    participants, hours = data.participants, data.hours
    if participants is None:
        if data.activity_type in ActivityType.values and (
            data.activity_type not in TYPES_WITHOUT_HEADCOUNT
        ):
            fail("participants", _("Skriv hvor mange som deltok."))
    elif not 0 <= participants <= MAX_PARTICIPANTS:
        fail(
            "participants",
            _("Antall deltakere må være mellom 0 og %(max)d.") % {"max": MAX_PARTICIPANTS},
        )
    if not hours.is_finite() or not Decimal(0) < hours <= MAX_HOURS:
        fail("hours", _("Timer må være mer enn 0 og høyst %(max)s.") % {"max": f"{MAX_HOURS:.0f}"})
    elif hours != hours.quantize(Decimal("0.1")):
        fail("hours", _("Skriv timer med høyst én desimal, for eksempel 1,5."))


def _check_choices(fail: Fail, data: ActivityInput) -> None:
    if data.activity_type not in ActivityType.values:
        fail("activity_type", _("Velg type aktivitet."))
    if not data.target_groups:
        fail("target_groups", _("Velg minst én målgruppe."))
    elif any(g not in TargetGroup.values for g in data.target_groups):
        fail("target_groups", _("Velg målgrupper fra listen."))
    if not data.topics:
        fail("topics", _("Velg minst ett tema."))
    elif any(t not in Topic.values for t in data.topics):
        fail("topics", _("Velg temaer fra listen."))
    if any(p not in PartnerKind.values for p in data.partners):
        fail("partners", _("Velg samarbeidspartnere fra listen."))
    # Optional for every unit: a note, an ung.no answer or an envoy's work abroad
    # has no municipality; the form fills in the school's own.
    try:
        clean_municipality(data.municipality)
    except ValidationError as error:
        for message in error.messages:
            fail("municipality", message)


def validate_activity(
    *,
    user: User,
    unit: Unit | None,
    data: ActivityInput,
    fixed_unit: bool = False,
    late: bool = False,
    named_unit: bool = False,
) -> Unit:
    """Check every rule for an activity and return its unit.

    Raises one ``ValidationError`` whose dict maps each failing field to its
    message, so the form can show them all at once, each at its field. ``late``
    is the analyst's late write: the unit is named (or kept), the year closed.
    ``named_unit`` is an analyst's import: the unit named, the year open.
    """
    errors: dict[str, list[str]] = {}

    def fail(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    resolved = _resolved_unit(
        fail,
        user=user,
        unit=unit,
        day=data.date,
        fixed=fixed_unit,
        late=late,
        named_unit=named_unit,
    )
    _check_choices(fail, data)
    _check_counts(fail, data)
    if errors or resolved is None:
        raise ValidationError(errors or {"date": _("Ugyldig dato.")})
    return resolved


def _set_choices(activity: Activity, data: ActivityInput) -> None:
    """Replace the activity's target groups, topics and partners (each once)."""
    ActivityTargetGroup.objects.filter(activity=activity).delete()
    ActivityTargetGroup.objects.bulk_create(
        ActivityTargetGroup(activity=activity, code=c) for c in sorted(set(data.target_groups))
    )
    ActivityTopic.objects.filter(activity=activity).delete()
    ActivityTopic.objects.bulk_create(
        ActivityTopic(activity=activity, code=c) for c in sorted(set(data.topics))
    )
    ActivityPartner.objects.filter(activity=activity).delete()
    ActivityPartner.objects.bulk_create(
        ActivityPartner(activity=activity, code=c) for c in sorted(set(data.partners))
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


def _fields(data: ActivityInput) -> dict[str, Any]:
    return {
        "date": data.date,
        "year": data.date.year,
        "activity_type": data.activity_type,
        "participants": data.participants,
        "hours": data.hours,
        "municipality": clean_municipality(data.municipality),
    }


def _may_write(user: User, *, late: bool) -> bool:
    return user_may_close_years(user) if late else user_may_change_activities(user)


def activity_register(
    *,
    user: User,
    unit: Unit | None,
    data: ActivityInput,
    submission_token: uuid.UUID,
    late_reason: str | None = None,
) -> Activity:
    """Register a new activity, once per submitted form.

    ``unit`` may be left out when the advisor had one unit on the date; an
    analyst's late registration (``late_reason`` given) names it. A second POST
    of the same form carries the same ``submission_token`` and gets back the
    activity the first one made.
    """
    if (existing := earlier_submit(Activity, token=submission_token, user=user)) is not None:
        return existing
    late = late_reason is not None
    if not _may_write(user, late=late):
        raise PermissionDenied
    reason = clean_reason(late_reason, required=True) if late else ""
    resolved = validate_activity(user=user, unit=unit, data=data, late=late)

    def create() -> Activity:
        with closed_years_writable([(resolved.scheme, data.date.year)] if late else []):
            activity = Activity.objects.create(
                scheme_id=resolved.scheme_id,
                unit=resolved,
                registered_by=user,
                submission_token=submission_token,
                **_fields(data),
            )
            _set_choices(activity, data)
        audit_record(
            actor=user,
            action=Action.LATE_CREATE if late else Action.CREATE,
            target_type=AUDIT_TARGET,
            target_id=activity.pk,
            changes=audit_diff({}, activity_audit_values(activity)),
            reason=reason,
        )
        return activity

    with closed_meanwhile(resolved.scheme, [data.date.year], field="date", activities=True):
        return create_once(Activity, token=submission_token, user=user, create=create)


def activity_update(
    *,
    user: User,
    activity: Activity,
    expected_version: int,
    data: ActivityInput,
    late_reason: str | None = None,
) -> Activity:
    """Change an activity, if nobody changed it since the user read it.

    The UPDATE only matches the row at ``expected_version``; if another save came
    first, nothing is written and :class:`~tallrapport.writes.ConflictError`
    says so. An advisor changes their units' activities in open years; an
    analyst's late change (``late_reason`` given) is of a closed year's activity,
    to a date in a closed year.
    """
    late = late_reason is not None
    may_change = late or user_may_change_activity(user=user, activity=activity)
    if not (_may_write(user, late=late) and may_change):
        raise PermissionDenied
    reason = clean_reason(late_reason, required=True) if late else ""
    scheme = activity.scheme
    check_year_open(user=user, scheme=scheme, years=[activity.year], late=late, activities=True)
    validate_activity(user=user, unit=activity.unit, data=data, fixed_unit=True, late=late)
    before = activity_audit_values(activity)
    years = [activity.year, data.date.year]
    with (
        closed_meanwhile(scheme, years, field="date", activities=True),
        transaction.atomic(),
        closed_years_writable([(scheme, y) for y in years] if late else []),
    ):
        update_versioned(
            Activity, pk=activity.pk, expected_version=expected_version, **_fields(data)
        )
        _set_choices(activity, data)
        activity.refresh_from_db()
        audit_record(
            actor=user,
            action=Action.LATE_UPDATE if late else Action.UPDATE,
            target_type=AUDIT_TARGET,
            target_id=activity.pk,
            changes=audit_diff(before, activity_audit_values(activity)),
            reason=reason,
        )
    return activity


def activity_delete(*, activity: Activity, user: User) -> None:
    """Delete an activity the user may change (a wrongly registered one) in an open year."""
    if not user_may_change_activity(user=user, activity=activity):
        raise PermissionDenied
    scheme = activity.scheme
    check_year_open(user=user, scheme=scheme, years=[activity.year], late=False, activities=True)
    with (
        closed_meanwhile(scheme, [activity.year], field="date", activities=True),
        transaction.atomic(),
    ):
        audit_record(
            actor=user,
            action=Action.DELETE,
            target_type=AUDIT_TARGET,
            target_id=activity.pk,
            changes=audit_diff(activity_audit_values(activity), {}),
        )
        activity.delete()
