"""Counting the register: SQL grouping, every zero combination, today's codes."""

from __future__ import annotations

import datetime

import numpy as np
import pytest

from tallrapport.accounts.models import Unit
from tallrapport.cases.models import Category, Country
from tallrapport.stats.selectors import (
    advisor_count,
    category_aliases,
    count_cases,
    dimension_levels,
    distinct_countries,
    register_years,
    scheme_units,
)
from tests.factories import CaseFactory, EmbassyFactory, advisor_at

pytestmark = pytest.mark.django_db


def test_counts_group_by_the_named_dimensions_in_codes(school: Unit) -> None:
    # given three cases, two of them alike
    syria = Country.objects.get(code="sy")
    CaseFactory(unit=school, country=syria)
    CaseFactory(unit=school, country=syria)
    CaseFactory(unit=school, registered_on=datetime.date(2023, 9, 1))
    # when counting by country and half-year
    counts = count_cases(by=["country", "half_year"], years=[2023]).as_dict()
    # then the keys are codes and the counts add up
    assert counts == {("sy", "1"): 2, ("no", "2"): 1}


def test_counts_keep_to_the_years_and_the_scheme(school: Unit) -> None:
    # given cases in two years and at an embassy
    CaseFactory(unit=school, registered_on=datetime.date(2022, 5, 1))
    CaseFactory(unit=school)
    CaseFactory(unit=EmbassyFactory())
    # when counting one scheme in one year
    counts = count_cases(by=["year"], years=[2023], scheme="mangfoldsradgiver").as_dict()
    # then only that scheme's case of that year is counted
    assert counts == {("2023",): 1}


def test_an_unknown_dimension_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown case dimension"):
        count_cases(by=["name"], years=[2023])


def test_the_problem_holds_every_zero_combination(school: Unit) -> None:
    # given one case
    CaseFactory(unit=school)
    # when the counts become a category × gender table over every level, as the report does
    levels = [dimension_levels(name, years=[2023]) for name in ("category", "gender")]
    freq = count_cases(by=["category", "gender"], years=[2023]).frequencies(levels)
    # then every valid category and every gender is a level, zeros included
    assert freq.shape == (len(levels[0]), 3)
    assert int(freq.sum()) == 1
    assert int(np.count_nonzero(freq)) == 1


def test_categories_follow_their_validity_and_scheme() -> None:
    # given the shipped categories
    # when listing the levels of 2019 for the diversity advisors, and of 2020 for the envoys
    school_2019 = dimension_levels("category", years=[2019], scheme="mangfoldsradgiver")
    envoys_2020 = dimension_levels("category", years=[2020], scheme="spesialutsending")
    envoys_2023 = dimension_levels("category", years=[2023], scheme="spesialutsending")
    # then child marriage did not exist yet, and the envoys' own category ended in 2020
    assert "frykt-for-barneekteskap" not in school_2019
    assert "andre-familierelaterte-saker" not in school_2019
    assert "andre-familierelaterte-saker" in envoys_2020
    assert "andre-familierelaterte-saker" not in envoys_2023
    assert Category.objects.get(code="frykt-for-barneekteskap").code in envoys_2023


def test_register_years_and_distinct_countries(school: Unit) -> None:
    # given cases from two countries in 2023 and one in 2021
    CaseFactory(unit=school, country=Country.objects.get(code="sy"))
    CaseFactory(unit=school)
    CaseFactory(unit=school, registered_on=datetime.date(2021, 2, 1))
    # when asking
    # then the years are those with cases, and 2023 had two countries
    assert register_years(scheme="mangfoldsradgiver", years=range(2019, 2024)) == [2021, 2023]
    assert distinct_countries(scheme="mangfoldsradgiver", year=2023) == 2


def test_advisors_are_counted_at_the_end_of_the_year(school: Unit, other_school: Unit) -> None:
    # given one advisor since 2015 and one who started in 2024
    advisor_at(school, username="tidlig")
    advisor_at(other_school, username="sen", since=datetime.date(2024, 1, 1))
    # when counting 2023 and 2024
    # then each year counts those working at its end
    assert advisor_count(scheme="mangfoldsradgiver", year=2023) == 1
    mid_2024 = datetime.date(2024, 6, 1)
    assert advisor_count(scheme="mangfoldsradgiver", year=2024, today=mid_2024) == 2


def test_scheme_units_count_kinds_and_counties_and_name_the_embassies(
    school: Unit, other_school: Unit
) -> None:
    # given two schools in two counties, two embassies and one embassy closed before the year
    EmbassyFactory(city="Nairobi")
    EmbassyFactory(city="Amman", host_country_code="jo")
    EmbassyFactory(city="Kabul", host_country_code="af", valid_to=datetime.date(2021, 8, 15))
    # when the units at the end of 2023 are read
    schools = scheme_units(scheme=school.scheme.code, year=2023)
    envoys = scheme_units(scheme="spesialutsending", year=2023)
    # then kinds, counties and the open embassies' cities are given
    assert schools.kinds == {"videregaende": 2} and schools.counties == 2
    assert schools.embassy_cities == []
    assert envoys.embassy_cities == ["Amman", "Nairobi"] and envoys.total == 2


def test_category_aliases_map_old_names_to_todays_codes() -> None:
    aliases = category_aliases()
    assert aliases["Ekstrem kontroll"] == "negativ-sosial-kontroll"
    assert aliases["Etterlatt i utlandet"] == "ufrivillig-opphold-i-utlandet"
