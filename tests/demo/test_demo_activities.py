"""The demo activities say what the reports say, obey the register's rules and
load once."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

import pytest
from django.db.models import Count, Exists, F, OuterRef, Q
from django.db.models.functions import ExtractYear
from django.utils import timezone

from tallrapport.accounts.models import Membership, Scheme, User
from tallrapport.activities.models import Activity, ActivityTargetGroup, ActivityType
from tallrapport.activities.selectors import competence_share
from tallrapport.demo.activities import ActivityLoadResult, load_demo_activities
from tallrapport.demo.loader import LoadResult
from tallrapport.demo.planner import register_years
from tests.stats.activity_counts import (
    competence_assignments,
    counts_by_target_group,
    counts_by_type,
)

pytestmark = pytest.mark.django_db
DIVERSITY = Scheme.DIVERSITY_ADVISORS
ENVOYS = Scheme.SPECIAL_ENVOYS
TODAY = timezone.localdate()
FULL_YEARS = [y for y in register_years(TODAY) if y < TODAY.year]


@pytest.fixture(scope="module")
def activities(demo: LoadResult, django_db_blocker: Any) -> Iterator[ActivityLoadResult]:
    """Loaded inside the module's demo transaction, so rolled back with it."""
    with django_db_blocker.unblock():
        yield load_demo_activities()


def test_loading_twice_adds_nothing(activities: ActivityLoadResult) -> None:
    before = (Activity.objects.count(), ActivityTargetGroup.objects.count())
    again = load_demo_activities()
    assert activities.created and activities.activities == before[0]
    assert not again.created
    assert (Activity.objects.count(), ActivityTargetGroup.objects.count()) == before


def test_over_200_assignments_in_2023_twice_2022(activities: ActivityLoadResult) -> None:
    # the 2023 report: "i overkant av 200 ulike kompetansehevingsoppdrag i 2023.
    # Dette representerte en dobling sammenliknet med 2022."
    counts = competence_assignments(scheme=DIVERSITY, years=[2022, 2023])
    print(f"\ndiversity advisors' competence-building assignments: {counts}")
    assert 200 < counts[2023] < 230
    assert 1.9 <= counts[2023] / counts[2022] <= 2.1


def test_envoys_hold_three_weeks_a_year_and_write_notes(activities: ActivityLoadResult) -> None:
    counts = counts_by_type(scheme=ENVOYS, years=FULL_YEARS)
    for year in FULL_YEARS:
        # four embassies, three weeks each (a handover year splits one envoy's three)
        assert 11 <= counts[("kompetansehevingsuke", year)] <= 13, year
        assert counts[("fagnotat", year)] >= 4, year
    # and each envoy who served a whole year held three
    weeks = (
        Activity.objects.filter(
            scheme__code=ENVOYS, year=2023, activity_type="kompetansehevingsuke"
        )
        .values("registered_by")
        .annotate(n=Count("id"))
    )
    full_year = Membership.objects.filter(
        unit__scheme__code=ENVOYS, valid_from__lte=datetime.date(2023, 1, 1)
    ).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=datetime.date(2023, 12, 31)))
    full_year_users = set(full_year.values_list("user_id", flat=True))
    assert full_year_users
    assert {
        row["registered_by"]: row["n"] for row in weeks if row["registered_by"] in full_year_users
    } == {user: 3 for user in full_year_users}


def test_every_demo_advisor_has_activities_every_year_they_worked(
    activities: ActivityLoadResult,
) -> None:
    for year in register_years(TODAY):
        if year > TODAY.year:
            continue
        first, last = datetime.date(year, 1, 1), min(datetime.date(year, 12, 31), TODAY)
        working = set(
            Membership.objects.filter(valid_from__lte=last, unit__valid_from__lte=last)
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=first))
            .filter(Q(unit__valid_to__isnull=True) | Q(unit__valid_to__gte=first))
            .values_list("user_id", flat=True)
        )
        active = set(Activity.objects.filter(year=year).values_list("registered_by_id", flat=True))
        assert working - active == set(), year


def test_every_activity_obeys_the_register_rules(activities: ActivityLoadResult) -> None:
    covering = Exists(
        Membership.objects.filter(
            user=OuterRef("registered_by"), unit=OuterRef("unit"), valid_from__lte=OuterRef("date")
        ).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=OuterRef("date")))
    )
    rows = Activity.objects.all()
    assert not rows.exclude(covering).exists()
    assert not rows.filter(date__gt=TODAY).exists()
    assert not rows.filter(date__week_day__in=[1, 7]).exists()  # Sunday, Saturday
    assert not rows.exclude(scheme=F("unit__scheme")).exists()
    assert not rows.exclude(year=ExtractYear("date")).exists()
    for activity in rows.filter(year=2023).prefetch_related("target_groups", "topics")[:300]:
        assert activity.target_group_names and activity.topic_names
    # pupil-facing work is never aimed at services
    assert (
        not ActivityTargetGroup.objects.filter(
            activity__activity_type__in=["samtalegruppe", "undervisning"]
        )
        .exclude(code="elever")
        .exists()
    )


def test_the_report_selectors_cover_every_demo_year(activities: ActivityLoadResult) -> None:
    years = [y for y in register_years(TODAY) if y <= TODAY.year]
    by_type = counts_by_type(scheme=DIVERSITY, years=years)
    by_group = counts_by_target_group(scheme=DIVERSITY, years=years)
    for year in years:
        total = Activity.objects.filter(scheme__code=DIVERSITY, year=year).count()
        assert total > 100, year
        assert sum(n for (_, y), n in by_type.items() if y == year) == total
        # an activity with two target groups counts in both, so the groups add up to more
        assert sum(n for (_, y), n in by_group.items() if y == year) >= total
    assert len(by_type) == len(ActivityType) * len(years)


def test_the_demo_advisor_sees_a_share(activities: ActivityLoadResult) -> None:
    radgiver = User.objects.get(username="radgiver")
    share = competence_share(user=radgiver, year=2023)
    assert share.working_hours == share.full_time_hours
    assert share.share_percent is not None
    assert sum(row.count for row in share.rows) >= 1
