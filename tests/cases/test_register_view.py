"""The registration page: GET renders a fresh token, POST saves once, errors stay at fields."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tallrapport.accounts.models import User
from tallrapport.cases.models import Case
from tests.conftest import client_for
from tests.factories import case_form_data


def test_get_renders_form_with_defaults(advisor: User) -> None:
    # given an advisor
    client = client_for(advisor)
    # when they open the form
    response = client.get(reverse("case_register"))
    # then it has today's date, a hidden token and the Norwegian labels
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="submission_token"' in html
    assert "Registreringsdato" in html
    assert 'list="land-forslag"' in html


@pytest.mark.django_db
def test_post_registers_case_and_redirects(advisor: User) -> None:
    # given a valid form
    client = client_for(advisor)
    # when it is posted
    response = client.post(reverse("case_register"), case_form_data(), follow=True)
    # then one case exists and the list says so
    assert Case.objects.count() == 1
    assert "Saken er registrert" in response.content.decode()
