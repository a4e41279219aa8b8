"""The audit search reads as Norwegian: field names, values, and what each entry is about.

(That no query string makes it fail is a property in tests/cases/test_records_property.py.)
"""

from __future__ import annotations

import datetime
import re
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tallrapport.accounts.models import Scheme, Unit, User
from tallrapport.audit.models import Action, AuditEntry
from tallrapport.audit.services import audit_record
from tallrapport.audit.targets import entry_targets
from tests.conftest import client_for
from tests.factories import CaseFactory

URL = "/revisjonslogg/"

pytestmark = pytest.mark.django_db


def _text(html: bytes) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html.decode()).split())


def test_a_case_change_reads_in_norwegian(
    admin: User, advisor: User, school: Unit, other_school: Unit
) -> None:
    # given a change of a case's category, gender, date, unit and secondary categories
    case = CaseFactory(unit=school)
    audit_record(
        actor=advisor,
        action=Action.UPDATE,
        target_type="sak",
        target_id=case.pk,
        changes={
            "main_category": ["negativ-sosial-kontroll", "trusler-vold"],
            "gender": ["jente", "gutt"],
            "registered_on": ["2025-03-15", "2025-04-01"],
            "unit": [str(school.pk), str(other_school.pk)],
            "secondary_categories": [[], ["trusler-vold"]],
            "family": [None, None],
        },
    )
    # when the administrator reads the trail
    text = _text(client_for(admin).get(URL).content)
    # then every field and value is in words
    assert "Hovedkategori: Negativ sosial kontroll → Trusler/vold" in text
    assert "Kjønn: Jente/kvinne → Gutt/mann" in text
    assert "Registreringsdato: 15.03.2025 → 01.04.2025" in text
    assert f"Enhet: {school.name} → {other_school.name}" in text
    assert "Andre kategorier: – → Trusler/vold" in text
    assert f"Sak {str(case.pk)[:8]}" in text


def test_a_closed_year_reads_as_the_scheme_and_year(admin: User, analyst: User) -> None:
    audit_record(
        actor=analyst,
        action=Action.CLOSE,
        target_type="aar",
        target_id=f"{Scheme.SPECIAL_ENVOYS}:2025",
        changes={"closed": [False, True]},
        reason="Året er rapportert.",
    )
    text = _text(client_for(admin).get(URL).content)
    assert "Spesialutsendinger for integreringssaker 2025" in text
    assert "Låst: Nei → Ja" in text
    # and none of the program's words is left
    for raw in ("closed", "False", "True", "spesialutsending:2025", " aar "):
        assert raw not in text


def test_an_activity_and_a_role_read_in_norwegian(admin: User, advisor: User) -> None:
    audit_record(
        actor=admin,
        action=Action.UPDATE,
        target_type="rolle",
        target_id=advisor.pk,
        changes={"role": ["radgiver", "analytiker"]},
    )
    audit_record(
        actor=advisor,
        action=Action.CREATE,
        target_type="aktivitet",
        target_id=uuid.uuid4(),
        changes={
            "activity_type": [None, "kurs"],
            "target_groups": [None, ["elever", "nav"]],
            "hours": [None, "2.50"],
            "date": [None, "2025-11-30"],
        },
    )
    text = _text(client_for(admin).get(URL).content)
    assert "Rolle: Rådgiver → Analytiker" in text
    assert "Type: – → Kurs/foredrag/fagdag for ansatte" in text
    assert "Målgrupper: – → Elever, NAV" in text
    assert "Timer: – → 2,5" in text
    assert "Dato: – → 30.11.2025" in text


def test_link_only_where_the_reader_may_open_it(
    admin: User, advisor: User, other_advisor: User, analyst: User, school: Unit
) -> None:
    # given entries about an existing case, a deleted case and a user
    case = CaseFactory(unit=school)
    gone = uuid.uuid4()
    entries = [
        audit_record(actor=advisor, action=Action.VIEW, target_type="sak", target_id=case.pk),
        audit_record(actor=advisor, action=Action.DELETE, target_type="sak", target_id=gone),
        audit_record(actor=admin, action=Action.UPDATE, target_type="bruker", target_id=advisor.pk),
    ]
    case_entry, gone_entry, user_entry = entries

    def links(reader: User) -> dict[int, str | None]:
        return {pk: t.url for pk, t in entry_targets(entries, reader=reader).items()}

    # then the admin gets the case page and the user's admin page, not the deleted case
    as_admin = links(admin)
    assert as_admin[case_entry.pk] == reverse("case_detail", args=[case.pk])
    assert as_admin[gone_entry.pk] is None
    assert as_admin[user_entry.pk] == reverse("admin:accounts_user_change", args=[advisor.pk])
    # the advisor of the case's school could open the case, the other advisor could not
    assert links(advisor)[case_entry.pk] == reverse("case_detail", args=[case.pk])
    assert links(other_advisor)[case_entry.pk] is None
    # and the admin pages open for administrators only
    assert links(analyst)[user_entry.pk] is None
    assert entry_targets(entries, reader=admin)[user_entry.pk].name == advisor.username


def test_the_page_takes_the_same_queries_for_many_entries(admin: User, school: Unit) -> None:
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client_for(admin).get(URL).status_code == 200
        return len(captured)

    def entries(n: int) -> None:
        for _ in range(n):
            case = CaseFactory(unit=school)
            audit_record(
                actor=admin,
                action=Action.UPDATE,
                target_type="sak",
                target_id=case.pk,
                changes={"unit": [str(school.pk), str(school.pk)], "gender": ["jente", "gutt"]},
            )
            audit_record(
                actor=admin, action=Action.UPDATE, target_type="enhet", target_id=school.pk
            )

    # given a few entries, then many more of the same kinds
    entries(2)
    few = queries()
    entries(20)
    # then the page's query count does not grow with them
    assert queries() == few


def test_pages_hold_at_most_fifty(admin: User) -> None:
    AuditEntry.objects.bulk_create(
        AuditEntry(action=Action.VIEW, target_type="sak", target_id=str(uuid.uuid4()))
        for _ in range(60)
    )
    response = client_for(admin).get(URL, {"side": "1"})
    assert len(response.context["rows"]) == 50


def test_entries_of_unknown_types_still_show(admin: User) -> None:
    audit_record(actor=admin, action=Action.EXPORT, target_type="noe-nytt", target_id="x1")
    audit_record(
        actor=admin, action=Action.EXPORT, target_type="rapport", target_id="tallrapport:2023:pdf"
    )
    text = _text(client_for(admin).get(URL).content)
    assert "x1" in text
    assert "Tallrapport 2023 (PDF)" in text


def test_dates_of_changes_are_local_and_norwegian(admin: User) -> None:
    moment = datetime.datetime(2025, 6, 1, 10, 30, tzinfo=datetime.UTC)
    audit_record(
        actor=admin,
        action=Action.UPDATE,
        target_type="bruker",
        target_id=admin.pk,
        changes={"last_login": [None, moment.isoformat()], "is_active": [True, False]},
    )
    text = _text(client_for(admin).get(URL).content)
    assert "01.06.2025 12:30" in text  # Oslo summer time
    assert "Aktiv: Ja → Nei" in text
