"""Nothing lost, nothing twice: two editors, retried posts, and the constraints behind them."""

from __future__ import annotations

from django.urls import reverse

from tallrapport.accounts.models import Unit, User
from tallrapport.audit.models import Action, AuditEntry
from tallrapport.cases.models import Case
from tests.conftest import client_for
from tests.factories import CaseFactory, advisor_at, case_form_data


def test_two_people_editing_one_case(advisor: User, school: Unit) -> None:
    # given two advisors of one school who both opened the case at version 1
    colleague = advisor_at(school, username="kollega_a")
    case = CaseFactory(unit=school, registered_by=advisor)
    url = reverse("case_edit", args=[case.pk])
    first, second = client_for(advisor), client_for(colleague)
    assert 'name="version" value="1"' in first.get(url).content.decode()
    assert 'name="version" value="1"' in second.get(url).content.decode()
    # when the first saves a new country and the second, later, a new gender
    saved = first.post(
        url, case_form_data(registered_on="2023-03-15", country="Somalia", version="1")
    )
    assert saved.status_code == 302
    late = second.post(
        url,
        case_form_data(registered_on="2023-03-15", country="Norge", gender="gutt", version="1"),
    )
    # then the second is told in Norwegian and shown, field by field, what differs
    html = late.content.decode()
    assert late.status_code == 200
    assert "Noen andre har endret saken" in html
    assert "Lagret nå" in html and "Ditt skjema" in html
    assert '<th scope="row">Landbakgrunn</th><td>Somalia</td><td>Norge</td>' in html
    assert '<th scope="row">Kjønn</th><td>Jente/kvinne</td><td>Gutt/mann</td>' in html
    # and nothing of the first person's change was overwritten
    case.refresh_from_db()
    assert (case.country.code, case.gender, case.version) == ("so", "jente", 2)
    updates = AuditEntry.objects.filter(target_id=str(case.pk), action=Action.UPDATE)
    assert [e.actor for e in updates] == [advisor]


def test_retried_post_registers_once(advisor: User) -> None:
    # given one filled-in form
    data = case_form_data()
    client = client_for(advisor)
    # when the browser sends it three times (double click, retry after a timeout)
    responses = [client.post(reverse("case_register"), data) for _ in range(3)]
    # then every answer is the same redirect and there is one case, logged once
    assert {r.status_code for r in responses} == {302}
    assert len({r["Location"] for r in responses}) == 1
    assert Case.objects.count() == 1
    assert AuditEntry.objects.filter(target_type="sak", action=Action.CREATE).count() == 1
