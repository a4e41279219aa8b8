"""The administrator's search page: access per persona, filters, pages."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from tallrapport.accounts.models import User
from tallrapport.audit.models import Action, AuditEntry
from tallrapport.audit.services import audit_record
from tests.conftest import client_for

URL = "/revisjonslogg/"


@pytest.mark.parametrize(
    ("persona", "status"),
    [("advisor", 403), ("other_advisor", 403), ("analyst", 403), ("admin", 200)],
)
def test_only_administrators_may_search(
    request: pytest.FixtureRequest, db: None, persona: str, status: int
) -> None:
    user: User = request.getfixturevalue(persona)
    assert reverse("audit_search") == URL
    assert client_for(user).get(URL).status_code == status
    # a POST is refused too: 403 before anything else for outsiders, 405 for the admin
    assert client_for(user).post(URL).status_code == (405 if status == 200 else 403)


def test_anonymous_is_sent_to_login(db: None) -> None:
    response = Client().get(URL)
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_filters_by_actor_type_id_action_and_dates(
    admin: User, advisor: User, analyst: User
) -> None:
    # given entries by two people on different records
    audit_record(actor=advisor, action=Action.CREATE, target_type="sak", target_id="aaa111")
    audit_record(actor=advisor, action=Action.VIEW, target_type="sak", target_id="bbb222")
    audit_record(actor=analyst, action=Action.CLOSE, target_type="aar", target_id="x:2023")
    client = client_for(admin)

    def shown(**params: str) -> set[str]:
        response = client.get(URL, params)
        assert response.status_code == 200
        return {e.target_id for e in response.context["page"]}

    # then each filter narrows the list
    assert shown() == {"aaa111", "bbb222", "x:2023"}
    assert shown(actor="radgiver_a") == {"aaa111", "bbb222"}
    assert shown(target_type="aar") == {"x:2023"}
    assert shown(target_id="aaa") == {"aaa111"}
    assert shown(action="view") == {"bbb222"}
    today = datetime.date.today()
    assert shown(date_from=(today + datetime.timedelta(days=2)).strftime("%d.%m.%Y")) == set()
    assert len(shown(date_to=(today + datetime.timedelta(days=2)).strftime("%d.%m.%Y"))) == 3


def test_bad_filter_is_shown_at_its_field_and_kept(admin: User) -> None:
    response = client_for(admin).get(URL, {"date_from": "32.13.2024", "actor": "radgiver_a"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Skriv en gyldig dato" in page
    assert 'href="#id_date_from"' in page
    assert 'value="32.13.2024"' in page


def test_pages_of_fifty(admin: User) -> None:
    AuditEntry.objects.bulk_create(
        AuditEntry(action=Action.VIEW, target_type="sak", target_id=str(n)) for n in range(120)
    )
    client = client_for(admin)
    first = client.get(URL)
    assert len(first.context["page"]) == 50
    last = client.get(URL, {"side": "3"})
    assert len(last.context["page"]) == 20
    assert "120 logginnslag" in first.content.decode()


def test_changes_are_shown_old_to_new(admin: User, advisor: User) -> None:
    audit_record(
        actor=advisor,
        action=Action.UPDATE,
        target_type="sak",
        target_id="c1",
        changes={"gender": ["jente", "gutt"]},
    )
    page = client_for(admin).get(URL).content.decode()
    assert "Kjønn: Jente/kvinne → Gutt/mann" in page
    assert '<caption id="logg-tabell">' in page and 'scope="col"' in page
