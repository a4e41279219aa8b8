"""The case services: every rule, the double submit and the optimistic lock."""

from __future__ import annotations

import datetime
import threading
import uuid
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections
from django.utils import timezone

from tallrapport.accounts.models import Unit, User
from tallrapport.cases import services
from tallrapport.cases.models import (
    AgeGroup,
    Case,
    Category,
    Country,
    Family,
    Gender,
    GuidedPerson,
    ReferralSource,
)
from tallrapport.cases.rules import CaseInput
from tallrapport.cases.services import (
    case_delete,
    case_register,
    case_update,
)
from tallrapport.writes import ConflictError
from tests.factories import (
    CaseFactory,
    EmbassyFactory,
    FamilyFactory,
    MembershipFactory,
    advisor_at,
)

D = datetime.date


def category(code: str) -> Category:
    return Category.objects.get(code=code)


def arguments(**overrides: Any) -> dict[str, Any]:
    """A valid registration for the advisor's only unit, today."""
    outer = {"unit": None, "submission_token": uuid.uuid4()}
    for name in ("unit", "submission_token", "late_reason"):
        if name in overrides:
            outer[name] = overrides.pop(name)
    return {**outer, "data": case_input(**overrides)}


def case_input(**overrides: Any) -> CaseInput:
    """A valid case's fields, dated today."""
    values: dict[str, Any] = {
        "registered_on": timezone.localdate(),
        "main_category": category("negativ-sosial-kontroll"),
        "secondary_categories": [],
        "gender": Gender.FEMALE,
        "age_group": AgeGroup.UNDER_18,
        "country": Country.objects.get(code="so"),
        "reported_by": ReferralSource.objects.get(code="skoleansatt"),
        "guided": GuidedPerson.EXPOSED,
    }
    values.update(overrides)
    values["secondary_categories"] = tuple(values["secondary_categories"])
    return CaseInput(**values)


