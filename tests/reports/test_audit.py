"""Report exports and edition publishing are in the audit trail."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from tallrapport.accounts.models import Unit, User
from tallrapport.audit.models import Action, AuditEntry
from tallrapport.reports.services import edition_publish
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


def test_a_download_and_a_publish_leave_entries(analyst: User, school: Unit) -> None:
    # given a register for 2030
    for _ in range(20):
        CaseFactory(unit=school, registered_on=datetime.date(2030, 3, 1))
    client = Client()
    client.force_login(analyst)
    # when the analyst downloads the CSV and publishes an edition
    client.get(reverse("report_download", args=[2030, "csv"]))
    edition = edition_publish(year=2030, user=analyst)
    # then both are in the trail under the analyst's name
    export = AuditEntry.objects.get(action=Action.EXPORT, target_type="rapport")
    publish = AuditEntry.objects.get(action=Action.PUBLISH, target_type="utgave")
    assert export.target_id == "tallrapport:2030:csv"
    assert export.actor_username == analyst.username
    assert publish.target_id == str(edition.pk)
    assert publish.changes["slug"] == [None, edition.slug]
