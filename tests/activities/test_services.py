"""Registering, changing and deleting activities through the services."""

from __future__ import annotations

import datetime
import threading
import uuid
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections
from django.utils import timezone

from tallrapport.accounts.models import Unit, User
from tallrapport.activities import services
from tallrapport.activities.models import Activity, ActivityTargetGroup, ActivityType
from tallrapport.activities.services import (
    activity_delete,
    activity_register,
    activity_update,
)
from tallrapport.writes import ConflictError
from tests.activities.factories import activity_arguments, activity_input
from tests.factories import EmbassyFactory, MembershipFactory, advisor_at

pytestmark = pytest.mark.django_db
D = datetime.date


def errors_of(excinfo: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return excinfo.value.message_dict


def update_arguments(activity: Activity, **overrides: Any) -> dict[str, Any]:
    version = overrides.pop("expected_version", activity.version)
    late = {"late_reason": overrides.pop("late_reason")} if "late_reason" in overrides else {}
    return {"data": activity_input(**overrides), "expected_version": version, **late}


def test_register_stores_what_was_given(advisor: User, school: Unit) -> None:
    # given a valid activity at the advisor's only school, with two target groups
    values = activity_arguments(
        target_groups=["skoleansatte", "barnevern"], partners=["nav"], municipality=" Bergen "
    )
    # when registered
    activity = activity_register(user=advisor, **values)
    # then it belongs to the school and its scheme, with year and choices stored
    assert activity.unit == school and activity.scheme_id == school.scheme_id
    assert activity.year == values["data"].date.year
    assert activity.registered_by == advisor
    assert sorted(activity.target_groups.values_list("code", flat=True)) == [
        "barnevern",
        "skoleansatte",
    ]
    assert list(activity.partners.values_list("code", flat=True)) == ["nav"]
    assert activity.municipality == "Bergen"
    assert activity.version == 1


def test_double_submit_registers_once(advisor: User) -> None:
    # given one form submitted twice
    values = activity_arguments()
    first = activity_register(user=advisor, **values)
    second = activity_register(user=advisor, **values)
    # then the second gets the first activity back
    assert first.pk == second.pk
    assert Activity.objects.count() == 1


def test_retry_that_loses_the_race_returns_the_first(
    advisor: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given a first submit that saved, and a retry that looked before it committed
    values = activity_arguments()
    first = activity_register(user=advisor, **values)
    calls: list[uuid.UUID] = []

    def late_lookup(model: type[Activity], *, token: uuid.UUID, user: User) -> Activity | None:
        calls.append(token)
        return None

    monkeypatch.setattr(services, "earlier_submit", late_lookup)
    # when the retry inserts and hits the unique token
    second = activity_register(user=advisor, **values)
    # then it returns the first activity instead of failing or duplicating
    assert second.pk == first.pk
    assert Activity.objects.count() == 1
    assert ActivityTargetGroup.objects.count() == 1


def test_token_of_another_user_is_refused(advisor: User, school: Unit) -> None:
    colleague = advisor_at(school, username="kollega")
    values = activity_arguments()
    activity_register(user=advisor, **values)
    with pytest.raises(ValidationError):
        activity_register(user=colleague, **values)
    assert Activity.objects.count() == 1


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs a server database for two connections"
)
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_submits_make_one_activity(migration_data: None, advisor: User) -> None:
    # given two requests carrying the same form, started together
    values = activity_arguments()
    barrier = threading.Barrier(2)
    results: list[uuid.UUID] = []
    failures: list[BaseException] = []

    def submit() -> None:
        try:
            barrier.wait()
            results.append(activity_register(user=advisor, **values).pk)
        except BaseException as error:
            failures.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # then both get the same activity and only one exists
    assert failures == []
    assert len(set(results)) == 1
    assert Activity.objects.count() == 1


def test_only_advisors_register(analyst: User, admin: User) -> None:
    for user in (analyst, admin):
        with pytest.raises(PermissionDenied):
            activity_register(user=user, **activity_arguments())
    assert Activity.objects.count() == 0


@pytest.mark.parametrize(
    ("overrides", "field", "fragment"),
    [
        (
            {"date": timezone.localdate() + datetime.timedelta(days=1)},
            "date",
            "fram i tid",
        ),
        ({"date": D(2014, 12, 31)}, "date", "ikke rådgiver"),
        ({"activity_type": "fest"}, "activity_type", "Velg type"),
        ({"target_groups": []}, "target_groups", "minst én målgruppe"),
        ({"target_groups": ["naboer"]}, "target_groups", "fra listen"),
        ({"participants": None}, "participants", "hvor mange som deltok"),
        ({"participants": -3}, "participants", "mellom 0 og"),
        ({"participants": 10_001}, "participants", "mellom 0 og"),
        ({"hours": Decimal("0")}, "hours", "mer enn 0"),
        ({"hours": Decimal("-2")}, "hours", "mer enn 0"),
        ({"hours": Decimal("200.5")}, "hours", "høyst 200"),
        ({"hours": Decimal("NaN")}, "hours", "mer enn 0"),
        ({"hours": Decimal("1.25")}, "hours", "én desimal"),
        ({"topics": []}, "topics", "minst ett tema"),
        ({"topics": ["vær"]}, "topics", "fra listen"),
        ({"partners": ["Ola Nordmann"]}, "partners", "fra listen"),
        ({"municipality": "Storgata 5"}, "municipality", "bare navnet"),
        ({"municipality": "ola@example.no"}, "municipality", "bare navnet"),
        ({"municipality": "x" * 61}, "municipality", "høyst 60"),
    ],
)
def test_rules_are_checked(
    advisor: User, overrides: dict[str, Any], field: str, fragment: str
) -> None:
    # given an activity that breaks one rule / when registered / then refused at that field
    with pytest.raises(ValidationError) as excinfo:
        activity_register(user=advisor, **activity_arguments(**overrides))
    assert any(fragment in message for message in errors_of(excinfo)[field]), errors_of(excinfo)
    assert Activity.objects.count() == 0


@pytest.mark.parametrize("activity_type", ["fagnotat", "ung_no", "media", "stand"])
def test_participants_optional_without_headcount(advisor: User, activity_type: str) -> None:
    activity = activity_register(
        user=advisor, **activity_arguments(activity_type=activity_type, participants=None)
    )
    assert activity.participants is None


@pytest.mark.parametrize("name", ["Porsanger - Porsáŋgu - Porsanki", "Nordre Follo", "Ås"])
def test_real_municipality_names_pass(advisor: User, name: str) -> None:
    activity = activity_register(user=advisor, **activity_arguments(municipality=name))
    assert activity.municipality == name


def test_unit_not_theirs_refused(advisor: User, other_school: Unit) -> None:
    with pytest.raises(ValidationError) as excinfo:
        activity_register(user=advisor, **activity_arguments(unit=other_school))
    assert "unit" in errors_of(excinfo)


def test_several_units_need_a_choice(advisor: User, other_school: Unit) -> None:
    # given an advisor at two schools
    MembershipFactory(user=advisor, unit=other_school, valid_from=D(2020, 1, 1))
    # when no unit is chosen / then they must choose
    with pytest.raises(ValidationError) as excinfo:
        activity_register(user=advisor, **activity_arguments())
    assert "Velg hvilken enhet" in errors_of(excinfo)["unit"][0]
    # and a chosen one is used
    activity = activity_register(user=advisor, **activity_arguments(unit=other_school))
    assert activity.unit == other_school


def test_date_picks_the_unit_of_that_day(db: None, school: Unit, other_school: Unit) -> None:
    # given an advisor who moved from school A to school B in 2022
    mover = advisor_at(school, username="flytter", since=D(2019, 1, 1))
    mover.memberships.update(valid_to=D(2021, 12, 31))
    MembershipFactory(user=mover, unit=other_school, valid_from=D(2022, 1, 1))
    # when they register an activity from 2021 and one from 2023
    old = activity_register(user=mover, **activity_arguments(date=D(2021, 5, 3)))
    new = activity_register(user=mover, **activity_arguments(date=D(2023, 5, 3)))
    # then each belongs to the school of its date
    assert (old.unit, new.unit) == (school, other_school)


def test_envoy_registers_without_municipality(db: None) -> None:
    envoy = advisor_at(EmbassyFactory(), username="utsending_t")
    activity = activity_register(
        user=envoy,
        **activity_arguments(activity_type="fagnotat", participants=None, municipality=""),
    )
    assert activity.municipality == "" and activity.scheme.code == "spesialutsending"


def test_update_changes_and_bumps_version(advisor: User) -> None:
    # given a registered activity
    activity = activity_register(user=advisor, **activity_arguments())
    # when changed from the version it was read at
    changed = activity_update(
        activity=activity,
        user=advisor,
        **update_arguments(
            activity,
            activity_type="konferanse",
            hours=Decimal("7.5"),
            target_groups=["nav", "politi"],
            date=D(2023, 2, 1),
        ),
    )
    # then the change is saved, the year follows the date and the version moves on
    assert changed.activity_type == ActivityType.CONFERENCE
    assert changed.hours == Decimal("7.5")
    assert changed.year == 2023
    assert changed.version == 2
    assert sorted(changed.target_groups.values_list("code", flat=True)) == ["nav", "politi"]


def test_update_from_a_stale_version_is_a_conflict(advisor: User, school: Unit) -> None:
    # given an activity that a colleague changed after the advisor opened it
    colleague = advisor_at(school, username="kollega")
    activity = activity_register(user=advisor, **activity_arguments())
    stale = Activity.objects.get(pk=activity.pk)
    activity_update(
        activity=activity, user=colleague, **update_arguments(activity, hours=Decimal("4"))
    )
    # when the advisor saves from the version they read
    with pytest.raises(ConflictError) as excinfo:
        activity_update(activity=stale, user=advisor, **update_arguments(stale, hours=Decimal("9")))
    # then nothing of theirs is written, and the error carries what is saved now
    current = excinfo.value.current
    assert isinstance(current, Activity)
    assert (current.hours, current.version) == (Decimal("4"), 2)
    assert Activity.objects.get(pk=activity.pk).hours == Decimal("4")


def test_update_by_someone_who_may_not_see_it(advisor: User, other_advisor: User) -> None:
    activity = activity_register(user=advisor, **activity_arguments())
    with pytest.raises(PermissionDenied):
        activity_update(activity=activity, user=other_advisor, **update_arguments(activity))
    with pytest.raises(PermissionDenied):
        activity_delete(activity=activity, user=other_advisor)
    assert Activity.objects.get(pk=activity.pk).version == 1


def test_update_may_not_move_the_date_out_of_the_membership(advisor: User) -> None:
    activity = activity_register(user=advisor, **activity_arguments())
    with pytest.raises(ValidationError) as excinfo:
        activity_update(
            activity=activity, user=advisor, **update_arguments(activity, date=D(2014, 1, 1))
        )
    assert "utenfor perioden" in errors_of(excinfo)["date"][0]


def test_delete(advisor: User, analyst: User) -> None:
    activity = activity_register(user=advisor, **activity_arguments())
    with pytest.raises(PermissionDenied):
        activity_delete(activity=activity, user=analyst)
    activity_delete(activity=activity, user=advisor)
    assert Activity.objects.count() == 0
    assert ActivityTargetGroup.objects.count() == 0
