"""The report's activity counts: one GROUP BY each, every type and year with zeros."""

from __future__ import annotations

import datetime

import pytest

from tallrapport.accounts.models import Scheme, Unit
from tallrapport.activities.models import ActivityType, TargetGroup
from tests.activities.factories import activity_with
from tests.factories import EmbassyFactory
from tests.stats.activity_counts import (
    competence_assignments,
    counts_by_target_group,
    counts_by_type,
)

pytestmark = pytest.mark.django_db
D = datetime.date
DIVERSITY = Scheme.DIVERSITY_ADVISORS
ENVOYS = Scheme.SPECIAL_ENVOYS


def test_counts_by_type_have_every_type_and_year(school: Unit) -> None:
    # given two courses and a stand in 2023, one course in 2022, and an envoy's note in 2023
    activity_with(unit=school, date=D(2023, 2, 1))
    activity_with(unit=school, date=D(2023, 9, 1))
    activity_with(unit=school, date=D(2023, 9, 2), activity_type="stand", participants=None)
    activity_with(unit=school, date=D(2022, 3, 1))
    activity_with(unit=EmbassyFactory(), date=D(2023, 4, 4), activity_type="fagnotat")
    # when counted for the diversity advisors over 2021–2023
    counts = counts_by_type(scheme=DIVERSITY, years=[2021, 2022, 2023])
    # then every type × year is there, zeros included, the envoy's note not
    assert len(counts) == len(ActivityType) * 3
    assert counts[("kurs", 2023)] == 2
    assert counts[("kurs", 2022)] == 1
    assert counts[("stand", 2023)] == 1
    assert counts[("fagnotat", 2023)] == 0
    assert counts[("ung_no", 2021)] == 0
    assert sum(counts.values()) == 4
    assert counts_by_type(scheme=ENVOYS, years=[2023])[("fagnotat", 2023)] == 1


def test_counts_by_target_group_count_an_activity_in_each_group(school: Unit) -> None:
    # given one activity for school staff and child welfare, one for pupils
    activity_with(unit=school, target_groups=["skoleansatte", "barnevern"])
    activity_with(unit=school, target_groups=["elever"], activity_type="undervisning")
    # when counted
    counts = counts_by_target_group(scheme=DIVERSITY, years=[2023])
    # then the first counts once in each of its groups: the column adds up to 3, not 2
    assert counts[("skoleansatte", 2023)] == 1
    assert counts[("barnevern", 2023)] == 1
    assert counts[("elever", 2023)] == 1
    assert counts[("utenrikstjenesten", 2023)] == 0
    assert len(counts) == len(TargetGroup)
    assert sum(counts.values()) == 3


def test_competence_assignments_leave_out_pupil_facing_work(school: Unit) -> None:
    activity_with(unit=school)  # a course for staff
    activity_with(unit=school, activity_type="samtalegruppe")
    activity_with(unit=school, activity_type="media", participants=None)
    assert competence_assignments(scheme=DIVERSITY, years=[2022, 2023]) == {
        2022: 0,
        2023: 2,
    }


def test_queries_are_a_fixed_number(school: Unit, django_assert_max_num_queries: object) -> None:
    # no loop over rows: the number of queries does not grow with the activities
    for day in range(1, 29):
        activity_with(unit=school, date=D(2023, 2, day), target_groups=["nav", "politi"])
    with django_assert_max_num_queries(1):  # type: ignore[operator]
        counts_by_type(scheme=DIVERSITY, years=[2022, 2023])
    with django_assert_max_num_queries(1):  # type: ignore[operator]
        counts_by_target_group(scheme=DIVERSITY, years=[2022, 2023])
