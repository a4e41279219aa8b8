"""Activities through the API: the activity service's rules, the selectors' scoping."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from tallrapport.accounts.models import Unit, User
from tallrapport.activities.models import Activity
from tallrapport.audit.models import Action, AuditEntry
from tests.api.conftest import api_client

pytestmark = pytest.mark.django_db


def activity_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "date": timezone.localdate().isoformat(),
        "activity_type": "kurs",
        "target_groups": ["skoleansatte"],
        "participants": 25,
        "hours": "2.5",
        "topics": ["nsk"],
        "municipality": "Bergen",
    }
    body.update(overrides)
    return body


def test_an_advisor_registers_an_activity_once_per_key(advisor: User, school: Unit) -> None:
    client = api_client(advisor)
    answers = [
        client.post(
            "/api/v1/aktiviteter/",
            activity_body(),
            content_type="application/json",
            HTTP_IDEMPOTENCY_KEY="kurs-1",
        )
        for _ in range(2)
    ]
    assert [a.status_code for a in answers] == [201, 201]
    assert answers[0].json()["id"] == answers[1].json()["id"]
    activity = Activity.objects.get()
    assert activity.unit == school
    assert answers[0].json()["hours"] == "2.5"
    assert (
        AuditEntry.objects.filter(
            action=Action.CREATE, target_type="aktivitet", target_id=str(activity.pk)
        ).count()
        == 1
    )


def test_the_services_rules_answer_in_norwegian(advisor: User) -> None:
    # when a course comes without participants and with too many hours
    body = activity_body(participants=None, hours="250")
    response = api_client(advisor).post(
        "/api/v1/aktiviteter/", body, content_type="application/json"
    )
    # then the service's own messages come back, each at its field
    assert response.status_code == 400
    errors = {e["pointer"]: e["detail"] for e in response.json()["errors"]}
    assert errors["#/participants"] == "Skriv hvor mange som deltok."
    assert errors["#/hours"].startswith("Timer må være mer enn 0")


def test_another_schools_activity_is_404_and_the_analyst_reads_it(
    advisor: User, other_advisor: User, analyst: User
) -> None:
    made = api_client(advisor).post(
        "/api/v1/aktiviteter/", activity_body(), content_type="application/json"
    )
    url = f"/api/v1/aktiviteter/{made.json()['id']}/"
    assert api_client(other_advisor).get(url).status_code == 404
    assert api_client(analyst).get(url).status_code == 200
    assert api_client(analyst).get("/api/v1/aktiviteter/").json()["count"] == 1
    refused = api_client(analyst).post(
        "/api/v1/aktiviteter/", activity_body(), content_type="application/json"
    )
    assert refused.status_code == 403
