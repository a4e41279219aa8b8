"""The start page of each persona: what it counts, for whom, and how many queries it takes."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tallrapport.accounts.models import Unit, User
from tallrapport.activities.models import ActivityType
from tallrapport.cases.models import AgeGroup, Category, Country, Gender
from tallrapport.stats.overview import (
    advisor_category_years,
    half_year_period,
    late_registrations,
    unit_registrations,
    unknown_shares,
    years_waiting,
)
from tests.activities.factories import ActivityFactory
from tests.conftest import client_for
from tests.factories import CaseFactory, UnitFactory, close_year

pytestmark = pytest.mark.django_db


def _today() -> datetime.date:
    return timezone.localdate()


def _category(code: str) -> Category:
    return Category.objects.get(code=code)


def _text(html: bytes) -> str:
    """The page's text with tags and runs of white space taken out."""
    return " ".join(re.sub(r"<[^>]+>", " ", html.decode()).split())


@pytest.fixture
def cases_of_both_schools(school: Unit, other_school: Unit, advisor: User) -> None:
    today = _today()
    last_year = datetime.date(today.year - 1, 5, 2)
    CaseFactory.create_batch(3, unit=school, registered_on=today)
    CaseFactory(unit=school, registered_on=today, main_category=_category("trusler-vold"))
    CaseFactory.create_batch(2, unit=school, registered_on=last_year)
    CaseFactory.create_batch(7, unit=other_school, registered_on=today)


# --- the advisor ----------------------------------------------------------------------


def test_advisor_counts_only_own_units_this_and_last_year(
    advisor: User, cases_of_both_schools: None
) -> None:
    # given four cases at the advisor's school this year, two last year, seven elsewhere
    # when counting for the advisor
    counts = advisor_category_years(user=advisor, this_year=_today().year)
    # then only their own school's cases count, per category and year
    by_code = {row.category.code: (row.last_year, row.this_year) for row in counts.rows}
    assert by_code["negativ-sosial-kontroll"] == (2, 3)
    assert by_code["trusler-vold"] == (0, 1)
    assert (counts.total_last_year, counts.total_this_year) == (2, 4)


def test_other_advisor_sees_only_their_school(
    other_advisor: User, cases_of_both_schools: None
) -> None:
    counts = advisor_category_years(user=other_advisor, this_year=_today().year)
    assert (counts.total_last_year, counts.total_this_year) == (0, 7)


def test_advisor_start_page_equals_my_cases_total(
    advisor: User, cases_of_both_schools: None
) -> None:
    # given the advisor's start page and their list of this year's cases
    client = client_for(advisor)
    start = client.get(reverse("home"))
    listed = client.get(reverse("my_cases"), {"aar": _today().year})
    # then the page shows the list's total and the same numbers
    assert start.status_code == 200
    assert start.context["counts"].total_this_year == listed.context["total"] == 4
    text = _text(start.content)
    assert "Saker per kategori" in text
    assert "Totalt 2 4" in text
    assert "ikke skjult her" in text  # says that the counts are internal and not protected


def test_advisor_start_page_has_a_table_beside_each_chart(advisor: User) -> None:
    response = client_for(advisor).get(reverse("home"))
    html = response.content.decode()
    # every chart is named by the caption of its data table
    for labelledby in re.findall(r'<svg[^>]*aria-labelledby="([^"]+)"', html):
        assert f'<caption id="{labelledby.split()[-1]}">' in html
    assert html.count("<svg") == 2


def test_advisor_hours_against_the_mandate(advisor: User, school: Unit) -> None:
    # given a course (competence building) and a conversation group (pupils) this year
    today = _today()
    ActivityFactory(unit=school, registered_by=advisor, date=today, hours=Decimal("10.0"))
    ActivityFactory(
        unit=school,
        registered_by=advisor,
        date=today,
        activity_type=ActivityType.CONVERSATION_GROUP,
        hours=Decimal("4.5"),
    )
    # when the advisor opens the start page
    response = client_for(advisor).get(reverse("home"))
    # then the hours are split as the mandate splits them, the 40 % named
    share = response.context["share"]
    assert (share.competence_hours, share.other_hours) == (Decimal("10.0"), Decimal("4.5"))
    text = _text(response.content)
    assert "Mandatet sier om lag 40 prosent" in text
    assert "Kurs/foredrag/fagdag for ansatte Ja 1 10" in text
    assert "Samtalegruppe Nei 1 4,5" in text


# --- the analyst ----------------------------------------------------------------------


def test_analyst_sees_each_unit_this_half_year_with_empty_units_flagged(
    analyst: User, school: Unit, other_school: Unit
) -> None:
    # given cases at school A this half-year, nothing at school B, an old case at B
    today = _today()
    year, half, first, _last = half_year_period(today)
    CaseFactory.create_batch(2, unit=school, registered_on=first)
    other_half = datetime.date(year - 1, 3, 1)
    CaseFactory(unit=other_school, registered_on=other_half)
    # when counting the half-year's registrations
    rows = {row.unit: row for row in unit_registrations(user=analyst, day=today)}
    # then A has its two, B none and is flagged, and B comes first
    assert (rows[school].cases, rows[school].has_none) == (2, False)
    assert (rows[other_school].cases, rows[other_school].has_none) == (0, True)
    assert next(iter(rows)) == other_school
    text = _text(client_for(analyst).get(reverse("home")).content)
    assert f"Registreringer per enhet i {half}. halvår {year}" in text
    assert "Testskolen B ungdomsskole Mangfoldsrådgiverordningen 0 0 Ingen registreringer" in text


