"""Importing a sheet of activities: the activity form's rules and audit, in bulk."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from tallrapport.accounts.models import Unit, User
from tallrapport.activities.models import Activity
from tallrapport.activities.services import activity_audit_values
from tallrapport.audit.models import AuditEntry
from tallrapport.audit.services import audit_diff
from tallrapport.cases.imports.services import default_choices, import_apply, read_sheets
from tests.cases.imports.sheets import activity_rows, xlsx

D = datetime.date
pytestmark = pytest.mark.django_db


def test_an_advisors_activities_come_in_with_the_forms_rules_and_audit(
    advisor: User, school: Unit
) -> None:
    # given a sheet of four activities, the last without its number of participants
    sheets = read_sheets(xlsx(activity_rows(), title="Aktiviteter"), "xlsx")
    choices = default_choices(sheets, "aktiviteter", None)
    # when it is imported
    plan = import_apply(
        user=advisor, unit=school, kind="aktiviteter", sheet=sheets[0], choices=choices, digest=None
    ).plan
    # then three come in, read from the advisors' own words
    activities = {a.date: a for a in Activity.objects.all()}
    assert set(activities) == {D(2023, 3, 1), D(2023, 4, 12), D(2023, 7, 1)}
    talk = activities[D(2023, 3, 1)]
    assert (talk.activity_type, talk.participants, talk.hours) == ("kurs", 25, Decimal("2.5"))
    assert talk.target_group_names == ["Skoleansatte"]
    assert talk.topic_names == ["Negativ sosial kontroll"]
    assert talk.municipality == school.municipality  # the form's default: the school's own
    group = activities[D(2023, 4, 12)]
    assert sorted(t.code for t in group.topics.all()) == ["kjonnslemlestelse", "tvangsekteskap"]
    assert activities[D(2023, 7, 1)].participants is None  # ung.no has no headcount
    # and the fourth is refused by the activity form's own rule
    assert [(r.number, [p.message for p in r.problems]) for r in plan.refused] == [
        (5, ["Skriv hvor mange som deltok."])
    ]
    # each activity has the audit entry its form writes
    for activity in activities.values():
        entry = AuditEntry.objects.get(target_type="aktivitet", target_id=str(activity.pk))
        assert entry.changes == audit_diff({}, activity_audit_values(activity))
