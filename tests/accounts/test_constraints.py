"""Every check and unique constraint of accounts refuses bad rows at the database."""

from __future__ import annotations

import datetime

import pytest
from django.db import IntegrityError, transaction

from tallrapport.accounts.models import Membership, SchemeName, Unit, User
from tests.factories import MembershipFactory, UnitFactory, UserFactory, scheme

D = datetime.date


def _refused(create: object) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        create()  # type: ignore[operator]


@pytest.mark.django_db
def test_user_role_must_be_known() -> None:
    # given/when a user with an invented role / then the database refuses
    _refused(lambda: User.objects.create(username="x", role="sjef"))


@pytest.mark.django_db
def test_scheme_name_period_cannot_end_before_it_starts() -> None:
    _refused(
        lambda: SchemeName.objects.create(
            scheme=scheme(),
            name="X",
            advisor_title="x",
            valid_from=D(2020, 1, 1),
            valid_to=D(2019, 1, 1),
        )
    )


@pytest.mark.django_db
def test_unit_period_cannot_end_before_it_starts() -> None:
    _refused(lambda: UnitFactory(valid_from=D(2020, 1, 1), valid_to=D(2019, 12, 31)))


@pytest.mark.django_db
def test_unit_kind_must_be_known() -> None:
    _refused(lambda: UnitFactory(kind="barnehage"))


@pytest.mark.django_db
def test_embassy_needs_a_host_country() -> None:
    _refused(lambda: UnitFactory(kind="utenriksstasjon", county="", host_country_code=""))


@pytest.mark.django_db
def test_school_needs_a_county_and_no_host_country() -> None:
    _refused(lambda: UnitFactory(county=""))
    _refused(lambda: UnitFactory(host_country_code="ke"))


@pytest.mark.django_db
def test_unit_name_unique_within_scheme() -> None:
    # given a school
    UnitFactory(name="Samme skole")
    # when another unit of the scheme takes its name / then refused
    _refused(lambda: UnitFactory(name="Samme skole"))


@pytest.mark.django_db
def test_membership_period_cannot_end_before_it_starts(school: Unit) -> None:
    user = UserFactory()
    _refused(
        lambda: Membership.objects.create(
            user=user, unit=school, valid_from=D(2020, 1, 1), valid_to=D(2019, 1, 1)
        )
    )


@pytest.mark.django_db
def test_membership_start_unique_per_user_and_unit(school: Unit) -> None:
    membership = MembershipFactory(unit=school)
    _refused(
        lambda: Membership.objects.create(
            user=membership.user, unit=school, valid_from=membership.valid_from
        )
    )
