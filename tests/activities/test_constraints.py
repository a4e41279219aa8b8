"""The database refuses what the rules refuse, even when the services are bypassed."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal
from typing import Any

import pytest
from django.db import IntegrityError, transaction

from tallrapport.accounts.models import Unit
from tallrapport.activities.models import (
    Activity,
    ActivityPartner,
    ActivityTargetGroup,
    ActivityTopic,
    ActivityType,
)
from tests.activities.factories import ActivityFactory, activity_with

pytestmark = pytest.mark.django_db


def _refused(**fields: Any) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        ActivityFactory(**fields)


@pytest.mark.parametrize(
    "fields",
    [
        pytest.param({"hours": Decimal("0")}, id="hours-zero"),
        pytest.param({"hours": Decimal("-1.5")}, id="hours-negative"),
        pytest.param({"hours": Decimal("200.5")}, id="hours-over-200"),
        pytest.param({"participants": -1}, id="participants-negative"),
        pytest.param({"participants": 10_001}, id="participants-too-many"),
        pytest.param({"participants": None}, id="participants-missing-for-course"),
        pytest.param({"activity_type": "fest"}, id="type-unknown"),
        pytest.param({"year": 1999, "date": datetime.date(1999, 5, 1)}, id="year-too-early"),
        pytest.param({"version": 0}, id="version-zero"),
    ],
)
def test_bad_rows_are_refused(school: Unit, fields: dict[str, Any]) -> None:
    # given a row that breaks one rule / when inserted / then the database refuses it
    _refused(unit=school, **fields)
    assert Activity.objects.count() == 0


@pytest.mark.parametrize(
    "activity_type",
    [ActivityType.PROFESSIONAL_NOTE, ActivityType.UNG_NO, ActivityType.MEDIA, ActivityType.STAND],
)
def test_types_without_headcount_may_leave_participants_empty(
    school: Unit, activity_type: str
) -> None:
    activity = ActivityFactory(unit=school, activity_type=activity_type, participants=None)
    assert Activity.objects.get(pk=activity.pk).participants is None


def test_bounds_themselves_are_allowed(school: Unit) -> None:
    # the smallest and largest legal values are stored as given
    small = ActivityFactory(unit=school, hours=Decimal("0.1"), participants=0)
    large = ActivityFactory(unit=school, hours=Decimal("200"), participants=10_000)
    assert Activity.objects.get(pk=small.pk).hours == Decimal("0.1")
    assert Activity.objects.get(pk=large.pk).participants == 10_000


def test_submission_token_is_unique(school: Unit) -> None:
    token = uuid.uuid4()
    ActivityFactory(unit=school, submission_token=token)
    _refused(unit=school, submission_token=token)


@pytest.mark.parametrize("model", [ActivityTargetGroup, ActivityTopic, ActivityPartner])
def test_unknown_codes_are_refused(school: Unit, model: type[Any]) -> None:
    activity = ActivityFactory(unit=school)
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.create(activity=activity, code="noe-annet")
    assert model.objects.count() == 0


def test_a_target_group_is_stored_once_per_activity(school: Unit) -> None:
    # given an activity for school staff
    activity = activity_with(unit=school, target_groups=["skoleansatte"])
    # when the same group is added again / then refused
    with pytest.raises(IntegrityError), transaction.atomic():
        ActivityTargetGroup.objects.create(activity=activity, code="skoleansatte")
    assert activity.target_groups.count() == 1


def test_deleting_an_activity_deletes_its_choices(school: Unit) -> None:
    activity = activity_with(unit=school, partners=["nav"])
    activity.delete()
    assert ActivityTargetGroup.objects.count() == ActivityTopic.objects.count() == 0
    assert ActivityPartner.objects.count() == 0
