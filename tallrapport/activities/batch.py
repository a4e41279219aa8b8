"""Many activities of one unit at once: the import of an advisor's spreadsheet.

Beside :mod:`tallrapport.activities.services` (whose rules, field mapping and
audit values it uses) so that the form's services stay short.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction

from tallrapport.accounts.models import Unit, User
from tallrapport.activities.models import (
    Activity,
    ActivityPartner,
    ActivityTargetGroup,
    ActivityTopic,
)
from tallrapport.activities.services import (
    AUDIT_TARGET,
    ActivityInput,
    _fields,
    validate_activity,
)
from tallrapport.audit.models import Action
from tallrapport.audit.services import audit_diff, audit_record_many
from tallrapport.cases.services import validate_many
from tallrapport.cases.years import closed_meanwhile, closed_years_writable


def _audit_values_of_new(activity: Activity, data: ActivityInput) -> dict[str, Any]:
    """What ``activity_audit_values`` gives for an activity just made from ``data``,
    without reading its codes back (a test holds the two equal)."""
    return {
        "unit": str(activity.unit_id),
        "date": activity.date,
        "activity_type": activity.activity_type,
        "target_groups": sorted(set(data.target_groups)),
        "topics": sorted(set(data.topics)),
        "partners": sorted(set(data.partners)),
        "participants": activity.participants,
        "hours": f"{Decimal(activity.hours):.2f}",
        "municipality": activity.municipality,
    }


def _codes(codes: tuple[str, ...]) -> list[str]:
    return sorted(set(codes))


def activity_register_many(
    *,
    user: User,
    unit: Unit,
    activities: Sequence[tuple[ActivityInput, uuid.UUID]],
    late_reason: str | None = None,
) -> list[Activity]:
    """Register many activities of one unit at once: the import of a spreadsheet.

    The rules of ``activity_register`` for each one (the same
    :func:`validate_activity`; an analyst names the unit, and ``late_reason``
    makes every one a late registration in a closed year), all or nothing
    (:class:`~tallrapport.cases.services.BatchRefused`), bulk INSERTs, and the
    audit entry a form's registration writes for each. Run it inside the
    caller's transaction.
    """
    late = late_reason is not None
    reason = validate_many(
        user=user,
        late_reason=late_reason,
        records=activities,
        validate=lambda record, late, named: validate_activity(
            user=user, unit=unit, data=record[0], late=late, named_unit=named
        ),
    )
    scheme = unit.scheme
    years = sorted({data.date.year for data, _token in activities})
    rows = [
        Activity(
            scheme_id=unit.scheme_id,
            unit=unit,
            registered_by=user,
            submission_token=token,
            **_fields(data),
        )
        for data, token in activities
    ]
    pairs = list(zip(rows, (data for data, _token in activities), strict=True))
    with (
        closed_meanwhile(scheme, years, field="date", activities=True),
        transaction.atomic(),
        closed_years_writable([(scheme, year) for year in years] if late else []),
    ):
        Activity.objects.bulk_create(rows, batch_size=500)
        ActivityTargetGroup.objects.bulk_create(
            [
                ActivityTargetGroup(activity=a, code=c)
                for a, d in pairs
                for c in _codes(d.target_groups)
            ],
            batch_size=500,
        )
        ActivityTopic.objects.bulk_create(
            [ActivityTopic(activity=a, code=c) for a, d in pairs for c in _codes(d.topics)],
            batch_size=500,
        )
        ActivityPartner.objects.bulk_create(
            [ActivityPartner(activity=a, code=c) for a, d in pairs for c in _codes(d.partners)],
            batch_size=500,
        )
        audit_record_many(
            actor=user,
            action=Action.LATE_CREATE if late else Action.CREATE,
            target_type=AUDIT_TARGET,
            changes_by_target=(
                (a.pk, audit_diff({}, _audit_values_of_new(a, d))) for a, d in pairs
            ),
            reason=reason,
        )
    return rows