def test_units_outside_the_half_year_are_not_listed(analyst: User) -> None:
    closed_unit = UnitFactory(
        valid_from=datetime.date(2015, 1, 1), valid_to=datetime.date(2016, 1, 1)
    )
    assert closed_unit not in {row.unit for row in unit_registrations(user=analyst, day=_today())}


def test_analyst_share_of_unknown_per_field_and_unit(analyst: User, school: Unit) -> None:
    # given four cases at one school this year: one with unknown gender, two with unknown age,
    # one with unknown country
    today = _today()
    unknown_country = Country.objects.get(code="xx")
    CaseFactory(unit=school, registered_on=today, gender=Gender.UNKNOWN)
    CaseFactory(unit=school, registered_on=today, age_group=AgeGroup.UNKNOWN)
    CaseFactory(unit=school, registered_on=today, age_group=AgeGroup.UNKNOWN)
    CaseFactory(unit=school, registered_on=today, country=unknown_country)
    # when computing the shares
    (row,) = unknown_shares(user=analyst, year=today.year)
    # then each field's share is its own
    assert (row.cases, row.gender_percent, row.age_group_percent, row.country_percent) == (
        4,
        25,
        50,
        25,
    )


def test_late_registrations_are_those_after_the_closing(analyst: User, school: Unit) -> None:
    # given a year with one case from before the closing and one registered after it
    year = _today().year - 2
    CaseFactory(unit=school, registered_on=datetime.date(year, 2, 1))
    later = timezone.now() + datetime.timedelta(hours=1)
    CaseFactory(
        unit=school, registered_on=datetime.date(year, 3, 1), created_at=later, updated_at=later
    )
    ActivityFactory(unit=school, date=datetime.date(year, 3, 1))
    close_year(school.scheme, year, by=analyst)
    # when listing late registrations
    (row,) = late_registrations(user=analyst)
    # then only the later case counts, as registered
    assert (row.year, row.cases_registered, row.cases_changed) == (year, 1, 0)
    assert (row.activities_registered, row.activities_changed) == (0, 0)
    assert "Etterregistreringer per låst år" in _text(
        client_for(analyst).get(reverse("home")).content
    )


def test_years_waiting_to_be_closed(analyst: User, school: Unit) -> None:
    # given cases two years ago (closed) and last year (open)
    this_year = _today().year
    CaseFactory(unit=school, registered_on=datetime.date(this_year - 2, 2, 1))
    CaseFactory(unit=school, registered_on=datetime.date(this_year - 1, 2, 1))
    close_year(school.scheme, this_year - 2, by=analyst)
    # when asking which years wait
    waiting = years_waiting(this_year=this_year)
    # then last year of the school's scheme waits, and the page links to closing it
    assert [(s.scheme, s.year, s.case_count) for s in waiting if s.scheme == school.scheme] == [
        (school.scheme, this_year - 1, 1)
    ]
    html = client_for(analyst).get(reverse("home")).content.decode()
    assert reverse("year_lock", args=[school.scheme.code, this_year - 1]) in html


# --- the administrator --------------------------------------------------------------


def test_admin_lands_on_the_start_page_with_links(admin: User) -> None:
    response = client_for(admin).get(reverse("home"))
    assert response.status_code == 200
    html = response.content.decode()
    for name in ("admin:index", "audit_search", "plan_list"):
        assert f'href="{reverse(name)}"' in html


def test_admin_login_redirects_to_the_start_page(admin: User) -> None:
    # given the admin persona logging in with their password
    from tests.factories import TEST_PASSWORD

    response = client_for(admin).post(
        reverse("login"), {"username": admin.username, "password": TEST_PASSWORD}
    )
    # then they land on the start page, not in the Django admin
    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def test_start_page_refuses_other_methods(advisor: User) -> None:
    assert client_for(advisor).post(reverse("home")).status_code == 405


# --- queries: bounded, whatever the register holds -------------------------------------


@pytest.mark.parametrize("persona", ["advisor", "analyst", "admin"])
def test_query_count_does_not_grow_with_the_register(
    request: pytest.FixtureRequest, persona: str, school: Unit, other_school: Unit
) -> None:
    user: User = request.getfixturevalue(persona)
    client = client_for(user)
    today = _today()

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("home")).status_code == 200
        return len(captured)

    # given a few cases and activities, then ten times as many at more units
    CaseFactory(unit=school, registered_on=today)
    ActivityFactory(unit=school, registered_by=user, date=today)
    few = queries()
    for unit in [school, other_school, *UnitFactory.create_batch(5)]:
        CaseFactory.create_batch(3, unit=unit, registered_on=today, gender=Gender.UNKNOWN)
        ActivityFactory.create_batch(2, unit=unit, registered_by=user, date=today)
    # then the page takes the same number of queries, and few of them
    assert queries() == few
    assert few <= 20
