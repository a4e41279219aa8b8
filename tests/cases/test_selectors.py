"""The one scoping rule for cases, the getters built on it, and the counts."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404, QueryDict

from tallrapport.accounts.models import Scheme, Unit, User
from tallrapport.cases.filters import CaseFilter
from tallrapport.cases.models import Case, Category, Country
from tallrapport.cases.selectors import (
    case_get_for_change,
    case_get_visible,
    case_years,
    cases_visible_to,
    category_counts,
    country_from_text,
)
from tests.factories import CaseFactory, EmbassyFactory, MembershipFactory, advisor_at, scheme

D = datetime.date


def test_advisor_sees_own_unit_only(
    advisor: User, other_advisor: User, school: Unit, other_school: Unit
) -> None:
    # given a case at each school
    mine = CaseFactory(unit=school)
    theirs = CaseFactory(unit=other_school)
    # when/then each advisor sees the case of their school only
    assert list(cases_visible_to(advisor)) == [mine]
    assert list(cases_visible_to(other_advisor)) == [theirs]


def test_advisor_sees_only_the_years_they_belonged(school: Unit, other_school: Unit) -> None:
    # given an advisor at school A from 2021 to mid-2023, and cases before, during and after
    user = advisor_at(school, username="periode", since=D(2021, 1, 1))
    user.memberships.update(valid_to=D(2023, 6, 30))
    before = CaseFactory(unit=school, registered_on=D(2020, 12, 31))
    first_day = CaseFactory(unit=school, registered_on=D(2021, 1, 1))
    last_day = CaseFactory(unit=school, registered_on=D(2023, 6, 30))
    after = CaseFactory(unit=school, registered_on=D(2023, 7, 1))
    # when/then only the cases dated within the membership are theirs
    visible = set(cases_visible_to(user))
    assert visible == {first_day, last_day}
    assert before not in visible and after not in visible


def test_analyst_and_admin_see_all(
    analyst: User, admin: User, school: Unit, other_school: Unit
) -> None:
    cases = {CaseFactory(unit=school), CaseFactory(unit=other_school)}
    assert set(cases_visible_to(analyst)) == cases
    assert set(cases_visible_to(admin)) == cases


def test_getter_hides_other_units_with_404(advisor: User, other_school: Unit) -> None:
    theirs = CaseFactory(unit=other_school)
    with pytest.raises(Http404):
        case_get_visible(user=advisor, case_id=theirs.pk)
    with pytest.raises(Http404):
        case_get_for_change(user=advisor, case_id=theirs.pk)
    with pytest.raises(Http404):
        case_get_for_change(user=advisor, case_id=uuid.uuid4())


def test_getter_for_change_refuses_readers_with_403(
    analyst: User, admin: User, school: Unit
) -> None:
    case = CaseFactory(unit=school)
    assert case_get_visible(user=analyst, case_id=case.pk) == case
    for reader in (analyst, admin):
        with pytest.raises(PermissionDenied):
            case_get_for_change(user=reader, case_id=case.pk)


def test_getter_for_change_gives_the_advisor_their_case(advisor: User, school: Unit) -> None:
    case = CaseFactory(unit=school)
    assert case_get_for_change(user=advisor, case_id=case.pk) == case


def test_filters(analyst: User, school: Unit) -> None:
    # given cases in two years, two half-years, two schemes and two categories
    embassy = EmbassyFactory()
    violence = Category.objects.get(code="trusler-vold")
    a = CaseFactory(unit=school, registered_on=D(2023, 3, 1))
    b = CaseFactory(unit=school, registered_on=D(2023, 9, 1), main_category=violence)
    c = CaseFactory(unit=embassy, registered_on=D(2022, 9, 1))
    every = cases_visible_to(analyst)

    def filtered(**params: str) -> set[Case]:
        data = QueryDict(mutable=True)
        data.update({"aar": "", **params})
        years = case_years(every)
        found = CaseFilter(
            data, every, units=Unit.objects.all(), schemes=Scheme.objects.all(), years=years
        )
        return set(found.qs)

    # when/then each filter narrows as it says
    assert filtered(aar="2023") == {a, b}
    assert filtered(halvaar="2") == {b, c}
    assert filtered(ordning="spesialutsending") == {c}
    assert filtered(enhet=str(school.pk), kategori="trusler-vold") == {b}
    assert case_years(every, include=2025) == [2025, 2023, 2022]


def test_category_counts_include_zeros_and_use_one_query(
    school: Unit, django_assert_max_num_queries: object
) -> None:
    # given three cases in 2023 at a school, two of one category
    violence = Category.objects.get(code="trusler-vold")
    CaseFactory(unit=school, registered_on=D(2023, 1, 5))
    CaseFactory(unit=school, registered_on=D(2023, 2, 5))
    CaseFactory(unit=school, registered_on=D(2023, 3, 5), main_category=violence)
    CaseFactory(unit=school, registered_on=D(2022, 3, 5))
    cases = Case.objects.filter(year=2023)
    diversity = scheme()
    # when counting per category for the diversity advisors' scheme
    with django_assert_max_num_queries(2):  # type: ignore[operator]
        counts = category_counts(cases, year=2023, schemes=[diversity])
    # then every category in use that year is there, zeros included, envoy-only ones not
    by_code = {row.category.code: row.count for row in counts}
    assert by_code["negativ-sosial-kontroll"] == 2
    assert by_code["trusler-vold"] == 1
    assert by_code["frykt-for-barneekteskap"] == 0
    assert "andre-familierelaterte-saker" not in by_code
    assert sum(by_code.values()) == 3
    assert len(by_code) == 12


def test_category_counts_for_envoys_before_2021_include_their_own_category(db: None) -> None:
    counts = category_counts(Case.objects.none(), year=2020, schemes=[scheme("spesialutsending")])
    codes = {row.category.code for row in counts}
    assert "andre-familierelaterte-saker" in codes
    assert "frykt-for-barneekteskap" not in codes  # introduced in 2022


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Somalia", "so"),
        ("  somalia ", "so"),
        ("SOMALIA", "so"),
        ("østerrike", "at"),
        ("so", "so"),
        ("Palestina", "ps"),
        ("Kosovo", "xk"),
        ("Statsløs", "xs"),
        ("ukjent", "xx"),
        ("Den demokratiske republikken Kongo", "cd"),
    ],
)
def test_country_from_text(db: None, text: str, code: str) -> None:
    country = country_from_text(text)
    assert country is not None and country.code == code


@pytest.mark.parametrize("text", ["", "   ", "Narnia", "Somali", "x"])
def test_country_from_text_unknown(db: None, text: str) -> None:
    assert country_from_text(text) is None


def test_two_memberships_two_units(advisor: User, other_school: Unit, school: Unit) -> None:
    # given an advisor at two schools at once
    MembershipFactory(user=advisor, unit=other_school, valid_from=D(2020, 1, 1))
    both = {CaseFactory(unit=school), CaseFactory(unit=other_school)}
    # then they see both
    assert set(cases_visible_to(advisor)) == both
    assert Country.objects.valid_on(D(2024, 1, 1)).filter(code="no").exists()


@pytest.mark.django_db
def test_country_text_with_a_nul_byte_names_no_country() -> None:
    # given text with a NUL byte, which PostgreSQL refuses as a query parameter
    # when it is looked up
    # then it matches no country instead of failing in the database
    assert country_from_text("Som\x00alia") is None
