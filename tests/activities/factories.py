"""Factories for activities: rows written straight to the tables, and the POST a
browser sends for a valid registration. Everything is synthetic."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import factory
from django.utils import timezone

from tallrapport.activities.models import (
    Activity,
    ActivityPartner,
    ActivityTargetGroup,
    ActivityTopic,
    ActivityType,
    TargetGroup,
    Topic,
)
from tallrapport.activities.services import ActivityInput
from tests.factories import UnitFactory


class ActivityFactory(factory.django.DjangoModelFactory):
    """An activity row without its through rows (see :func:`activity_with`)."""

    class Meta:
        model = Activity

    unit = factory.SubFactory(UnitFactory)
    scheme = factory.LazyAttribute(lambda activity: activity.unit.scheme)
    date = datetime.date(2023, 3, 15)
    year = factory.LazyAttribute(lambda activity: activity.date.year)
    activity_type = ActivityType.COURSE
    participants = 20
    hours = Decimal("3.0")
    municipality = "Bergen"


def activity_with(
    *,
    target_groups: Iterable[str] = (TargetGroup.SCHOOL_STAFF,),
    topics: Iterable[str] = (Topic.NEGATIVE_SOCIAL_CONTROL,),
    partners: Iterable[str] = (),
    **fields: Any,
) -> Activity:
    """An activity with its target groups, topics and partners."""
    activity: Activity = ActivityFactory(**fields)
    ActivityTargetGroup.objects.bulk_create(
        ActivityTargetGroup(activity=activity, code=c) for c in target_groups
    )
    ActivityTopic.objects.bulk_create(ActivityTopic(activity=activity, code=c) for c in topics)
    ActivityPartner.objects.bulk_create(
        ActivityPartner(activity=activity, code=c) for c in partners
    )
    return activity


def activity_arguments(**overrides: Any) -> dict[str, Any]:
    """Keyword arguments for ``activity_register`` that pass, today, at the only unit."""
    outer: dict[str, Any] = {"unit": None, "submission_token": uuid.uuid4()}
    for name in ("unit", "submission_token", "late_reason"):
        if name in overrides:
            outer[name] = overrides.pop(name)
    return {**outer, "data": activity_input(**overrides)}


def activity_input(**overrides: Any) -> ActivityInput:
    """An activity's fields that pass, today, at the advisor's only unit."""
    values: dict[str, Any] = {
        "date": timezone.localdate(),
        "activity_type": ActivityType.COURSE.value,
        "target_groups": [TargetGroup.SCHOOL_STAFF.value],
        "participants": 25,
        "hours": Decimal("2.5"),
        "topics": [Topic.NEGATIVE_SOCIAL_CONTROL.value],
        "partners": [],
        "municipality": "Bergen",
    }
    values.update(overrides)
    for name in ("target_groups", "topics", "partners"):
        values[name] = tuple(values[name])
    return ActivityInput(**values)


def activity_form_data(**overrides: Any) -> dict[str, Any]:
    """What a browser posts for a valid registration, today, at the advisor's only unit.

    An override of ``None`` leaves the field out of the POST.
    """
    data: dict[str, Any] = {
        "date": timezone.localdate().strftime("%d.%m.%Y"),
        "activity_type": ActivityType.COURSE.value,
        "target_groups": [TargetGroup.SCHOOL_STAFF.value, TargetGroup.CHILD_WELFARE.value],
        "participants": "25",
        "hours": "2,5",
        "topics": [Topic.NEGATIVE_SOCIAL_CONTROL.value],
        "partners": [],
        "municipality": "Bergen",
        "submission_token": str(uuid.uuid4()),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}
