"""Kroner on the plan pages: «Kr 4 000 000», whatever the browser's language."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from tallrapport.accounts.models import User
from tallrapport.plans.models import ActionPlan


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
