"""Any query string against the lists: never a server error, never another unit's record.

Hypothesis draws query strings from the lists' own parameter names and from
made-up ones, with values that are valid, another school's ids, huge numbers,
text in other scripts, control characters and formula starts; each persona
sends them to each list it may open (on SQLite and on PostgreSQL alike).
"""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tallrapport.accounts.models import Unit, User
from tallrapport.activities.models import Activity
from tallrapport.cases.models import Case
from tallrapport.lists import SortHeader, page_of, pks_named, sort_header
from tests.activities.factories import ActivityFactory
from tests.conftest import client_for
from tests.factories import CaseFactory

PARAMS = ["aar", "halvaar", "ordning", "enhet", "kategori", "type", "sok", "sorter", "side"]


def _values(other_unit: Unit) -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(
            [
                "",
                "2023",
                "2022",
                "1",
                "2",
                "-1",
                "0",
                "99999",
                "9" * 30,
                "abc",
                "dato",
                "-dato",
                "kategori",
                "dato,kategori",
                "evil",
                "mangfoldsradgiver",
                "spesialutsending",
                "trusler-vold",
                "kurs",
                str(other_unit.pk),
                str(other_unit.pk)[:8],
                "Testskolen B",
                "=1+1",
                "%",
                "_",
                "' OR 1=1 --",
                "\x00",
                "２０２３",
            ]
        ),
        st.text(max_size=40),
    )


def _query(other_unit: Unit) -> st.SearchStrategy[dict[str, Any]]:
    names = st.one_of(st.sampled_from(PARAMS), st.text(min_size=1, max_size=8))
    value = st.one_of(_values(other_unit), st.lists(_values(other_unit), max_size=3))
    return st.dictionaries(names, value, max_size=6)


LISTS = {
    "advisor": ["my_cases", "my_activities"],
    "analyst": ["all_cases", "all_activities", "all_cases_xlsx", "all_activities_xlsx"],
    "admin": ["all_cases", "all_activities"],
}


@pytest.mark.parametrize("persona", sorted(LISTS))
def test_no_query_string_gives_a_server_error_or_another_units_record(
    request: pytest.FixtureRequest, persona: str, school: Unit, other_school: Unit
) -> None:
    # given a case and an activity at each school, in 2023
    mine: list[Case | Activity] = [
        CaseFactory(unit=school, registered_on=datetime.date(2023, 4, 1)),
        ActivityFactory(unit=school),
    ]
    theirs: list[Case | Activity] = [
        CaseFactory(unit=other_school, registered_on=datetime.date(2023, 4, 1)),
        ActivityFactory(unit=other_school),
    ]
    user: User = request.getfixturevalue(persona)
    client: Client = client_for(user)
    hidden = {r.short_ref for r in theirs} if persona == "advisor" else set()

    @settings(
        max_examples=25,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @example(query={"enhet": str(other_school.pk), "aar": ""})
    @example(query={"sok": theirs[0].short_ref, "aar": ""})
    @example(query={"side": "99999", "sorter": "evil", "aar": "abc"})
    @given(query=_query(other_school))
    def any_query(query: dict[str, Any]) -> None:
        for name in LISTS[persona]:
            # when the query string is sent
            response = client.get(reverse(name), query)
            # then the answer is never a server error
            assert response.status_code == 200, (name, query, response.status_code)
            if response["Content-Type"].startswith("text/html"):
                html = response.content.decode()
                # and never lists another unit's record
                listed = set(
                    re.findall(r'href="/(?:saker|aktiviteter)/[0-9a-f-]{36}/">(\w{8})<', html)
                )
                assert not listed & hidden, (name, query)
                assert listed <= {r.short_ref for r in mine + theirs}

    any_query()


def test_a_sort_header_says_where_it_goes_and_how_the_list_is_sorted(rf: Any) -> None:
    from tallrapport.cases.filters import CaseFilter

    def header(sort: str) -> SortHeader:
        filterset = CaseFilter(rf.get("/", {"sorter": sort}).GET, Case.objects.none())
        return sort_header(filterset, key="dato", label="Dato", default_descending=True)

    assert (header("").aria_sort, header("").next_value) == ("descending", "dato")
    assert (header("dato").aria_sort, header("dato").next_value) == ("ascending", "-dato")
    assert (header("-dato").aria_sort, header("-dato").next_value) == ("descending", "dato")
    assert header("kategori").aria_sort == "none"
    assert header("evil").aria_sort == "descending"


def test_paging_and_name_matching() -> None:
    listing = page_of(list(range(1093)), "10")
    assert listing.page.number == 10 and len(listing.page.object_list) == 50
    assert listing.numbers == [1, None, 9, 10, 11, None, 22]
    assert page_of(list(range(3)), "x").numbers == [1]
    assert pks_named([(1, "Østerrike"), (2, "Norge")], " ØSTER ") == [1]
