"""Django's admin, in Norwegian, for administrators only."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from tallrapport.accounts.models import Unit, User
from tallrapport.cases.models import Case
from tests.conftest import client_for
from tests.factories import CaseFactory, UserFactory, close_year

CHANGELISTS = [
    "accounts_user",
    "accounts_scheme",
    "accounts_unit",
    "accounts_membership",
    "cases_category",
    "cases_country",
    "cases_referralsource",
    "cases_family",
    "cases_case",
]


@pytest.mark.parametrize("model", CHANGELISTS)
def test_admin_sees_every_model_in_norwegian(admin: User, school: Unit, model: str) -> None:
    # given an administrator and a case
    CaseFactory(unit=school)
    # when they open the model's list
    response = client_for(admin).get(reverse(f"admin:{model}_changelist"))
    # then it is shown, in Norwegian
    assert response.status_code == 200
    assert 'lang="nb"' in response.content.decode()


def test_admin_index_title(admin: User) -> None:
    response = client_for(admin).get(reverse("admin:index"))
    assert "Tallrapport – administrasjon" in response.content.decode()


def test_admin_edits_a_unit_with_memberships_inline(admin: User, school: Unit) -> None:
    response = client_for(admin).get(reverse("admin:accounts_unit_change", args=[school.pk]))
    assert response.status_code == 200
    assert "memberships-TOTAL_FORMS" in response.content.decode()


def test_cases_are_read_only_in_admin(admin: User, school: Unit) -> None:
    # given a case
    case = CaseFactory(unit=school)
    client = client_for(admin)
    # when the administrator tries to add or change one / then the admin refuses
    assert client.get(reverse("admin:cases_case_add")).status_code == 403
    view = client.get(reverse("admin:cases_case_change", args=[case.pk]))
    assert view.status_code == 200
    assert 'name="_save"' not in view.content.decode()


@pytest.mark.parametrize("persona", ["advisor", "analyst"])
def test_admin_refuses_other_roles_even_as_staff(
    db: None, persona: str, request: pytest.FixtureRequest
) -> None:
    # given an advisor or analyst who was made staff by mistake
    user: User = request.getfixturevalue(persona)
    user.is_staff = True
    user.save()
    # when they open the admin / then they are sent to the admin's login
    response = client_for(user).get(reverse("admin:index"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_admin_refuses_anonymous(db: None) -> None:
    response = Client().get(reverse("admin:accounts_unit_changelist"))
    assert response.status_code == 302


def test_staff_without_administrator_role_cannot_log_in_to_admin(db: None) -> None:
    UserFactory(username="ansatt", role="analytiker", is_staff=True)
    client = Client()
    response = client.post(
        reverse("admin:login"), {"username": "ansatt", "password": "testpassord-123"}
    )
    assert response.status_code == 200  # the login form again, with an error
    assert client.get(reverse("admin:index")).status_code == 302


def test_deleting_a_user_with_cases_in_a_closed_year_says_why_and_offers_deactivation(
    admin: User, advisor: User, school: Unit, analyst: User
) -> None:
    # given an advisor who registered a case in 2023, and 2023 closed since (defect 9)
    CaseFactory(unit=school, registered_by=advisor, registered_on=datetime.date(2023, 5, 1))
    close_year(school.scheme, 2023, by=analyst)
    client = client_for(admin)
    # when the administrator deletes the advisor
    url = reverse("admin:accounts_user_delete", args=[advisor.pk])
    response = client.post(url, {"post": "yes"}, follow=True)
    # then the admin says why, in Norwegian, and points to deactivation; the user stays
    html = response.content.decode()
    assert response.status_code == 200
    assert "kan ikke slettes" in html and "Deaktiver" in html
    assert User.objects.filter(pk=advisor.pk).exists()
    # when they deactivate instead / then the login stops and the case keeps its author
    changelist = reverse("admin:accounts_user_changelist")
    client.post(changelist, {"action": "deactivate_users", "_selected_action": [advisor.pk]})
    advisor.refresh_from_db()
    assert not advisor.is_active
    assert advisor.pk in set(Case.objects.values_list("registered_by", flat=True))
