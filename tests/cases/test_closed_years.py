"""A closed year stays closed: services, database triggers, pages, late registration."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from tallrapport.accounts.models import Scheme, Unit, User
from tallrapport.audit.models import Action, AuditEntry
from tallrapport.cases import rules, years
from tallrapport.cases.models import Case, Category, ClosedYear
from tallrapport.cases.selectors import closed_years, year_is_closed
from tallrapport.cases.services import case_delete, case_register, case_update
from tallrapport.cases.years import case_year_close, case_year_reopen
from tallrapport.writes import ConflictError
from tests.cases.test_services import _update_values, arguments
from tests.conftest import client_for
from tests.factories import CaseFactory, FamilyFactory, case_form_data, close_year

D = datetime.date


@pytest.fixture
def closed_2023(school: Unit, analyst: User) -> ClosedYear:
    return close_year(school.scheme, 2023, by=analyst)


def _case_in(closed: ClosedYear, **fields: Any) -> Case:
    """A case of a closed year, as if registered before the year was closed."""
    ClosedYear.objects.filter(pk=closed.pk).update(writable=True)
    case: Case = CaseFactory(**fields)
    ClosedYear.objects.filter(pk=closed.pk).update(writable=False)
    return case


def _late(**overrides: Any) -> dict[str, Any]:
    overrides.setdefault("late_reason", "Meldt inn etter årsavslutning")
    return arguments(**overrides)


# --- the services -------------------------------------------------------------------------


def test_analyst_closes_and_reopens_with_the_reason_logged(analyst: User, school: Unit) -> None:
    scheme = school.scheme
    # when the analyst closes 2023
    case_year_close(user=analyst, scheme=scheme, year=2023, reason="Tallrapport 2023 sendt")
    # then the selector says so, for that scheme only
    assert year_is_closed(scheme=scheme, year=2023)
    assert not year_is_closed(scheme=scheme, year=2022)
    envoys = Scheme.objects.get(code=Scheme.SPECIAL_ENVOYS)
    assert not year_is_closed(scheme=envoys, year=2023)
    assert [c.year for c in closed_years(scheme=scheme)] == [2023]
    # when it is reopened without a reason / then refused
    with pytest.raises(ValidationError):
        case_year_reopen(user=analyst, scheme=scheme, year=2023, reason="  ")
    assert year_is_closed(scheme=scheme, year=2023)
    # and with a reason it opens, both steps in the trail
    case_year_reopen(user=analyst, scheme=scheme, year=2023, reason="Sen rettelse fra skole")
    assert not year_is_closed(scheme=scheme, year=2023)
    entries = AuditEntry.objects.filter(target_type="aar", target_id=f"{scheme.code}:2023")
    assert [(e.action, e.reason) for e in entries.order_by("id")] == [
        (Action.CLOSE, "Tallrapport 2023 sendt"),
        (Action.REOPEN, "Sen rettelse fra skole"),
    ]


def test_closing_is_for_analysts_and_past_years_only(
    analyst: User, advisor: User, admin: User, school: Unit
) -> None:
    for user in (advisor, admin):
        with pytest.raises(PermissionDenied):
            case_year_close(user=user, scheme=school.scheme, year=2023)
    this_year = datetime.date.today().year
    with pytest.raises(ValidationError, match="ikke over"):
        case_year_close(user=analyst, scheme=school.scheme, year=this_year)
    case_year_close(user=analyst, scheme=school.scheme, year=2023)
    with pytest.raises(ValidationError, match="allerede låst"):
        case_year_close(user=analyst, scheme=school.scheme, year=2023)


def test_advisor_cannot_add_change_or_delete_in_a_closed_year(
    advisor: User, school: Unit, closed_2023: ClosedYear
) -> None:
    # given a case in 2023 and one in 2024, with 2023 closed
    old = _case_in(closed_2023, unit=school, registered_on=D(2023, 5, 1), registered_by=advisor)
    open_case = CaseFactory(unit=school, registered_on=D(2024, 5, 1), registered_by=advisor)
    # when the advisor registers into 2023 / then the date field says why
    with pytest.raises(ValidationError) as refusal:
        case_register(user=advisor, **arguments(registered_on=D(2023, 11, 1)))
    assert "2023 er låst" in refusal.value.message_dict["registered_on"][0]
    # when they change or delete the 2023 case / then refused
    with pytest.raises(ValidationError, match="2023 er låst"):
        case_update(case=old, user=advisor, expected_version=1, **_update_values(old))
    with pytest.raises(ValidationError, match="2023 er låst"):
        case_delete(case=old, user=advisor)
    # when they move an open-year case into 2023 / then refused at the date
    with pytest.raises(ValidationError) as moved:
        case_update(
            case=open_case,
            user=advisor,
            expected_version=1,
            **_update_values(open_case, registered_on=D(2023, 6, 1)),
        )
    assert "registered_on" in moved.value.message_dict
    assert Case.objects.filter(year=2023).count() == 1
    assert Case.objects.get(pk=open_case.pk).year == 2024


def test_database_refuses_writes_into_a_closed_year(school: Unit, closed_2023: ClosedYear) -> None:
    # given a 2023 case written before the year closed, and 2023 now closed
    case = _case_in(closed_2023, unit=school, registered_on=D(2023, 5, 1))
    violence = Category.objects.get(code="trusler-vold")
    # when any writer skips the services / then each write is refused by the database
    attempts: list[Callable[[], object]] = [
        lambda: CaseFactory(unit=school, registered_on=D(2023, 8, 1)),
        lambda: Case.objects.filter(pk=case.pk).update(gender="gutt"),
        lambda: Case.objects.filter(pk=case.pk).update(year=2024, registered_on=D(2024, 1, 1)),
        lambda: Case.objects.filter(pk=case.pk).delete(),
        lambda: case.secondary_categories.add(violence),
    ]
    for attempt in attempts:
        with pytest.raises(DatabaseError), transaction.atomic():
            attempt()
    case.refresh_from_db()
    assert (case.year, case.gender, case.secondary_categories.count()) == (2023, "jente", 0)


def test_database_lets_open_years_and_other_schemes_through(
    school: Unit, closed_2023: ClosedYear
) -> None:
    case = CaseFactory(unit=school, registered_on=D(2022, 5, 1))
    Case.objects.filter(pk=case.pk).update(gender="gutt")
    Case.objects.filter(pk=case.pk).delete()
    assert not Case.objects.exists()


def test_closed_year_triggers_exist_on_this_database(db: None) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type='trigger'")
        else:
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        names = {row[0] for row in cursor.fetchall()}
    assert any(name.startswith("cases_case_closed") for name in names)
    assert any(name.startswith("cases_link_closed") for name in names)


def test_analyst_registers_late_with_a_logged_reason(
    analyst: User, school: Unit, closed_2023: ClosedYear
) -> None:
    # when the analyst registers a 2023 case for the school, with a reason
    case = case_register(user=analyst, **_late(unit=school, registered_on=D(2023, 10, 2)))
    # then it is stored in 2023 and the year is closed again afterwards
    assert (case.year, case.unit, case.registered_by) == (2023, school, analyst)
    assert not ClosedYear.objects.get(pk=closed_2023.pk).writable
    entry = AuditEntry.objects.get(target_type="sak", target_id=str(case.pk))
    assert entry.action == Action.LATE_CREATE
    assert entry.reason == "Meldt inn etter årsavslutning"
    # and a retry of the same form registers once
    token = uuid.uuid4()
    values = _late(unit=school, registered_on=D(2023, 10, 3), submission_token=token)
    assert case_register(user=analyst, **values) == case_register(user=analyst, **values)
    assert Case.objects.count() == 2


def test_late_registration_needs_a_reason_a_closed_year_and_an_analyst(
    analyst: User, advisor: User, school: Unit, closed_2023: ClosedYear
) -> None:
    with pytest.raises(ValidationError) as no_reason:
        case_register(
            user=analyst, **_late(unit=school, late_reason=" ", registered_on=D(2023, 3, 1))
        )
    assert "reason" in no_reason.value.message_dict
    with pytest.raises(ValidationError) as open_year:
        case_register(user=analyst, **_late(unit=school, registered_on=D(2022, 3, 1)))
    assert "ikke låst" in open_year.value.message_dict["registered_on"][0]
    with pytest.raises(PermissionDenied):
        case_register(user=advisor, **_late(unit=school, registered_on=D(2023, 3, 1)))
    assert not Case.objects.exists()


def test_analyst_changes_a_closed_year_case_with_a_reason(
    analyst: User, school: Unit, closed_2023: ClosedYear
) -> None:
    case = _case_in(closed_2023, unit=school, registered_on=D(2023, 5, 1))
    values = _update_values(case, gender="gutt", registered_on=case.registered_on)
    values["late_reason"] = "Feil kjønn registrert"
    updated = case_update(case=case, user=analyst, expected_version=1, **values)
    assert (updated.gender, updated.version) == ("gutt", 2)
    entry = AuditEntry.objects.get(target_type="sak", action=Action.LATE_UPDATE)
    assert entry.changes == {"gender": ["jente", "gutt"], "country": ["no", "so"]}
    assert entry.reason == "Feil kjønn registrert"
    # a stale late change conflicts like any other
    with pytest.raises(ConflictError):
        case_update(case=case, user=analyst, expected_version=1, **values)


# --- the pages ----------------------------------------------------------------------------

PAGES = ["case_years", "case_register_late"]


@pytest.mark.parametrize(
    ("persona", "status"),
    [("advisor", 403), ("other_advisor", 403), ("analyst", 200), ("admin", 403)],
)
def test_year_pages_are_for_analysts(
    request: pytest.FixtureRequest, db: None, persona: str, status: int
) -> None:
    user: User = request.getfixturevalue(persona)
    client = client_for(user)
    for name in PAGES:
        assert client.get(reverse(name)).status_code == status, name
    code = Scheme.DIVERSITY_ADVISORS
    for name in ["year_lock", "year_reopen"]:
        assert client.get(reverse(name, args=[code, 2023])).status_code == status, name
    case = CaseFactory(unit=request.getfixturevalue("school"))
    assert client.get(reverse("case_edit_late", args=[case.pk])).status_code == status


def test_analyst_closes_a_year_on_the_page(analyst: User, school: Unit) -> None:
    CaseFactory(unit=school, registered_on=D(2023, 5, 1))
    client = client_for(analyst)
    page = client.get(reverse("case_years")).content.decode()
    assert "2023" in page and "Åpent" in page
    url = reverse("year_lock", args=[school.scheme.code, 2023])
    response = client.post(url, {"reason": "Sendt"}, follow=True)
    assert "2023 er låst." in response.content.decode()
    assert year_is_closed(scheme=school.scheme, year=2023)
    assert "Låst" in client.get(reverse("case_years")).content.decode()


def test_reopen_page_requires_a_reason_and_keeps_the_form(
    analyst: User, school: Unit, closed_2023: ClosedYear
) -> None:
    client = client_for(analyst)
    url = reverse("year_reopen", args=[school.scheme.code, 2023])
    refused = client.post(url, {"reason": ""})
    assert refused.status_code == 400
    assert "Skriv en begrunnelse." in refused.content.decode()
    assert 'aria-describedby="id_reason_error"' in refused.content.decode()
    client.post(url, {"reason": "Retting"})
    assert not year_is_closed(scheme=school.scheme, year=2023)


def test_advisor_form_says_why_and_keeps_the_input(
    advisor: User, school: Unit, closed_2023: ClosedYear
) -> None:
    # when the advisor posts a 2023 case
    data = case_form_data(registered_on="2023-10-01", country="Irak")
    response = client_for(advisor).post(reverse("case_register"), data)
    html = response.content.decode()
    # then the form comes back with the message at the date and the input kept
    assert response.status_code == 200
    assert "2023 er låst for" in html
    assert 'href="#id_registered_on"' in html
    assert 'value="Irak"' in html
    assert not Case.objects.exists()


def test_closed_case_detail_offers_no_advisor_change_and_delete_is_refused(
    advisor: User, analyst: User, school: Unit, closed_2023: ClosedYear
) -> None:
    case = _case_in(closed_2023, unit=school, registered_on=D(2023, 5, 1), registered_by=advisor)
    advisor_client = client_for(advisor)
    detail = advisor_client.get(reverse("case_detail", args=[case.pk])).content.decode()
    assert "er låst" in detail and reverse("case_edit", args=[case.pk]) not in detail
    refused = advisor_client.post(reverse("case_delete", args=[case.pk]))
    assert refused.status_code == 400 and "2023 er låst" in refused.content.decode()
    assert Case.objects.filter(pk=case.pk).exists()
    analyst_detail = client_for(analyst).get(reverse("case_detail", args=[case.pk]))
    assert reverse("case_edit_late", args=[case.pk]) in analyst_detail.content.decode()


def test_a_closed_years_edit_page_says_why_at_once_and_changes_nothing(
    advisor: User, school: Unit, closed_2023: ClosedYear
) -> None:
    # given a case in a closed year
    case = _case_in(closed_2023, unit=school, registered_on=D(2023, 5, 1), registered_by=advisor)
    client = client_for(advisor)
    # when the advisor opens its edit page, or posts to it anyway
    page = client.get(reverse("case_edit", args=[case.pk]))
    posted = client.post(reverse("case_edit", args=[case.pk]), case_form_data(version="1"))
    # then the refusal comes before any form, in the year's scheme name, and nothing changed
    html = page.content.decode()
    assert page.status_code == 409 and "2023 er låst for" in html
    assert "Lagre endringer" not in html
    assert posted.status_code == 409
    case.refresh_from_db()
    assert case.version == 1


def test_analyst_late_registration_page(
    analyst: User, school: Unit, closed_2023: ClosedYear
) -> None:
    client = client_for(analyst)
    data = case_form_data(registered_on="2023-10-01", unit=str(school.pk))
    # without a reason: the field says so and nothing is written
    refused = client.post(reverse("case_register_late"), data)
    assert "Skriv en begrunnelse." in refused.content.decode()
    assert not Case.objects.exists()
    # with a reason: registered once, even when posted twice
    data["reason"] = "Kom inn i februar"
    client.post(reverse("case_register_late"), data)
    client.post(reverse("case_register_late"), data)
    assert Case.objects.filter(year=2023, unit=school).count() == 1


def test_analyst_late_edit_page(analyst: User, school: Unit, closed_2023: ClosedYear) -> None:
    case = _case_in(closed_2023, unit=school, registered_on=D(2023, 5, 1))
    client = client_for(analyst)
    url = reverse("case_edit_late", args=[case.pk])
    assert 'name="reason"' in client.get(url).content.decode()
    data = case_form_data(
        registered_on="2023-05-01", country="Irak", version="1", reason="Feil land"
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    case.refresh_from_db()
    assert case.country.code == "iq"


def test_admin_deletes_open_year_cases_logged_and_never_closed_year_ones(
    admin: User, school: Unit, closed_2023: ClosedYear
) -> None:
    # given a case in an open year and one in the closed year
    open_case = CaseFactory(unit=school, registered_on=D(2022, 5, 1))
    closed_case = _case_in(closed_2023, unit=school, registered_on=D(2023, 5, 1))
    client = client_for(admin)
    # when the administrator deletes the open one (a request for erasure)
    url = reverse("admin:cases_case_delete", args=[open_case.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302
    # then it is gone and the deletion is in the trail
    assert not Case.objects.filter(pk=open_case.pk).exists()
    entry = AuditEntry.objects.get(target_type="sak", target_id=str(open_case.pk))
    assert (entry.action, entry.actor) == (Action.DELETE, admin)
    # and the closed year's case cannot be deleted there at all, nor in bulk
    url = reverse("admin:cases_case_delete", args=[closed_case.pk])
    assert client.post(url, {"post": "yes"}).status_code == 403
    changelist = client.get(reverse("admin:cases_case_changelist")).content.decode()
    assert "delete_selected" not in changelist
    assert Case.objects.filter(pk=closed_case.pk).exists()


def test_admin_cannot_unlink_a_closed_years_family(admin: User, analyst: User, db: None) -> None:
    family = FamilyFactory()
    closed = close_year(family.unit.scheme, 2021, by=analyst)
    _case_in(closed, unit=family.unit, family=family, registered_on=D(2021, 2, 2))
    url = reverse("admin:cases_family_delete", args=[family.pk])
    assert client_for(admin).post(url, {"post": "yes"}).status_code == 403
    assert Case.objects.filter(family=family).count() == 1


def test_lists_say_when_a_year_is_closed(
    advisor: User, analyst: User, school: Unit, closed_2023: ClosedYear
) -> None:
    _case_in(closed_2023, unit=school, registered_on=D(2023, 5, 1))
    mine = client_for(advisor).get(reverse("my_cases"), {"aar": "2023"}).content.decode()
    assert "2023 er låst for" in mine
    assert (
        "2023 er låst for"
        not in client_for(advisor).get(reverse("my_cases"), {"aar": "2022"}).content.decode()
    )
    every = client_for(analyst).get(reverse("all_cases"), {"aar": "2023"}).content.decode()
    assert "2023 er låst for" in every


def test_a_year_closed_during_the_request_gives_the_message_not_an_error(
    advisor: User, analyst: User, school: Unit, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given an analyst who closes 2023 right after the service checked it was open
    real = year_is_closed
    calls: list[int] = []

    def closes_after_first_check(*, scheme: Scheme, year: int) -> bool:
        calls.append(year)
        if len(calls) == 1:
            close_year(scheme, year, by=analyst)
            return False
        return real(scheme=scheme, year=year)

    case = CaseFactory(unit=school, registered_on=D(2023, 5, 1), registered_by=advisor)
    for module in (rules, years):
        monkeypatch.setattr(module, "year_is_closed", closes_after_first_check)
    # when the advisor's delete reaches the database / then the trigger refuses and the
    # advisor gets the closed-year message, not a server error
    with pytest.raises(ValidationError) as refusal:
        case_delete(case=case, user=advisor)
    assert "2023 er låst" in refusal.value.message_dict["registered_on"][0]
    assert Case.objects.filter(pk=case.pk).exists()
    # and the same for a registration
    calls.clear()
    ClosedYear.objects.all().delete()
    with pytest.raises(ValidationError) as registration:
        case_register(user=advisor, **arguments(registered_on=D(2023, 6, 1)))
    assert "2023 er låst" in registration.value.message_dict["registered_on"][0]
    assert Case.objects.count() == 1
