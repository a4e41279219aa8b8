"""Norwegian dates and numbers, whatever language the browser asks for.

Many advisors' browsers are set to English. The product is in bokmål only, so a
browser's Accept-Language must change neither the words nor how dates and
numbers are read and written: «01.12.2026», «2,5» and «1. desember 2026».
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tallrapport.accounts.models import Unit, User
from tallrapport.activities.models import Activity
from tallrapport.cases.models import Case
from tests.activities.factories import activity_form_data, activity_with
from tests.factories import case_form_data, long_date

ENGLISH = "en-US,en;q=0.9"
BROWSER_LANGUAGES = [ENGLISH, "nb-NO,nb;q=0.9", "nn-NO", "de-DE,de;q=0.8,en;q=0.5"]


def _client(user: User, accept_language: str) -> Client:
    client = Client(headers={"accept-language": accept_language})
    client.force_login(user)
    return client


def test_only_translated_languages_are_offered() -> None:
    # given the settings
    # then bokmål is the only language: nothing else is translated yet
    assert [code for code, _name in settings.LANGUAGES] == ["nb"]
    assert settings.LANGUAGE_CODE == "nb"


@pytest.mark.parametrize("accept_language", BROWSER_LANGUAGES)
def test_case_form_prefills_and_accepts_a_norwegian_date(
    advisor: User, accept_language: str
) -> None:
    # given an advisor whose browser asks for ``accept_language``
    client = _client(advisor, accept_language)
    today = timezone.localdate()
    # when they open the registration form
    form = client.get(reverse("case_register"))
    # then the page is in bokmål and today is filled in as dd.mm.åååå
    assert form["Content-Language"] == "nb"
    assert f'value="{today:%d.%m.%Y}"' in form.content.decode()
    assert "Registreringsdato" in form.content.decode()
    # when they post the form with that date
    response = client.post(
        reverse("case_register"), case_form_data(registered_on=f"{today:%d.%m.%Y}"), follow=True
    )
    # then the case is saved with that date and no «Skriv en gyldig dato»
    assert "Skriv en gyldig dato" not in response.content.decode()
    case = Case.objects.get()
    assert case.registered_on == today
    # and its page writes the date with a Norwegian month name
    detail = client.get(reverse("case_detail", args=[case.pk])).content.decode()
    assert long_date(today) in detail


@pytest.mark.parametrize("written", ["%d.%m.%Y", "%d.%m.%y", "%Y-%m-%d", "{d}.{m}.%Y"])
def test_short_date_forms_are_accepted_from_an_english_browser(advisor: User, written: str) -> None:
    # given an advisor with an English browser and today written in one of the known forms
    client = _client(advisor, ENGLISH)
    today = timezone.localdate()
    typed = today.strftime(written.format(d=today.day, m=today.month))
    # when the case is posted
    client.post(reverse("case_register"), case_form_data(registered_on=typed))
    # then it is saved with today's date
    assert Case.objects.get().registered_on == today


def test_an_american_date_is_refused_and_kept(advisor: User) -> None:
    # given an advisor with an English browser who types the date the American way
    client = _client(advisor, ENGLISH)
    # when they post 11/30/2025
    response = client.post(reverse("case_register"), case_form_data(registered_on="11/30/2025"))
    # then the form says how to write it, keeps what was typed and saves nothing
    page = response.content.decode()
    assert response.status_code == 200
    assert "Skriv en gyldig dato, for eksempel 15.03.2025." in page
    assert 'value="11/30/2025"' in page
    assert Case.objects.count() == 0


@pytest.mark.parametrize("accept_language", BROWSER_LANGUAGES)
def test_activity_form_accepts_hours_with_a_decimal_comma(
    advisor: User, accept_language: str
) -> None:
    # given an advisor whose browser asks for ``accept_language``
    client = _client(advisor, accept_language)
    today = timezone.localdate()
    # when they register an activity of «2,5» hours on today written dd.mm.åååå
    response = client.post(
        reverse("activity_register"),
        activity_form_data(date=f"{today:%d.%m.%Y}", hours="2,5"),
        follow=True,
    )
    # then it is saved with two and a half hours
    assert "Skriv timer som et tall" not in response.content.decode()
    activity = Activity.objects.get()
    assert (activity.date, activity.hours) == (today, Decimal("2.5"))
    # and the pages write the hours with a comma and the date in Norwegian
    assert "2,5 timer kompetanseheving" in response.content.decode()
    detail = client.get(reverse("activity_detail", args=[activity.pk])).content.decode()
    assert long_date(today) in detail
    assert "<dd>2,5</dd>" in detail


def test_my_activities_writes_thousands_apart_and_hours_with_a_comma(
    advisor: User, school: Unit
) -> None:
    # given 1 234,5 hours of staff courses in 2023, a year of 1 695 working hours
    for hours in ("200", "200", "200", "200", "200", "200", "34.5"):
        activity_with(unit=school, registered_by=advisor, hours=Decimal(hours))
    # when the advisor opens 2023 from an English browser
    client = _client(advisor, ENGLISH)
    html = client.get(reverse("my_activities") + "?aar=2023").content.decode()
    # then hours and working time are written the Norwegian way
    assert "Du har registrert 1\u00a0234,5 timer kompetanseheving i 2023" in html
    assert "(1\u00a0695 timer)" in html
    assert '<td class="app-number">1\u00a0234,5</td>' in html


def test_participants_may_be_typed_with_a_space_between_thousands(advisor: User) -> None:
    # given an advisor registering a fagdag for 1 200 people, typed the Norwegian way
    client = _client(advisor, ENGLISH)
    # when it is posted
    client.post(reverse("activity_register"), activity_form_data(participants="1 200"))
    # then 1200 participants are saved
    assert Activity.objects.get().participants == 1200


def test_edit_forms_show_saved_values_the_norwegian_way_to_an_english_browser(
    advisor: User, school: Unit
) -> None:
    # given an activity of 1,5 hours on 15 March 2023
    activity = activity_with(unit=school, registered_by=advisor, hours=Decimal("1.5"))
    # when the advisor opens its edit form from an English browser
    client = _client(advisor, ENGLISH)
    html = client.get(reverse("activity_edit", args=[activity.pk])).content.decode()
    # then the hours have a decimal comma and the date is dd.mm.åååå
    assert 'value="1,5"' in html
    assert 'value="15.03.2023"' in html
