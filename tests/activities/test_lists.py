"""The activity lists: the advisor's and the analyst's, with paging, sorting, filters,
search, the closed years and the spreadsheet."""

from __future__ import annotations

import datetime
import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tallrapport.accounts.models import Unit, User
from tallrapport.activities.models import Activity, ActivityType
from tallrapport.audit.models import Action, AuditEntry
from tallrapport.cases.models import ClosedYear
from tests.activities.factories import ActivityFactory, activity_with
from tests.conftest import client_for
from tests.factories import EmbassyFactory, close_year

D = datetime.date


def _refs(html: str) -> list[str]:
    table = html[html.index('id="aktiviteter"') :]
    return re.findall(r'href="/aktiviteter/[0-9a-f-]{36}/">([0-9a-f]{8})</a>', table)


def _activities(unit: Unit, count: int) -> list[Activity]:
    first = D(2023, 1, 1)
    return [
        ActivityFactory(unit=unit, date=first + datetime.timedelta(days=n)) for n in range(count)
    ]


def test_the_advisors_list_pages_and_keeps_the_share(advisor: User, school: Unit) -> None:
    # given 55 activities at the advisor's school in 2023
    _activities(school, 55)
    client = client_for(advisor)
    # when the two pages are opened
    first = client.get(reverse("my_activities"), {"aar": "2023"}).content.decode()
    second = client.get(reverse("my_activities"), {"aar": "2023", "side": "2"}).content.decode()
    # then 50 and 5 rows, with the share of time above
    assert len(_refs(first)) == 50 and len(_refs(second)) == 5
    assert "Tid brukt på kompetanseheving" in first
    assert 'aria-current="page"' in first


def test_sort_by_type_and_filter_by_type_and_half_year(advisor: User, school: Unit) -> None:
    # given a course in spring, a parents' meeting and a network meeting in autumn
    course = ActivityFactory(unit=school, date=D(2023, 3, 1))
    parents = ActivityFactory(
        unit=school, date=D(2023, 9, 1), activity_type=ActivityType.PARENTS_MEETING
    )
    network = ActivityFactory(
        unit=school, date=D(2023, 10, 1), activity_type=ActivityType.NETWORK_MEETING
    )
    client = client_for(advisor)

    def listed(**params: str) -> list[str]:
        html = client.get(reverse("my_activities"), {"aar": "2023", **params}).content.decode()
        return _refs(html)

    # then by type the form's order (course, parents' meeting, network meeting)
    assert listed(sorter="type") == [course.short_ref, parents.short_ref, network.short_ref]
    assert listed(sorter="-type") == [network.short_ref, parents.short_ref, course.short_ref]
    assert listed(sorter="dato") == [course.short_ref, parents.short_ref, network.short_ref]
    # and the filters narrow
    assert listed(halvaar="1") == [course.short_ref]
    assert listed(type="foreldremote") == [parents.short_ref]
    assert listed(sok="nettverk") == [network.short_ref]
    assert listed(sok=course.short_ref) == [course.short_ref]


def test_an_advisor_never_lists_another_schools_activity(
    advisor: User, other_advisor: User, school: Unit, other_school: Unit
) -> None:
    mine = ActivityFactory(unit=school, municipality="Bergen")
    theirs = ActivityFactory(unit=other_school, municipality="Stavanger")
    client = client_for(advisor)
    for params in (
        {"aar": ""},
        {"aar": "", "enhet": str(other_school.pk)},
        {"aar": "", "sok": "Stavanger"},
        {"aar": "", "sok": theirs.short_ref},
    ):
        refs = _refs(client.get(reverse("my_activities"), params).content.decode())
        assert theirs.short_ref not in refs
    assert _refs(
        client_for(other_advisor).get(reverse("my_activities"), {"aar": ""}).content.decode()
    ) == [theirs.short_ref]
    assert mine.short_ref in _refs(
        client.get(reverse("my_activities"), {"aar": ""}).content.decode()
    )


@pytest.mark.parametrize("persona", ["analyst", "admin"])
def test_analyst_and_admin_list_every_activity(
    request: pytest.FixtureRequest, persona: str, school: Unit
) -> None:
    a = ActivityFactory(unit=school)
    b = ActivityFactory(unit=EmbassyFactory(), activity_type=ActivityType.COMPETENCE_WEEK)
    client = client_for(request.getfixturevalue(persona))
    html = client.get(reverse("all_activities"), {"aar": "2023"}).content.decode()
    assert set(_refs(html)) == {a.short_ref, b.short_ref}
    embassies = client.get(
        reverse("all_activities"), {"aar": "2023", "ordning": "spesialutsending"}
    )
    assert _refs(embassies.content.decode()) == [b.short_ref]
    assert "Endre" not in html.split('id="aktiviteter"')[1]


@pytest.mark.parametrize("persona", ["advisor", "other_advisor"])
def test_advisors_may_not_open_every_activity(
    request: pytest.FixtureRequest, persona: str, db: None
) -> None:
    client = client_for(request.getfixturevalue(persona))
    assert client.get(reverse("all_activities")).status_code == 403
    assert client.get(reverse("all_activities_xlsx")).status_code == 403


def test_a_closed_years_activities_offer_no_change(
    advisor: User, analyst: User, school: Unit
) -> None:
    # given a 2022 activity, and 2022 closed
    old = ActivityFactory(unit=school, date=D(2022, 4, 1))
    close_year(school.scheme, 2022, by=analyst)
    html = client_for(advisor).get(reverse("my_activities"), {"aar": "2022"}).content.decode()
    # then no edit or delete link, and the note names the scheme as in 2022
    assert reverse("activity_edit", args=[old.pk]) not in html
    assert reverse("activity_delete", args=[old.pk]) not in html
    assert "Låst (2022)" in html
    assert "2022 er låst for Minoritetsrådgiverordningen" in html
    assert "Aktivitetene fra 2022 kan derfor ikke endres" in html
    page = client_for(advisor).get(reverse("activity_detail", args=[old.pk])).content.decode()
    assert "2022 er låst for Minoritetsrådgiverordningen" in page
    delete = client_for(advisor).get(reverse("activity_delete", args=[old.pk])).content.decode()
    assert "2022 er låst for Minoritetsrådgiverordningen" in delete
    assert "Slett aktiviteten" not in delete
    assert ClosedYear.objects.filter(year=2022).count() == 1


def test_the_analyst_downloads_the_filtered_activities_audited(analyst: User, school: Unit) -> None:
    # given two activities in 2023 and one in 2024
    activity_with(unit=school, date=D(2023, 2, 1), hours=Decimal("2.5"))
    ActivityFactory(unit=school, date=D(2023, 8, 1))
    ActivityFactory(unit=school, date=D(2024, 2, 1))
    # when the analyst downloads 2023
    response = client_for(analyst).get(reverse("all_activities_xlsx"), {"aar": "2023"})
    # then both 2023 rows are there, typed, and the download is logged
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 3
    assert rows[0][0] == "Referanse"
    assert Decimal(str(rows[2][12])) == Decimal("2.5")
    assert rows[2][8] == "Skoleansatte"
    entry = AuditEntry.objects.get(action=Action.EXPORT, target_type="aktivitetsliste")
    assert entry.reason.startswith("2 aktiviteter.") and "År: 2023" in entry.reason
