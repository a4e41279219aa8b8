"""Who may do what, for every view and method and every persona.

Tests that pick their persona with ``request.getfixturevalue`` name ``db`` too,
so that pytest-django orders them with the other database tests (before the
transactional ones, whose flush would empty the data migrations' tables).

An advisor at another school gets 404 for a case of school A whatever the
method; readers (analyst, administrator) may see every case but change none
(403); anonymous visitors are sent to the login page everywhere.
"""

from __future__ import annotations

import uuid

import pytest
from django.test import Client
from django.urls import reverse

from tallrapport.accounts.models import Unit, User
from tallrapport.cases.models import Case
from tests.conftest import client_for
from tests.factories import CaseFactory

CASE_VIEWS = ["case_detail", "case_edit", "case_delete"]
PAGES = ["home", "case_register", "my_cases", "all_cases"]
METHODS = ["get", "post"]

# persona → view → method → status, for a case of school A.
CASE_EXPECTED: dict[str, dict[str, dict[str, int]]] = {
    "advisor": {
        "case_detail": {"get": 200, "post": 405},
        "case_edit": {"get": 200, "post": 200},  # an empty POST is shown back with errors
        "case_delete": {"get": 200, "post": 302},
    },
    "other_advisor": {view: {"get": 404, "post": 404} for view in CASE_VIEWS},
    "analyst": {
        "case_detail": {"get": 200, "post": 405},
        "case_edit": {"get": 403, "post": 403},
        "case_delete": {"get": 403, "post": 403},
    },
    "admin": {
        "case_detail": {"get": 200, "post": 405},
        "case_edit": {"get": 403, "post": 403},
        "case_delete": {"get": 403, "post": 403},
    },
}

PAGE_EXPECTED: dict[str, dict[str, dict[str, int]]] = {
    "advisor": {
        "home": {"get": 200, "post": 405},
        "case_register": {"get": 200, "post": 200},
        "my_cases": {"get": 200, "post": 405},
        "all_cases": {"get": 403, "post": 403},
    },
    "analyst": {
        "home": {"get": 200, "post": 405},
        "case_register": {"get": 403, "post": 403},
        "my_cases": {"get": 403, "post": 403},
        "all_cases": {"get": 200, "post": 405},
    },
    "admin": {
        "home": {"get": 200, "post": 405},
        "case_register": {"get": 403, "post": 403},
        "my_cases": {"get": 403, "post": 403},
        "all_cases": {"get": 200, "post": 405},
    },
}


@pytest.fixture
def case_a(school: Unit, advisor: User) -> Case:
    return CaseFactory(unit=school, registered_by=advisor)


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("view", CASE_VIEWS)
@pytest.mark.parametrize("persona", list(CASE_EXPECTED))
def test_case_views(
    request: pytest.FixtureRequest, case_a: Case, persona: str, view: str, method: str
) -> None:
    # given a case of school A and one of the personas
    user: User = request.getfixturevalue(persona)
    # when they use the view with the method
    response = getattr(client_for(user), method)(reverse(view, args=[case_a.pk]))
    # then the answer is the one the access rules give
    assert response.status_code == CASE_EXPECTED[persona][view][method]
    deleted = persona == "advisor" and view == "case_delete" and method == "post"
    assert Case.objects.filter(pk=case_a.pk).exists() is not deleted


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("view", CASE_VIEWS)
def test_unknown_case_is_404_for_advisor(advisor: User, view: str, method: str) -> None:
    response = getattr(client_for(advisor), method)(reverse(view, args=[uuid.uuid4()]))
    assert response.status_code == 404


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("view", CASE_VIEWS)
def test_other_advisor_cannot_change_by_posting_valid_data(
    other_advisor: User, case_a: Case, view: str, method: str
) -> None:
    # given an advisor at school B who knows the id of a case of school A
    data = {"version": "1", "main_category": "2", "country": "Norge"}
    # when they post a plausible change / then 404 and the case is unchanged
    response = getattr(client_for(other_advisor), method)(reverse(view, args=[case_a.pk]), data)
    assert response.status_code == 404
    case_a.refresh_from_db()
    assert case_a.version == 1


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("view", PAGES)
@pytest.mark.parametrize("persona", list(PAGE_EXPECTED))
def test_pages(
    db: None, request: pytest.FixtureRequest, persona: str, view: str, method: str
) -> None:
    user: User = request.getfixturevalue(persona)
    response = getattr(client_for(user), method)(reverse(view))
    assert response.status_code == PAGE_EXPECTED[persona][view][method]


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("view", PAGES + CASE_VIEWS)
def test_anonymous_goes_to_login_everywhere(case_a: Case, view: str, method: str) -> None:
    # given nobody logged in
    args = [case_a.pk] if view in CASE_VIEWS else []
    url = reverse(view, args=args)
    # when any page is asked for with any method
    response = getattr(Client(), method)(url)
    # then the answer is the login page, remembering where they were going
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert Case.objects.filter(pk=case_a.pk).exists()


def test_lists_show_only_what_the_user_may_see(
    advisor: User, other_advisor: User, analyst: User, case_a: Case
) -> None:
    # given a case of school A in 2023
    url = reverse("my_cases") + "?aar=2023"
    ref = case_a.short_ref
    # then school A's advisor lists it, school B's does not, the analyst does
    assert ref in client_for(advisor).get(url).content.decode()
    assert ref not in client_for(other_advisor).get(url).content.decode()
    assert ref in client_for(analyst).get(reverse("all_cases") + "?aar=2023").content.decode()


def test_urls_carry_opaque_ids_only(advisor: User, case_a: Case) -> None:
    # the list links to cases by UUID, never by a counter
    html = client_for(advisor).get(reverse("my_cases") + "?aar=2023").content.decode()
    assert f"/saker/{case_a.pk}/" in html
    assert reverse("case_edit", args=[case_a.pk]) == f"/saker/{case_a.pk}/endre/"
