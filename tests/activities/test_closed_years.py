"""A closed year locks activities as it locks cases: services, form, admin, database
triggers, and the analyst's late registration with a logged reason (issue 11, defect 5)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from tallrapport.accounts.models import Unit, User
from tallrapport.activities.models import Activity, ActivityTargetGroup, ActivityTopic
from tallrapport.activities.services import activity_delete, activity_register, activity_update
from tallrapport.audit.models import Action, AuditEntry
from tallrapport.cases.models import ClosedYear
from tallrapport.writes import ConflictError
from tests.activities.factories import (
    activity_arguments,
    activity_form_data,
    activity_input,
    activity_with,
)
from tests.conftest import client_for
from tests.factories import close_year

D = datetime.date
REASON = "Meldt inn etter årsavslutning"


@pytest.fixture
def closed_2023(school: Unit, analyst: User) -> ClosedYear:
    return close_year(school.scheme, 2023, by=analyst)


def _activity_in(closed: ClosedYear, unit: Unit, day: datetime.date) -> Activity:
    """An activity of a closed year, as if registered before the year was closed."""
    ClosedYear.objects.filter(pk=closed.pk).update(writable=True)
    activity = activity_with(unit=unit, date=day)
    ClosedYear.objects.filter(pk=closed.pk).update(writable=False)
    return activity


def test_services_refuse_the_advisors_writes_in_a_closed_year(
    advisor: User, school: Unit, closed_2023: ClosedYear
) -> None:
    # given an activity of closed 2023 and one of open 2024
    old = _activity_in(closed_2023, school, D(2023, 5, 2))
    open_one = activity_with(unit=school, date=D(2024, 2, 1))
    # when the advisor registers into 2023 / then the date field says why
    with pytest.raises(ValidationError) as refusal:
        activity_register(user=advisor, **activity_arguments(date=D(2023, 11, 1)))
    assert "2023 er låst" in refusal.value.message_dict["date"][0]
    # when they change or delete the 2023 activity / then refused
    with pytest.raises(ValidationError, match="2023 er låst"):
        activity_update(
            user=advisor, activity=old, expected_version=1, data=activity_input(date=old.date)
        )
    with pytest.raises(ValidationError, match="2023 er låst"):
        activity_delete(activity=old, user=advisor)
    # when they move an open-year activity into 2023 / then refused at the date
    with pytest.raises(ValidationError) as moved:
        activity_update(
            user=advisor,
            activity=open_one,
            expected_version=1,
            data=activity_input(date=D(2023, 6, 1)),
        )
    assert "date" in moved.value.message_dict
    assert Activity.objects.filter(year=2023).count() == 1
    assert Activity.objects.get(pk=open_one.pk).year == 2024


def test_database_refuses_writes_into_a_closed_year(school: Unit, closed_2023: ClosedYear) -> None:
    # given a 2023 activity written before the year closed
    activity = _activity_in(closed_2023, school, D(2023, 5, 2))
    # when any writer skips the services / then each write is refused by the database
    attempts: list[Callable[[], object]] = [
        lambda: activity_with(unit=school, date=D(2023, 8, 1)),
        lambda: Activity.objects.filter(pk=activity.pk).update(hours=Decimal("9")),
        lambda: Activity.objects.filter(pk=activity.pk).update(year=2024, date=D(2024, 1, 1)),
        lambda: Activity.objects.filter(pk=activity.pk).delete(),
        lambda: ActivityTopic.objects.create(activity=activity, code="tvangsekteskap"),
        lambda: ActivityTargetGroup.objects.filter(activity=activity).delete(),
    ]
    for attempt in attempts:
        with pytest.raises(DatabaseError), transaction.atomic():
            attempt()
    activity.refresh_from_db()
    assert (activity.year, activity.hours, activity.target_groups.count()) == (
        2023,
        Decimal("3.0"),
        1,
    )


def test_database_lets_open_years_through(school: Unit, closed_2023: ClosedYear) -> None:
    activity = activity_with(unit=school, date=D(2022, 5, 2))
    Activity.objects.filter(pk=activity.pk).update(hours=Decimal("2"))
    Activity.objects.filter(pk=activity.pk).delete()
    assert not Activity.objects.exists()


def test_activity_triggers_exist_on_this_database(db: None) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type='trigger'")
        else:
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        names = {row[0] for row in cursor.fetchall()}
    assert any(name.startswith("activities_activity_closed") for name in names)
    assert any(name.startswith("activities_topic_closed") for name in names)


def test_analyst_registers_and_changes_late_with_a_logged_reason(
    analyst: User, advisor: User, school: Unit, closed_2023: ClosedYear
) -> None:
    # when the analyst registers a 2023 activity for the school, with a reason
    values = activity_arguments(unit=school, date=D(2023, 10, 2), late_reason=REASON)
    activity = activity_register(user=analyst, **values)
    # then it is stored in 2023, and the trail says it was late, and why
    assert (activity.year, activity.unit) == (2023, school)
    entry = AuditEntry.objects.get(target_type="aktivitet", action=Action.LATE_CREATE)
    assert entry.reason == REASON
    # and a repeat of the same form gives the same activity
    assert activity_register(user=analyst, **values) == activity
    # when the analyst changes it late / then changed and logged with the reason
    changed = activity_update(
        user=analyst,
        activity=activity,
        expected_version=1,
        data=activity_input(date=D(2023, 10, 2), hours=Decimal("4")),
        late_reason="Feil antall timer",
    )
    assert (changed.hours, changed.version) == (Decimal("4"), 2)
    entry = AuditEntry.objects.get(target_type="aktivitet", action=Action.LATE_UPDATE)
    assert entry.reason == "Feil antall timer"
    # and a stale late change conflicts like any other
    with pytest.raises(ConflictError):
        activity_update(
            user=analyst,
            activity=activity,
            expected_version=1,
            data=activity_input(date=D(2023, 10, 2)),
            late_reason="Igjen",
        )


def test_late_path_needs_a_reason_a_closed_year_and_an_analyst(
    analyst: User, advisor: User, school: Unit, closed_2023: ClosedYear
) -> None:
    with pytest.raises(ValidationError) as no_reason:
        activity_register(
            user=analyst, **activity_arguments(unit=school, date=D(2023, 3, 1), late_reason=" ")
        )
    assert "reason" in no_reason.value.message_dict
    with pytest.raises(ValidationError, match="ikke låst"):
        activity_register(
            user=analyst, **activity_arguments(unit=school, date=D(2022, 3, 1), late_reason=REASON)
        )
    with pytest.raises(PermissionDenied):
        activity_register(
            user=advisor, **activity_arguments(unit=school, date=D(2023, 3, 1), late_reason=REASON)
        )


def test_the_form_says_why_and_keeps_what_was_typed(advisor: User, closed_2023: ClosedYear) -> None:
    # given the advisor's form dated in closed 2023
    data = activity_form_data(date="02.05.2023", municipality="Bergen")
    # when posted / then shown again with the closed-year message at the date, nothing stored
    response = client_for(advisor).post(reverse("activity_register"), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "2023 er låst for" in html
    assert 'value="02.05.2023"' in html
    assert not Activity.objects.exists()


def test_the_late_pages_register_and_change_for_the_analyst(
    analyst: User, advisor: User, school: Unit, closed_2023: ClosedYear
) -> None:
    client = client_for(analyst)
    # given the late form without a reason / then the field says so, nothing stored
    data = activity_form_data(date="02.05.2023", unit=str(school.pk))
    refused = client.post(reverse("activity_register_late"), data)
    assert refused.status_code == 200 and "Skriv en begrunnelse" in refused.content.decode()
    # with a reason: registered once, even when posted twice
    data["reason"] = REASON
    client.post(reverse("activity_register_late"), data)
    client.post(reverse("activity_register_late"), data)
    activity = Activity.objects.get()
    assert activity.year == 2023
    # and the advisor may see it but not change it; the analyst changes it late
    # (the advisor's edit page says at once that the year is closed)
    advisor_edit = client_for(advisor).get(reverse("activity_edit", args=[activity.pk]))
    assert advisor_edit.status_code == 409 and "er låst" in advisor_edit.content.decode()
    late_url = reverse("activity_edit_late", args=[activity.pk])
    assert client_for(advisor).get(late_url).status_code == 403
    change = {**activity_form_data(date="02.05.2023", hours="4"), "version": "1", "reason": "Rett"}
    assert client.post(late_url, change).status_code == 302
    assert Activity.objects.get().hours == Decimal("4")


def test_admin_offers_no_delete_of_a_closed_years_activity(
    admin: User, school: Unit, closed_2023: ClosedYear
) -> None:
    activity = _activity_in(closed_2023, school, D(2023, 5, 2))
    client = client_for(admin)
    url = reverse("admin:activities_activity_delete", args=[activity.pk])
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert Activity.objects.filter(pk=activity.pk).exists()
