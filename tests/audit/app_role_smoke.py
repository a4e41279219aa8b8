"""The application's everyday work, run by tests/audit/test_roles.py as the
application's role in a fresh database: log in, open pages, write cases, users,
sessions and audit entries. Exits non-zero on the first thing refused."""

from __future__ import annotations

import datetime

import django

django.setup()

from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from tallrapport.accounts.models import User  # noqa: E402
from tallrapport.audit.models import Action, AuditEntry  # noqa: E402
from tallrapport.audit.services import audit_record  # noqa: E402
from tests.factories import TEST_PASSWORD, CaseFactory, UnitFactory, advisor_at  # noqa: E402


def main() -> None:
    unit = UnitFactory(name="Rolleprøven videregående skole")
    advisor = advisor_at(unit, username="rolleprove")
    client = Client()
    login = client.post(reverse("login"), {"username": advisor.username, "password": TEST_PASSWORD})
    assert login.status_code == 302, login.status_code
    assert client.get(reverse("my_cases")).status_code == 200
    case = CaseFactory(unit=unit, registered_on=datetime.date.today())
    assert client.get(reverse("case_detail", args=[case.pk])).status_code == 200
    case.delete()
    User.objects.filter(pk=advisor.pk).update(first_name="Endret")
    audit_record(actor=advisor, action=Action.UPDATE, target_type="bruker", target_id=advisor.pk)
    assert client.post(reverse("logout")).status_code == 302
    print("normal work ok;", AuditEntry.objects.count(), "audit entries")


main()
