"""Every write of an activity is in the audit trail: who, when, what changed."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tallrapport.accounts.models import User
from tallrapport.activities.services import activity_delete, activity_register, activity_update
from tallrapport.audit.models import Action, AuditEntry
from tests.activities.factories import activity_arguments, activity_input

pytestmark = pytest.mark.django_db


def test_register_change_and_delete_are_audited(advisor: User) -> None:
    # given an activity registered by the advisor
    activity = activity_register(user=advisor, **activity_arguments())
    activity_id = str(activity.pk)
    values = activity_input(hours=Decimal("3.5"))
    # when they change its hours and then delete it
    activity_update(activity=activity, user=advisor, expected_version=activity.version, data=values)
    activity_delete(activity=activity, user=advisor)
    # then the trail holds the three writes, in order, with the change of hours
    entries = list(
        AuditEntry.objects.filter(target_type="aktivitet", target_id=activity_id).order_by(
            "at", "pk"
        )
    )
    assert [e.action for e in entries] == [Action.CREATE, Action.UPDATE, Action.DELETE]
    assert all(e.actor_username == advisor.username for e in entries)
    assert entries[1].changes["hours"][1] == "3.50"
    assert entries[2].changes["activity_type"][1] is None
