"""Who may do what on the activity pages, for every view, method and persona.

Tests that pick their persona with ``request.getfixturevalue`` name ``db`` too,
so that pytest-django orders them with the other database tests.

An advisor at another school gets 404 for an activity of school A whatever the
method; readers (analyst, administrator) may see every activity but change
none (403) and may not use the advisor's pages (403); anonymous visitors are
sent to the login page everywhere.
"""

from __future__ import annotations

import uuid

import pytest
from django.test import Client
from django.urls import reverse

from tallrapport.accounts.models import Unit, User
from tallrapport.activities.models import Activity
from tests.activities.factories import activity_with
from tests.conftest import client_for

ACTIVITY_VIEWS = ["activity_detail", "activity_edit", "activity_delete"]
PAGES = ["activity_register", "my_activities"]
METHODS = ["get", "post"]

# persona → view → method → status, for an activity of school A.
ACTIVITY_EXPECTED: dict[str, dict[str, dict[str, int]]] = {
    "advisor": {
        "activity_detail": {"get": 200, "post": 405},
        "activity_edit": {"get": 200, "post": 200},  # an empty POST is shown back with errors
        "activity_delete": {"get": 200, "post": 302},
    },
    "other_advisor": {view: {"get": 404, "post": 404} for view in ACTIVITY_VIEWS},
    "analyst": {
        "activity_detail": {"get": 200, "post": 405},
        "activity_edit": {"get": 403, "post": 403},
        "activity_delete": {"get": 403, "post": 403},
    },
    "admin": {
        "activity_detail": {"get": 200, "post": 405},
        "activity_edit": {"get": 403, "post": 403},
        "activity_delete": {"get": 403, "post": 403},
    },
}

PAGE_EXPECTED: dict[str, dict[str, dict[str, int]]] = {
    "advisor": {
        "activity_register": {"get": 200, "post": 200},  # an empty POST comes back with errors
        "my_activities": {"get": 200, "post": 405},
    },
    "other_advisor": {
        "activity_register": {"get": 200, "post": 200},
        "my_activities": {"get": 200, "post": 405},
    },
    "analyst": {
        "activity_register": {"get": 403, "post": 403},
        "my_activities": {"get": 403, "post": 403},
    },
    "admin": {
        "activity_register": {"get": 403, "post": 403},
        "my_activities": {"get": 403, "post": 403},
    },
}


@pytest.fixture
def activity_a(school: Unit, advisor: User) -> Activity:
    return activity_with(unit=school, registered_by=advisor)


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("view", ACTIVITY_VIEWS)
@pytest.mark.parametrize("persona", list(ACTIVITY_EXPECTED))
def test_activity_views(
    request: pytest.FixtureRequest, activity_a: Activity, persona: str, view: str, method: str
) -> None:
    # given an activity of school A and one of the personas
    user: User = request.getfixturevalue(persona)
    # when they use the view with the method
    response = getattr(client_for(user), method)(reverse(view, args=[activity_a.pk]))
    # then the answer is the one the access rules give
    assert response.status_code == ACTIVITY_EXPECTED[persona][view][method]
    deleted = persona == "advisor" and view == "activity_delete" and method == "post"
    assert Activity.objects.filter(pk=activity_a.pk).exists() is not deleted


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("view", ACTIVITY_VIEWS)
def test_unknown_activity_is_404_for_advisor(advisor: User, view: str, method: str) -> None:
    response = getattr(client_for(advisor), method)(reverse(view, args=[uuid.uuid4()]))
    assert response.status_code == 404


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("view", ACTIVITY_VIEWS)
def test_other_advisor_cannot_change_by_posting_valid_data(
    other_advisor: User, activity_a: Activity, view: str, method: str
) -> None:
    # given an advisor at school B who knows the id of an activity of school A
    data = {"version": "1", "activity_type": "konferanse", "hours": "9"}
    # when they post a plausible change / then 404 and the activity is unchanged
    response = getattr(client_for(other_advisor), method)(reverse(view, args=[activity_a.pk]), data)
    assert response.status_code == 404
    activity_a.refresh_from_db()
    assert activity_a.version == 1 and activity_a.activity_type == "kurs"


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("view", PAGES)
@pytest.mark.parametrize("persona", list(PAGE_EXPECTED))
def test_pages(
    db: None, request: pytest.FixtureRequest, persona: str, view: str, method: str
) -> None:
    user: User = request.getfixturevalue(persona)
    response = getattr(client_for(user), method)(reverse(view))
    assert response.status_code == PAGE_EXPECTED[persona][view][method]
    assert Activity.objects.count() == 0


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("view", PAGES + ACTIVITY_VIEWS)
def test_anonymous_goes_to_login_everywhere(activity_a: Activity, view: str, method: str) -> None:
    # given nobody logged in
    args = [activity_a.pk] if view in ACTIVITY_VIEWS else []
    url = reverse(view, args=args)
    # when any page is asked for with any method
    response = getattr(Client(), method)(url)
    # then the answer is the login page, remembering where they were going
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert Activity.objects.filter(pk=activity_a.pk).exists()


def test_lists_show_only_what_the_user_may_see(
    advisor: User, other_advisor: User, activity_a: Activity
) -> None:
    # given an activity of school A in 2023
    url = reverse("my_activities") + "?aar=2023"
    ref = activity_a.short_ref
    # then school A's advisor lists it, school B's does not
    assert ref in client_for(advisor).get(url).content.decode()
    assert ref not in client_for(other_advisor).get(url).content.decode()


def test_urls_carry_opaque_ids_only(advisor: User, activity_a: Activity) -> None:
    html = client_for(advisor).get(reverse("my_activities") + "?aar=2023").content.decode()
    assert f"/aktiviteter/{activity_a.pk}/" in html
    assert reverse("activity_edit", args=[activity_a.pk]) == (
        f"/aktiviteter/{activity_a.pk}/endre/"
    )
    assert reverse("activity_register") == "/aktiviteter/ny/"
    assert reverse("my_activities") == "/aktiviteter/mine/"


@pytest.mark.parametrize(("persona", "shown"), [("advisor", True), ("analyst", False)])
def test_nav_links_for_advisors_only(
    db: None, request: pytest.FixtureRequest, persona: str, shown: bool
) -> None:
    user: User = request.getfixturevalue(persona)
    html = client_for(user).get(reverse("plan_list")).content.decode()
    assert ('href="/aktiviteter/ny/"' in html) is shown
    assert ('href="/aktiviteter/mine/"' in html) is shown


def test_admin_lists_activities_for_administrators_only(
    admin: User, analyst: User, activity_a: Activity
) -> None:
    url = reverse("admin:activities_activity_changelist")
    assert client_for(admin).get(url).status_code == 200
    detail = reverse("admin:activities_activity_change", args=[activity_a.pk])
    assert activity_a.short_ref in client_for(admin).get(url).content.decode()
    assert client_for(admin).get(detail).status_code == 200
    assert client_for(analyst).get(url).status_code == 302
