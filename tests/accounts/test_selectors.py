"""Which units a user worked at on a date: the question behind every access rule."""

from __future__ import annotations

import datetime

import pytest

from tallrapport.accounts.models import Unit, User
from tallrapport.accounts.selectors import (
    memberships_on,
    units_of_user,
    units_of_user_on,
    user_is_member_on,
)
from tests.factories import MembershipFactory, UnitFactory, advisor_at

D = datetime.date


@pytest.fixture
def mover(school: Unit, other_school: Unit) -> User:
    """An advisor at school A until mid-2020, then at school B."""
    user = advisor_at(school, username="flytter", since=D(2018, 1, 1))
    user.memberships.update(valid_to=D(2020, 6, 30))
    MembershipFactory(user=user, unit=other_school, valid_from=D(2020, 7, 1))
    return user


def test_units_on_a_date_follow_the_membership_period(
    mover: User, school: Unit, other_school: Unit
) -> None:
    # given an advisor who moved schools on 1 July 2020
    # when asking for their units on dates around the move
    # then each date gives the school they worked at
    assert list(units_of_user_on(user=mover, day=D(2017, 12, 31))) == []
    assert list(units_of_user_on(user=mover, day=D(2018, 1, 1))) == [school]
    assert list(units_of_user_on(user=mover, day=D(2020, 6, 30))) == [school]
    assert list(units_of_user_on(user=mover, day=D(2020, 7, 1))) == [other_school]
    assert set(units_of_user(user=mover)) == {school, other_school}


def test_unit_must_itself_be_valid_on_the_date(db: None) -> None:
    # given a school that closed at the end of 2019 and an open-ended membership
    closed = UnitFactory(valid_to=D(2019, 12, 31))
    user = advisor_at(closed, username="siste")
    # when/then the closed school is no unit of theirs in 2020
    assert user_is_member_on(user=user, unit=closed, day=D(2019, 12, 31))
    assert not user_is_member_on(user=user, unit=closed, day=D(2020, 1, 1))
    assert list(memberships_on(user=user, day=D(2020, 1, 1))) == []


def test_two_units_at_once(advisor: User, other_school: Unit, school: Unit) -> None:
    # given an advisor who also works at a second school
    MembershipFactory(user=advisor, unit=other_school, valid_from=D(2023, 1, 1))
    # when/then both are theirs on a date both cover
    assert set(units_of_user_on(user=advisor, day=D(2024, 1, 1))) == {school, other_school}
    assert len(memberships_on(user=advisor, day=D(2024, 1, 1))) == 2


def test_only_advisors_have_units(analyst: User, admin: User, school: Unit) -> None:
    # given non-advisors with a membership by mistake
    MembershipFactory(user=analyst, unit=school)
    # when/then they still register nowhere
    assert list(units_of_user_on(user=analyst, day=D(2024, 1, 1))) == []
    assert list(units_of_user(user=admin)) == []
