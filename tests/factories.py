"""factory_boy factories for the test suite: synthetic units, people and cases.

Names are invented; no real person or school appears here.
"""

from __future__ import annotations

import datetime
import functools
import uuid
from typing import Any

import factory
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from tallrapport.accounts.models import Membership, Role, Scheme, Unit, UnitKind, User
from tallrapport.cases.models import (
    AgeGroup,
    Case,
    Category,
    ClosedYear,
    Country,
    Family,
    Gender,
    GuidedPerson,
    ReferralSource,
    half_year_of,
)


def scheme(code: str = Scheme.DIVERSITY_ADVISORS) -> Scheme:
    """Schemes are loaded by a data migration; tests look them up, never create them."""
    return Scheme.objects.get(code=code)


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    name = factory.Sequence(lambda n: f"Testskolen {n} videregående skole")
    kind = UnitKind.UPPER_SECONDARY
    scheme = factory.LazyFunction(scheme)
    county = "Vestland"
    municipality = "Bergen"
    valid_from = datetime.date(2015, 1, 1)


class EmbassyFactory(UnitFactory):
    name = factory.Sequence(lambda n: f"Ambassaden i Testby {n}")
    kind = UnitKind.EMBASSY
    scheme = factory.LazyFunction(lambda: scheme(Scheme.SPECIAL_ENVOYS))
    county = ""
    municipality = ""
    host_country_code = "ke"
    city = "Nairobi"


TEST_PASSWORD = "testpassord-123"


@functools.cache
def hashed_test_password() -> str:
    """One real hash of the test password per run: hashing costs about half a second
    with Django's default PBKDF2 iterations, and every test makes several users."""
    return make_password(TEST_PASSWORD)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"bruker{n}")
    role = Role.ADVISOR
    password = factory.LazyFunction(hashed_test_password)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    unit = factory.SubFactory(UnitFactory)
    valid_from = datetime.date(2015, 1, 1)


def advisor_at(unit: Unit, *, username: str, since: datetime.date | None = None) -> User:
    user = UserFactory(username=username, role=Role.ADVISOR)
    MembershipFactory(user=user, unit=unit, valid_from=since or datetime.date(2015, 1, 1))
    return user


class CaseFactory(factory.django.DjangoModelFactory):
    """A case written straight to the table, for tests that need rows, not the service."""

    class Meta:
        model = Case

    unit = factory.SubFactory(UnitFactory)
    scheme = factory.LazyAttribute(lambda case: case.unit.scheme)
    registered_on = datetime.date(2023, 3, 15)
    year = factory.LazyAttribute(lambda case: case.registered_on.year)
    half_year = factory.LazyAttribute(lambda case: half_year_of(case.registered_on))
    main_category = factory.LazyFunction(
        lambda: Category.objects.get(code="negativ-sosial-kontroll")
    )
    gender = Gender.FEMALE
    age_group = AgeGroup.UNDER_18
    country = factory.LazyFunction(lambda: Country.objects.get(code="no"))
    reported_by = factory.LazyFunction(lambda: ReferralSource.objects.get(code="skoleansatt"))
    guided = GuidedPerson.EXPOSED


class FamilyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Family

    unit = factory.SubFactory(EmbassyFactory)


def envoy_at(unit: Unit, *, username: str, since: datetime.date | None = None) -> User:
    """A special envoy: an advisor whose unit is an embassy."""
    return advisor_at(unit, username=username, since=since)


def case_form_data(**overrides: Any) -> dict[str, Any]:
    """What a browser posts for a valid registration, today, at the advisor's only unit."""
    data: dict[str, Any] = {
        "registered_on": timezone.localdate().isoformat(),
        "main_category": str(Category.objects.get(code="negativ-sosial-kontroll").pk),
        "gender": Gender.FEMALE.value,
        "age_group": AgeGroup.UNDER_18.value,
        "country": "Somalia",
        "reported_by": str(ReferralSource.objects.get(code="skoleansatt").pk),
        "guided": GuidedPerson.EXPOSED.value,
        "submission_token": str(uuid.uuid4()),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def close_year(unit_scheme: Scheme, year: int, *, by: User | None = None) -> ClosedYear:
    """A closed year written straight to the table (the service is tested on its own)."""
    return ClosedYear.objects.create(
        scheme=unit_scheme, year=year, closed_at=timezone.now(), closed_by=by
    )


NORWEGIAN_MONTHS = (
    "januar",
    "februar",
    "mars",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "desember",
)


def long_date(day: datetime.date) -> str:
    """«1. desember 2026»: a date written out as a Norwegian page must show it.

    Spelled out here rather than asked of Django, so that a test catches a page
    that writes «1. December 2026».
    """
    return f"{day.day}. {NORWEGIAN_MONTHS[day.month - 1]} {day.year}"
