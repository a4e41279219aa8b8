"""The cases' admin pages: looking at a case there is audited like the app's page."""

from __future__ import annotations

from django.urls import reverse

from tallrapport.accounts.models import Unit, User
from tallrapport.audit.models import Action, AuditEntry
from tests.conftest import client_for
from tests.factories import CaseFactory


def test_looking_at_a_case_in_the_admin_is_audited(admin: User, school: Unit) -> None:
    # given a case (defect 6: the admin's case page left no trace)
    case = CaseFactory(unit=school)
    # when the administrator opens it in the admin
    response = client_for(admin).get(reverse("admin:cases_case_change", args=[case.pk]))
    # then the look is in the trail, as the app's case page puts it there
    assert response.status_code == 200
    entry = AuditEntry.objects.get(action=Action.VIEW, target_type="sak")
    assert (entry.target_id, entry.actor_username) == (str(case.pk), admin.username)


def test_the_admins_list_and_a_missing_case_are_not_looks(admin: User, school: Unit) -> None:
    CaseFactory(unit=school)
    client = client_for(admin)
    client.get(reverse("admin:cases_case_changelist"))
    client.get(reverse("admin:cases_case_change", args=["00000000-0000-0000-0000-000000000000"]))
    assert not AuditEntry.objects.filter(action=Action.VIEW).exists()
