"""Kroner on the plan pages: «Kr 4 000 000», whatever the browser's language."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from tallrapport.accounts.models import User
from tallrapport.plans.models import ActionPlan, Measure
from tests.conftest import client_for


def test_budget_is_written_with_spaces_from_an_english_browser(
    plan_2021: ActionPlan, coordinator: User
) -> None:
    # given the coordinator with a browser in English, and measure 3a's 4 000 000 kroner
    client = Client(headers={"accept-language": "en-US,en;q=0.9"})
    client.force_login(coordinator)
    # when they open the measure and the year's status report
    measure = client.get(reverse("measure_detail", args=[plan_2021.slug, "3a"])).content.decode()
    report = client.get(reverse("plan_report", args=[plan_2021.slug, 2023])).content.decode()
    # then both write the amount with no-break spaces, never «Kr 4,000,000»
    for page in (measure, report):
        assert "Kr 4\u00a0000\u00a0000" in page
        assert "4,000,000" not in page


@pytest.mark.parametrize(
    ("typed", "saved"),
    [("4 000 000", 4_000_000), ("4\u00a0000\u00a0000", 4_000_000), ("250000", 250_000)],
)
def test_budget_may_be_typed_with_spaces_between_thousands(
    plan_2021: ActionPlan, coordinator: User, typed: str, saved: int
) -> None:
    # given the coordinator on measure 3a's text form, which shows the amount as pages do
    client = client_for(coordinator)
    url = reverse("measure_edit", args=[plan_2021.slug, "3a"])
    assert 'value="4\u00a0000\u00a0000"' in client.get(url).content.decode()
    # when they save an amount written the Norwegian way
    response = client.post(url, {"title": "Flere plasser", "budget_amount": typed})
    # then it is saved as that number of kroner
    assert response.status_code == 302
    assert Measure.objects.get(plan=plan_2021, number=3, letter="a").budget_amount == Decimal(saved)


def test_budget_with_a_stray_space_is_refused_and_kept(
    plan_2021: ActionPlan, coordinator: User
) -> None:
    # given the coordinator on measure 3a's text form
    client = client_for(coordinator)
    url = reverse("measure_edit", args=[plan_2021.slug, "3a"])
    # when they type «40 00» (not groups of three)
    response = client.post(url, {"title": "Flere plasser", "budget_amount": "40 00"})
    # then the form says how to write it and keeps what was typed
    page = response.content.decode()
    assert response.status_code == 200
    assert "Skriv beløpet som et helt tall i kroner, for eksempel 250 000." in page
    assert 'value="40 00"' in page
