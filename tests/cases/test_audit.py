"""Every write of a case and every look at one lands in the audit trail."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tallrapport.accounts.models import Unit, User
from tallrapport.audit.models import Action, AuditEntry
from tallrapport.cases.models import Case, Category
from tallrapport.cases.services import case_delete, case_register, case_update
from tallrapport.writes import ConflictError
from tests.cases.test_services import _update_values, arguments
from tests.conftest import client_for
from tests.factories import CaseFactory

D = datetime.date


def _entries(case_id: object) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(target_type="sak", target_id=str(case_id)).order_by("id"))


def test_register_update_delete_are_logged_with_field_changes(advisor: User) -> None:
    # given a registered case
    case = case_register(user=advisor, **arguments(registered_on=D(2024, 2, 1)))
    # when it is changed and then deleted
    case_update(
        case=case,
        user=advisor,
        expected_version=1,
        **_update_values(
            case,
            registered_on=D(2024, 9, 1),
            main_category=Category.objects.get(code="trusler-vold"),
        ),
    )
    case_id = case.pk
    case_delete(case=Case.objects.get(pk=case_id), user=advisor)
    # then three entries tell who did what, with old and new coded values
    created, updated, deleted = _entries(case_id)
    assert [e.action for e in (created, updated, deleted)] == [
        Action.CREATE,
        Action.UPDATE,
        Action.DELETE,
    ]
    assert all(e.actor == advisor for e in (created, updated, deleted))
    assert created.changes["main_category"] == [None, "negativ-sosial-kontroll"]
    assert created.changes["country"] == [None, "so"]
    assert updated.changes == {
        "registered_on": ["2024-02-01", "2024-09-01"],
        "main_category": ["negativ-sosial-kontroll", "trusler-vold"],
    }
    assert deleted.changes["main_category"] == ["trusler-vold", None]


def test_replayed_form_is_logged_once(advisor: User) -> None:
    values = arguments()
    first = case_register(user=advisor, **values)
    case_register(user=advisor, **values)
    assert len(_entries(first.pk)) == 1


def test_failed_write_leaves_no_entry(advisor: User, school: Unit) -> None:
    # given a stale edit that conflicts / then nothing is logged for it
    case = CaseFactory(unit=school)
    Case.objects.filter(pk=case.pk).update(version=2)
    with pytest.raises(ConflictError):
        case_update(case=case, user=advisor, expected_version=1, **_update_values(case))
    assert _entries(case.pk) == []


def test_each_look_at_a_case_is_logged_cheaply(advisor: User, analyst: User, school: Unit) -> None:
    # given a case
    case = CaseFactory(unit=school)
    # when the advisor and the analyst open it
    for user in (advisor, analyst):
        client = client_for(user)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("case_detail", args=[case.pk])).status_code == 200
        inserts = [q for q in queries if "audit_auditentry" in q["sql"]]
        # then one INSERT logs the look, nothing more
        assert len(inserts) == 1 and inserts[0]["sql"].lstrip().upper().startswith("INSERT")
    views = [e for e in _entries(case.pk) if e.action == Action.VIEW]
    assert [e.actor for e in views] == [advisor, analyst]
    assert views[0].ip_address == "127.0.0.1"


def test_a_refused_look_is_not_logged_as_a_view(other_advisor: User, school: Unit) -> None:
    case = CaseFactory(unit=school)
    assert client_for(other_advisor).get(reverse("case_detail", args=[case.pk])).status_code == 404
    assert _entries(case.pk) == []
