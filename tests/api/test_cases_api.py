"""Cases through the API, per persona: the web's services, scoping and rules.

An advisor registers and reads their own units' cases, another school's case
is 404, the analyst and the administrator read all but register nothing; the
closed-year rule, the validation messages and the audit trail are the form's.
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any

import pytest
from django.utils import timezone

from tallrapport.accounts.models import Unit, User
from tallrapport.audit.models import Action, AuditEntry
from tallrapport.cases.models import Case
from tests.api.conftest import api_client
from tests.factories import CaseFactory, close_year

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"


def case_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "registered_on": timezone.localdate().isoformat(),
        "main_category": "negativ-sosial-kontroll",
        "gender": "jente",
        "age_group": "under_18",
        "country": "Somalia",
        "reported_by": "skoleansatt",
    }
    body.update(overrides)
    return body


def test_an_advisor_registers_a_case_at_their_school_with_the_forms_audit(
    advisor: User, school: Unit
) -> None:
    # given an advisor's token
    client = api_client(advisor)
    # when they post a case
    response = client.post("/api/v1/saker/", case_body(), content_type="application/json")
    # then the service made it at their school, and the trail has the form's entry
    assert response.status_code == 201, response.content
    case = Case.objects.get(pk=response.json()["id"])
    assert case.unit == school
    assert response.json()["country"] == "so"
    entry = AuditEntry.objects.get(target_type="sak", target_id=str(case.pk))
    assert entry.action == Action.CREATE
    assert entry.actor == advisor


def test_the_same_idempotency_key_registers_once(advisor: User) -> None:
    # given one request sent twice with the same key (a retry after a timeout)
    client = api_client(advisor)
    headers = {"Idempotency-Key": "skolesystem-rad-17"}
    # when both arrive
    first = client.post(
        "/api/v1/saker/", case_body(), content_type="application/json", headers=headers
    )
    again = client.post(
        "/api/v1/saker/", case_body(), content_type="application/json", headers=headers
    )
    # then one case exists, and both answers name it
    assert first.status_code == again.status_code == 201
    assert first.json()["id"] == again.json()["id"]
    assert Case.objects.count() == 1


def test_another_key_registers_another_case(advisor: User) -> None:
    client = api_client(advisor)
    for key in ("a", "b"):
        client.post(
            "/api/v1/saker/",
            case_body(),
            content_type="application/json",
            HTTP_IDEMPOTENCY_KEY=key,
        )
    assert Case.objects.count() == 2


def test_a_closed_year_refuses_the_advisor_with_the_forms_message(
    advisor: User, school: Unit, analyst: User
) -> None:
    # given last year closed for the school's scheme
    last_year = timezone.localdate().year - 1
    close_year(school.scheme, last_year, by=analyst)
    # when the advisor posts a case dated in it
    day = datetime.date(last_year, 5, 2).isoformat()
    response = api_client(advisor).post(
        "/api/v1/saker/", case_body(registered_on=day), content_type="application/json"
    )
    # then it is a problem document with the form's Norwegian reason, at the date
    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM
    problem = response.json()
    assert problem["status"] == 400
    assert f"{last_year} er låst" in problem["detail"]
    assert {"pointer": "#/registered_on", "detail": problem["errors"][0]["detail"]} in problem[
        "errors"
    ]
    assert Case.objects.count() == 0


def test_bad_input_gets_each_fields_message_in_norwegian(advisor: User) -> None:
    # when a case comes with an unknown category and country and no gender
    body = case_body(main_category="finnes-ikke", country="Atlantis")
    del body["gender"]
    response = api_client(advisor).post("/api/v1/saker/", body, content_type="application/json")
    # then every field says what is wrong
    assert response.status_code == 400
    pointers = {e["pointer"]: e["detail"] for e in response.json()["errors"]}
    assert pointers["#/main_category"] == "Ukjent kategori «finnes-ikke»."
    assert "Fant ikke landet «Atlantis»" in pointers["#/country"]
    assert pointers["#/gender"] == "Dette feltet er påkrevd."


def test_a_code_holding_a_nul_is_unknown_not_a_server_error(advisor: User) -> None:
    # given codes with a NUL character, which PostgreSQL refuses to compare
    body = case_body(main_category="negativ\x00kontroll", reported_by="skole\x00", country="No\x00")
    body["secondary_categories"] = ["\x00"]
    # when posted
    response = api_client(advisor).post("/api/v1/saker/", body, content_type="application/json")
    # then each field is refused in Norwegian, on both databases
    assert response.status_code == 400
    pointers = {e["pointer"]: e["detail"] for e in response.json()["errors"]}
    assert pointers["#/main_category"] == "Ukjent kategori «negativkontroll»."
    assert {"#/reported_by", "#/country"} <= set(pointers)


def test_another_schools_case_is_404_through_the_api(
    advisor: User, other_advisor: User, school: Unit
) -> None:
    # given a case at the first school
    case = CaseFactory(unit=school)
    # when the other school's advisor asks for it
    response = api_client(other_advisor).get(f"/api/v1/saker/{case.pk}/")
    # then it does not exist for them, as on the web
    assert response.status_code == 404
    assert response["Content-Type"] == PROBLEM
    # and their list does not have it, while the first advisor's has
    assert api_client(other_advisor).get("/api/v1/saker/").json()["count"] == 0
    assert api_client(advisor).get("/api/v1/saker/").json()["count"] == 1


def test_the_analyst_and_the_admin_read_every_case_and_register_none(
    analyst: User, admin: User, school: Unit, other_school: Unit
) -> None:
    # given a case at each school
    cases = [CaseFactory(unit=school), CaseFactory(unit=other_school)]
    for reader in (analyst, admin):
        client = api_client(reader)
        # when they list and read
        listed = client.get("/api/v1/saker/?year=2023").json()
        # then they see both, and each one's page is logged as a look
        assert {c["id"] for c in listed["results"]} == {str(c.pk) for c in cases}
        assert client.get(f"/api/v1/saker/{cases[1].pk}/").status_code == 200
        # and a registration is refused: they read only
        refused = client.post("/api/v1/saker/", case_body(), content_type="application/json")
        assert refused.status_code == 403
        assert refused["Content-Type"] == PROBLEM
    views = AuditEntry.objects.filter(action=Action.VIEW, target_id=str(cases[1].pk))
    assert {e.actor for e in views} == {analyst, admin}


def test_a_case_page_looked_at_through_the_api_is_in_the_audit_trail(
    advisor: User, school: Unit
) -> None:
    case = CaseFactory(unit=school)
    api_client(advisor).get(f"/api/v1/saker/{case.pk}/")
    assert AuditEntry.objects.filter(
        action=Action.VIEW, target_type="sak", target_id=str(case.pk), actor=advisor
    ).exists()


def test_no_token_and_a_wrong_token_are_401_problems(advisor: User) -> None:
    from django.test import Client

    for client in (Client(), Client(HTTP_AUTHORIZATION="Bearer trp_feil")):
        response = client.get("/api/v1/saker/")
        assert response.status_code == 401
        assert response["Content-Type"] == PROBLEM
        assert response["WWW-Authenticate"].startswith("Bearer")
        assert "API-nøkkel" in response.json()["detail"]


def test_a_session_alone_does_not_open_the_api(advisor: User) -> None:
    # given an advisor logged in to the web app
    from tests.conftest import client_for

    # when their browser calls the API without a token
    response = client_for(advisor).get("/api/v1/saker/")
    # then the session counts for nothing there
    assert response.status_code == 401


def test_a_token_is_rate_limited(advisor: User, settings: Any) -> None:
    # given a limit of three requests a minute per token
    settings.TALLRAPPORT_API_RATE = "3/min"
    client = api_client(advisor)
    # when the client sends four
    answers = [client.get("/api/v1/saker/") for _ in range(4)]
    # then the fourth waits, with a Norwegian reason and Retry-After
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert answers[3]["Content-Type"] == PROBLEM
    assert int(answers[3]["Retry-After"]) > 0
    assert "For mange forespørsler" in answers[3].json()["detail"]
    # and another person's token is not held back by it
    assert (
        api_client(User.objects.create(username="x", role="analytiker"))
        .get("/api/v1/saker/")
        .status_code
        == 200
    )


def test_an_unknown_address_under_the_api_is_a_problem_not_a_page(advisor: User) -> None:
    response = api_client(advisor).get(f"/api/v1/saker/{uuid.uuid4()}/finnes-ikke/")
    assert response.status_code == 404
    assert response["Content-Type"] == PROBLEM
