"""Who sees which activity, and the counts the yearly report reads."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import override_settings
from django.utils import timezone

from tallrapport.accounts.models import Membership, Unit, User
from tallrapport.activities.models import ActivityType
from tallrapport.activities.selectors import (
    activities_visible_to,
    activity_get_for_change,
    activity_get_visible,
    competence_share,
)
from tests.activities.factories import activity_with
from tests.factories import EmbassyFactory, MembershipFactory, UserFactory, advisor_at

pytestmark = pytest.mark.django_db
D = datetime.date
DIVERSITY = "mangfoldsradgiver"
ENVOYS = "spesialutsending"


def test_each_persona_sees_what_the_rule_gives(
    advisor: User, other_advisor: User, analyst: User, admin: User, school: Unit
) -> None:
    # given an activity at school A and one at school B
    at_a = activity_with(unit=school, registered_by=advisor)
    at_b = activity_with(unit=other_advisor.memberships.get().unit, registered_by=other_advisor)
    # then each advisor sees their own school's, readers see both
    assert list(activities_visible_to(advisor)) == [at_a]
    assert list(activities_visible_to(other_advisor)) == [at_b]
    assert set(activities_visible_to(analyst)) == {at_a, at_b}
    assert set(activities_visible_to(admin)) == {at_a, at_b}


def test_advisor_sees_only_the_years_they_belonged(db: None, school: Unit) -> None:
    # given an advisor who worked at the school 2020–2021, and activities there 2019–2022
    member = advisor_at(school, username="tidligere", since=D(2020, 1, 1))
    Membership.objects.filter(user=member).update(valid_to=D(2021, 12, 31))
    by_year = {y: activity_with(unit=school, date=D(y, 6, 1)) for y in (2019, 2020, 2021, 2022)}
    # then they see those of their own period only, colleague-registered or not
    assert set(activities_visible_to(member)) == {by_year[2020], by_year[2021]}


def test_an_advisor_without_membership_sees_nothing(db: None, school: Unit) -> None:
    activity_with(unit=school)
    nobody = UserFactory(username="uten_enhet", role="radgiver")
    assert not activities_visible_to(nobody).exists()


def test_getters_answer_404_and_403(
    advisor: User, other_advisor: User, analyst: User, school: Unit
) -> None:
    activity = activity_with(unit=school)
    assert activity_get_visible(user=advisor, activity_id=activity.pk) == activity
    assert activity_get_for_change(user=advisor, activity_id=activity.pk) == activity
    assert activity_get_visible(user=analyst, activity_id=activity.pk) == activity
    with pytest.raises(Http404):
        activity_get_visible(user=other_advisor, activity_id=activity.pk)
    with pytest.raises(Http404):
        activity_get_for_change(user=other_advisor, activity_id=activity.pk)
    with pytest.raises(PermissionDenied):
        activity_get_for_change(user=analyst, activity_id=activity.pk)


@override_settings(TALLRAPPORT_FULL_TIME_HOURS="1695")
def test_competence_share_of_a_full_year(advisor: User, school: Unit) -> None:
    # given an advisor all of 2023 with 339 hours of courses and 100 of conversation groups
    activity_with(unit=school, registered_by=advisor, hours=Decimal("200"))
    activity_with(unit=school, registered_by=advisor, hours=Decimal("139"), date=D(2023, 4, 1))
    activity_with(
        unit=school, registered_by=advisor, hours=Decimal("100"), activity_type="samtalegruppe"
    )
    # and a colleague's hours, which are not theirs
    activity_with(unit=school, hours=Decimal("50"))
    # when the share is computed
    share = competence_share(user=advisor, year=2023)
    # then 339 of 1695 hours is 20 %, against a target of 40 % that applies to them
    assert share.competence_hours == Decimal("339")
    assert share.other_hours == Decimal("100")
    assert share.working_hours == Decimal("1695.0")
    assert share.share_percent == 20
    assert share.target_percent == 40 and share.target_applies
    assert not share.meets_target
    rows = {row.activity_type: row for row in share.rows}
    assert rows["kurs"].count == 2 and rows["kurs"].hours == Decimal("339")
    assert rows["samtalegruppe"].competence_building is False
    assert len(share.rows) == len(ActivityType)


@override_settings(TALLRAPPORT_FULL_TIME_HOURS="1695")
def test_competence_share_is_prorated_by_membership(db: None, school: Unit) -> None:
    # given an advisor at two schools at once from July 2023 (one job, not two)
    newcomer = advisor_at(school, username="nyansatt", since=D(2023, 7, 1))
    MembershipFactory(user=newcomer, unit=EmbassyFactory(), valid_from=D(2023, 7, 1))
    activity_with(unit=school, registered_by=newcomer, hours=Decimal("100"), date=D(2023, 9, 1))
    # when the share of 2023 is computed
    share = competence_share(user=newcomer, year=2023)
    # then working time is 184 of 365 days of a full year
    assert share.member_days == 184
    assert share.working_hours == (Decimal(1695) * 184 / 365).quantize(Decimal("0.1"))
    assert share.share_percent == round(100 * 100 / (1695 * 184 / 365))


def test_competence_share_this_year_counts_working_time_up_to_today(advisor: User) -> None:
    # given an advisor since 2015 / when this year's share is computed
    today = timezone.localdate()
    share = competence_share(user=advisor, year=today.year)
    # then the working time runs from 1 January to today, not to the end of the year
    assert share.member_days == (today - D(today.year, 1, 1)).days + 1
    assert share.period_end == today


def test_competence_share_without_membership(analyst: User) -> None:
    share = competence_share(user=analyst, year=2023)
    assert share.share is None and share.share_percent is None
    assert share.working_hours == 0


def test_competence_share_of_an_envoy_says_the_target_is_not_theirs(db: None) -> None:
    envoy = advisor_at(EmbassyFactory(), username="utsending_t")
    week = activity_with(
        unit=envoy.memberships.get().unit,
        registered_by=envoy,
        activity_type="kompetansehevingsuke",
        hours=Decimal("37.5"),
    )
    share = competence_share(user=envoy, year=week.year)
    assert share.competence_hours == Decimal("37.5")
    assert not share.target_applies
