"""Nothing a logged-in person sees is kept by a browser cache or a proxy:
``Cache-Control: no-store`` on every authenticated response (defect 8)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from tallrapport.accounts.models import Unit, User
from tallrapport.plans.demo import load_plan_demo
from tests.conftest import client_for
from tests.factories import CaseFactory
from tests.login.conftest import confirmed_device, invited, password_login

pytestmark = pytest.mark.django_db


def _no_store(response: object) -> bool:
    return "no-store" in response["Cache-Control"]  # type: ignore[index]


@pytest.mark.usefixtures("otp_required")
def test_the_totp_set_up_page_is_not_stored(advisor: User) -> None:
    # given an advisor past the password step, with no authenticator yet
    client = invited(password_login(advisor), advisor)
    # when the set-up page shows the secret and its QR code
    response = client.get(reverse("login_setup"))
    # then no cache may keep it
    assert response.status_code == 200
    assert _no_store(response)


def test_the_recovery_codes_page_is_not_stored(advisor: User) -> None:
    # given an advisor with an authenticator who makes new recovery codes
    confirmed_device(advisor)
    client = client_for(advisor)
    shown = client.post(reverse("login_recovery_codes"), follow=True)
    # then the page that shows them once is not stored, nor is the redirect to it
    assert shown.status_code == 200
    assert shown.redirect_chain
    assert _no_store(shown)


def test_a_case_page_and_the_case_lists_are_not_stored(advisor: User, school: Unit) -> None:
    # given an advisor's case
    case = CaseFactory(unit=school, registered_by=advisor)
    client = client_for(advisor)
    # when the case page and the lists are opened
    pages = [reverse("case_detail", args=[case.pk]), reverse("my_cases"), reverse("home")]
    # then none of them may be stored
    for page in pages:
        response = client.get(page)
        assert response.status_code in (200, 302), page
        assert _no_store(response), page


def test_every_export_is_not_stored(analyst: User, school: Unit) -> None:
    # given a register, the demo plans and an analyst
    for number in range(30):
        CaseFactory(unit=school, registered_on=datetime.date(2030, 1 + number % 12, 1))
    plan = load_plan_demo()[0]
    client = client_for(analyst)
    # when the analyst downloads the report, an edition and a plan report
    downloads = [
        reverse("report_download", args=[2030, "csv"]),
        reverse("report_download", args=[2030, "xlsx"]),
        reverse("edition_csv", args=["tallrapportering-2023"]),
        reverse("plan_report_download", args=[plan.slug, 2020, "xlsx"]),
    ]
    # then no file may be stored on the way
    for url in downloads:
        response = client.get(url)
        assert response.status_code == 200, url
        assert _no_store(response), url
