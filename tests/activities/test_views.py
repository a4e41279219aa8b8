"""The activity pages' flows: defaults for a quick registration, the list with
the 40 % share, change with conflict, delete."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from tallrapport.accounts.models import Unit, User
from tallrapport.activities.models import Activity
from tests.activities.factories import activity_form_data, activity_with
from tests.conftest import client_for
from tests.factories import EmbassyFactory, MembershipFactory, advisor_at

pytestmark = pytest.mark.django_db


def test_form_opens_with_today_and_the_schools_municipality(advisor: User) -> None:
    # given an advisor at one school in Bergen / when they open the form
    html = client_for(advisor).get(reverse("activity_register")).content.decode()
    # then today and Bergen are filled in and no unit question is asked
    assert f'value="{timezone.localdate():%d.%m.%Y}"' in html
    assert re.search(r'name="municipality"[^>]*value="Bergen"', html)
    assert 'name="unit"' not in html
    assert 'name="submission_token"' in html
    # participants are required for most types, so not labelled optional; partners are
    assert 'Antall deltakere <span class="app-optional">' not in html
    assert 'Kommune <span class="app-optional">' in html


def test_advisor_with_two_units_chooses(advisor: User, other_school: Unit) -> None:
    MembershipFactory(user=advisor, unit=other_school, valid_from=datetime.date(2020, 1, 1))
    html = client_for(advisor).get(reverse("activity_register")).content.decode()
    assert 'name="unit"' in html


def test_envoy_form_has_no_municipality_filled_in(db: None) -> None:
    envoy = advisor_at(EmbassyFactory(), username="utsending_t")
    html = client_for(envoy).get(reverse("activity_register")).content.decode()
    assert re.search(r'<input[^>]*name="municipality"(?![^>]*value="[^"]+")[^>]*>', html)


def test_register_then_see_it_in_the_list(advisor: User, school: Unit) -> None:
    # given a valid form with a comma decimal
    data = activity_form_data(hours="2,5")
    client = client_for(advisor)
    # when submitted twice (a double click)
    first = client.post(reverse("activity_register"), data)
    second = client.post(reverse("activity_register"), data)
    # then one activity exists, both answers go to the list, which shows it
    activity = Activity.objects.get()
    assert activity.hours == Decimal("2.5") and activity.unit == school
    year = timezone.localdate().year
    assert first["Location"] == second["Location"] == f"/aktiviteter/mine/?aar={year}"
    page = client.get(first["Location"])
    html = page.content.decode()
    assert "Aktiviteten er registrert" in html
    assert activity.short_ref in html
    assert "Skoleansatte, Barnevern" in html


def test_my_activities_shows_the_share_as_text_and_table(advisor: User, school: Unit) -> None:
    # given 339 hours of staff courses in 2023 (a fifth of a full year)
    activity_with(unit=school, registered_by=advisor, hours=Decimal("200"))
    activity_with(unit=school, registered_by=advisor, hours=Decimal("139"))
    # when the advisor opens 2023
    html = client_for(advisor).get(reverse("my_activities") + "?aar=2023").content.decode()
    # then the share is said in words and given in a table
    assert "Du har registrert 339 timer kompetanseheving i 2023" in html
    assert "Det er 20 prosent av arbeidstiden din" in html
    assert "Mandatet sier om lag 40 prosent" in html
    table = html.split("Dine timer per type aktivitet i 2023")[1].split("</table>")[0]
    assert re.search(
        r"Kurs/foredrag/fagdag for ansatte</th><td>Ja</td>"
        r'<td class="app-number">2</td><td class="app-number">339</td>',
        table,
    )
    assert re.search(r'Andel kompetanseheving</th><td class="app-number">20 %', table)


def test_my_activities_with_a_bad_year_says_so_and_shows_this_years_share(advisor: User) -> None:
    for bad in ("abc", "99999"):
        # given text that is no year, or a number the register cannot hold
        response = client_for(advisor).get(reverse("my_activities"), {"aar": bad})
        # then the page names the wrong choice, lists every year, and the share is this year's
        assert response.status_code == 200
        assert "Velg en verdi fra listen." in response.content.decode()
        assert response.context["year"] is None
        assert response.context["share_year"] == timezone.localdate().year


def test_colleague_activity_is_listed_as_a_colleagues(advisor: User, school: Unit) -> None:
    colleague = advisor_at(school, username="kollega")
    activity_with(unit=school, registered_by=colleague)
    html = client_for(advisor).get(reverse("my_activities") + "?aar=2023").content.decode()
    assert "En kollega" in html


def test_edit_saves_and_conflict_is_explained(advisor: User, school: Unit) -> None:
    # given an activity read by two colleagues
    colleague = advisor_at(school, username="kollega")
    activity = activity_with(unit=school, registered_by=advisor)
    url = reverse("activity_edit", args=[activity.pk])
    form = client_for(advisor).get(url)
    assert 'name="version" value="1"' in form.content.decode()
    data = activity_form_data(date="15.03.2023", submission_token=None, version="1")
    # when the colleague saves first
    saved = client_for(colleague).post(url, {**data, "hours": "4"})
    assert saved.status_code == 302
    # and the advisor saves from the version they read
    late = client_for(advisor).post(url, {**data, "hours": "9"})
    # then the advisor is told, shown what is saved now, and nothing of theirs is written
    html = late.content.decode()
    assert late.status_code == 200
    assert "Noen andre har endret aktiviteten" in html
    assert "Dette er lagret nå" in html
    assert 'name="version" value="2"' in html
    assert Activity.objects.get(pk=activity.pk).hours == Decimal("4")
    # and saving again overwrites deliberately
    again = client_for(advisor).post(url, {**data, "hours": "9", "version": "2"})
    assert again.status_code == 302
    assert Activity.objects.get(pk=activity.pk).hours == Decimal("9")


def test_edit_form_shows_what_is_saved(advisor: User, school: Unit) -> None:
    activity = activity_with(
        unit=school,
        registered_by=advisor,
        target_groups=["nav"],
        partners=["politi"],
        hours=Decimal("1.5"),
    )
    html = client_for(advisor).get(reverse("activity_edit", args=[activity.pk])).content.decode()
    assert re.search(r'value="nav"[^>]*checked', html)
    assert re.search(r'value="politi"[^>]*checked', html)
    assert 'value="1,5"' in html
    assert 'value="15.03.2023"' in html


def test_detail_and_delete(advisor: User, school: Unit) -> None:
    activity = activity_with(
        unit=school, registered_by=advisor, participants=None, activity_type="fagnotat"
    )
    client = client_for(advisor)
    detail = client.get(reverse("activity_detail", args=[activity.pk])).content.decode()
    assert "Fagnotat" in detail and "Ikke oppgitt" in detail
    confirm = client.get(reverse("activity_delete", args=[activity.pk])).content.decode()
    assert "Slett aktiviteten" in confirm
    done = client.post(reverse("activity_delete", args=[activity.pk]))
    assert done["Location"] == "/aktiviteter/mine/?aar=2023"
    assert not Activity.objects.exists()