def errors_of(excinfo: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return excinfo.value.message_dict


def test_register_sets_unit_scheme_period_and_author(advisor: User, school: Unit) -> None:
    # given a valid registration dated in the second half of 2024
    # when it is registered
    case = case_register(user=advisor, **arguments(registered_on=D(2024, 8, 15)))
    # then the unit comes from the membership and the period from the date
    assert case.unit == school
    assert case.scheme == school.scheme
    assert (case.year, case.half_year) == (2024, 2)
    assert case.registered_by == advisor
    assert case.version == 1


def test_register_with_secondary_categories(advisor: User) -> None:
    violence = category("trusler-vold")
    case = case_register(user=advisor, **arguments(secondary_categories=[violence]))
    assert list(case.secondary_categories.all()) == [violence]


def test_same_token_twice_gives_one_case(advisor: User) -> None:
    # given one submitted form
    values = arguments()
    first = case_register(user=advisor, **values)
    # when the same form is submitted again
    second = case_register(user=advisor, **values)
    # then the first case comes back and no second one is made
    assert second.pk == first.pk
    assert Case.objects.count() == 1


def test_retry_that_loses_the_race_returns_the_first_case(
    advisor: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given a first submit that has saved its case
    values = arguments()
    first = case_register(user=advisor, **values)
    # and a retry that looked for the token before the first one committed
    calls: list[uuid.UUID] = []

    def late_lookup(model: type[Case], *, token: uuid.UUID, user: User) -> Case | None:
        calls.append(token)
        return None

    monkeypatch.setattr(services, "earlier_submit", late_lookup)
    # when the retry inserts and hits the unique token
    second = case_register(user=advisor, **values)
    # then it returns the first case instead of failing or duplicating
    assert second.pk == first.pk
    assert Case.objects.count() == 1
    assert len(calls) == 1


def test_token_of_another_user_is_refused(advisor: User, school: Unit) -> None:
    # given a case registered from a form by one advisor
    colleague = advisor_at(school, username="kollega")
    values = arguments()
    case_register(user=advisor, **values)
    # when another user replays that form's token / then refused, the case not revealed
    with pytest.raises(ValidationError):
        case_register(user=colleague, **values)


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs a server database for two connections"
)
# Flushes the tables afterwards; migration_data loads the data migrations' rows again.
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_submits_make_one_case(migration_data: None, advisor: User) -> None:
    # given two requests carrying the same form, started together
    values = arguments()
    barrier = threading.Barrier(2)
    results: list[uuid.UUID] = []
    failures: list[BaseException] = []

    def submit() -> None:
        try:
            barrier.wait()
            results.append(case_register(user=advisor, **values).pk)
        except BaseException as error:
            failures.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # then both get the same case and only one exists
    assert failures == []
    assert len(set(results)) == 1
    assert Case.objects.count() == 1


def test_only_advisors_register(analyst: User, admin: User) -> None:
    for user in (analyst, admin):
        with pytest.raises(PermissionDenied):
            case_register(user=user, **arguments())


def test_future_date_refused(advisor: User) -> None:
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as excinfo:
        case_register(user=advisor, **arguments(registered_on=tomorrow))
    assert "fram i tid" in errors_of(excinfo)["registered_on"][0]


def test_date_outside_membership_refused(advisor: User) -> None:
    with pytest.raises(ValidationError) as excinfo:
        case_register(user=advisor, **arguments(registered_on=D(2014, 12, 31)))
    assert "ikke rådgiver" in errors_of(excinfo)["registered_on"][0]


def test_unit_not_theirs_refused(advisor: User, other_school: Unit) -> None:
    with pytest.raises(ValidationError) as excinfo:
        case_register(user=advisor, **arguments(unit=other_school))
    assert "unit" in errors_of(excinfo)


def test_several_units_need_a_choice(advisor: User, school: Unit, other_school: Unit) -> None:
    # given an advisor at two schools
    MembershipFactory(user=advisor, unit=other_school, valid_from=D(2020, 1, 1))
    # when no unit is chosen / then they must choose
    with pytest.raises(ValidationError) as excinfo:
        case_register(user=advisor, **arguments())
    assert "Velg hvilken enhet" in errors_of(excinfo)["unit"][0]
    # and a chosen one is used
    case = case_register(user=advisor, **arguments(unit=other_school))
    assert case.unit == other_school


def test_category_not_yet_introduced_refused(advisor: User) -> None:
    with pytest.raises(ValidationError) as excinfo:
        case_register(
            user=advisor,
            **arguments(
                registered_on=D(2021, 5, 1), main_category=category("frykt-for-barneekteskap")
            ),
        )
    assert "kan ikke brukes" in errors_of(excinfo)["main_category"][0]


def test_envoy_category_refused_for_a_school(advisor: User) -> None:
    with pytest.raises(ValidationError) as excinfo:
        case_register(
            user=advisor,
            **arguments(
                registered_on=D(2019, 5, 1),
                main_category=category("andre-familierelaterte-saker"),
            ),
        )
    assert "brukes ikke" in errors_of(excinfo)["main_category"][0]


def test_main_category_among_secondaries_refused(advisor: User) -> None:
    main = category("negativ-sosial-kontroll")
    with pytest.raises(ValidationError) as excinfo:
        case_register(user=advisor, **arguments(secondary_categories=[main]))
    assert "secondary_categories" in errors_of(excinfo)


@pytest.mark.parametrize(
    ("field", "value"), [("gender", "annet"), ("age_group", "gammel"), ("guided", "nabo")]
)
def test_unknown_choice_refused(advisor: User, field: str, value: str) -> None:
    with pytest.raises(ValidationError) as excinfo:
        case_register(user=advisor, **arguments(**{field: value}))
    assert field in errors_of(excinfo)


def test_expired_country_refused(advisor: User) -> None:
    gone = Country.objects.create(
        code="yu", name="Jugoslavia", valid_from=D(2000, 1, 1), valid_to=D(2003, 2, 4)
    )
    with pytest.raises(ValidationError) as excinfo:
        case_register(user=advisor, **arguments(country=gone))
    assert "country" in errors_of(excinfo)


def test_family_only_for_envoys(advisor: User) -> None:
    with pytest.raises(ValidationError) as excinfo:
        case_register(user=advisor, **arguments(new_family=True))
    assert "spesialutsendinger" in errors_of(excinfo)["family"][0]
    assert Family.objects.count() == 0


def test_envoy_links_cases_of_one_family(db: None) -> None:
    # given an envoy
    embassy = EmbassyFactory()
    envoy = advisor_at(embassy, username="utsending_t")
    # when two cases are registered, the second into the first one's new family
    first = case_register(user=envoy, **arguments(new_family=True))
    assert first.family is not None
    second = case_register(user=envoy, **arguments(family=first.family))
    # then both belong to one family of that embassy
    assert second.family == first.family
    assert first.family.unit == embassy


def test_family_of_another_unit_refused(db: None) -> None:
    envoy = advisor_at(EmbassyFactory(), username="utsending_t")
    foreign = FamilyFactory()
    with pytest.raises(ValidationError) as excinfo:
        case_register(user=envoy, **arguments(family=foreign))
    assert "annen enhet" in errors_of(excinfo)["family"][0]


def _update_values(case: Case, **overrides: Any) -> dict[str, Any]:
    late = {"late_reason": overrides.pop("late_reason")} if "late_reason" in overrides else {}
    return {"data": case_input(**overrides), **late}


def test_update_changes_and_bumps_version(advisor: User, school: Unit) -> None:
    # given a case
    case = CaseFactory(unit=school, registered_by=advisor)
    # when the advisor changes the category and date
    updated = case_update(
        case=case,
        user=advisor,
        expected_version=1,
        **_update_values(case, registered_on=D(2023, 9, 1), main_category=category("trusler-vold")),
    )
    # then the change is stored with a new version and the new period
    assert updated.version == 2
    assert updated.main_category.code == "trusler-vold"
    assert (updated.year, updated.half_year) == (2023, 2)


def test_stale_update_raises_conflict_and_writes_nothing(advisor: User, school: Unit) -> None:
    # given a case changed by someone after this user read it at version 1
    case = CaseFactory(unit=school)
    Case.objects.filter(pk=case.pk).update(version=2)
    # when the user saves from version 1
    with pytest.raises(ConflictError) as excinfo:
        case_update(
            case=case,
            user=advisor,
            expected_version=1,
            **_update_values(case, main_category=category("trusler-vold")),
        )
    # then nothing was written and the error carries what is stored now
    case.refresh_from_db()
    assert case.main_category.code == "negativ-sosial-kontroll"
    current = excinfo.value.current
    assert isinstance(current, Case) and current.version == 2


def test_update_keeps_the_date_within_the_membership(advisor: User, school: Unit) -> None:
    case = CaseFactory(unit=school)
    with pytest.raises(ValidationError) as excinfo:
        case_update(
            case=case,
            user=advisor,
            expected_version=1,
            **_update_values(case, registered_on=D(2014, 1, 1)),
        )
    assert "utenfor perioden" in errors_of(excinfo)["registered_on"][0]


def test_update_and_delete_refused_outside_the_unit(
    other_advisor: User, analyst: User, school: Unit
) -> None:
    case = CaseFactory(unit=school)
    for user in (other_advisor, analyst):
        with pytest.raises(PermissionDenied):
            case_update(case=case, user=user, expected_version=1, **_update_values(case))
        with pytest.raises(PermissionDenied):
            case_delete(case=case, user=user)
    assert Case.objects.filter(pk=case.pk).exists()


def test_delete(advisor: User, school: Unit) -> None:
    case = CaseFactory(unit=school)
    case_delete(case=case, user=advisor)
    assert not Case.objects.exists()
