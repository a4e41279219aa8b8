"""The case form's everyday help (issue 13): no statistical field answered in
advance, the duplicate warning, families an envoy can recognise and extend, the
category definitions, and a late form that asks the analyst about the advisor.
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from tallrapport.accounts.models import Unit, User
from tallrapport.audit.models import Action, AuditEntry
from tallrapport.cases.classifications import category_definitions
from tallrapport.cases.models import Case, Category
from tests.conftest import client_for
from tests.factories import (
    CaseFactory,
    EmbassyFactory,
    FamilyFactory,
    case_form_data,
    close_year,
    envoy_at,
)

pytestmark = pytest.mark.django_db

# Every field that becomes a statistic, with the message it gives when left empty.
STATISTICAL_FIELDS = {
    "main_category": "Velg hovedkategori.",
    "gender": "Velg kjønn.",
    "age_group": "Velg aldersgruppe.",
    "guided": "Velg hvem du veiledet.",
    "reported_by": "Velg hvem som meldte saken.",
    "country": "Skriv landbakgrunn, eller «Ukjent».",
}


@pytest.fixture
def embassy(db: None) -> Unit:
    return EmbassyFactory(name="Ambassaden i Testby")


@pytest.fixture
def envoy(embassy: Unit) -> User:
    return envoy_at(embassy, username="utsending_t")


@pytest.mark.parametrize("field", sorted(STATISTICAL_FIELDS))
def test_a_statistical_field_left_empty_is_asked_for_at_the_field(
    advisor: User, field: str
) -> None:
    # given a form with every answer but one
    data = case_form_data(**{field: None})
    # when it is submitted
    response = client_for(advisor).post(reverse("case_register"), data)
    # then nothing is saved and the field, not a default, says what is missing
    assert not Case.objects.exists()
    assert response.context["form"].errors[field] == [STATISTICAL_FIELDS[field]]
    html = response.content.decode()
    assert re.search(rf'id="id_{field}_error">{re.escape(STATISTICAL_FIELDS[field])}', html)


def test_unknown_is_a_choice_that_is_stored(advisor: User) -> None:
    # given «Ukjent» chosen for gender, age and country
    data = case_form_data(gender="ukjent", age_group="ukjent", country="Ukjent")
    # when it is submitted / then it is stored as chosen
    client_for(advisor).post(reverse("case_register"), data)
    case = Case.objects.get()
    assert (case.gender, case.age_group, case.country.code) == ("ukjent", "ukjent", "xx")


def test_an_exact_duplicate_asks_first_and_registers_when_confirmed(advisor: User) -> None:
    client = client_for(advisor)
    # given a case registered today
    client.post(reverse("case_register"), case_form_data())
    first = Case.objects.get()
    # when the same answers are submitted again from a new form
    threats = str(Category.objects.get(code="trusler-vold").pk)
    data = case_form_data(secondary_categories=[threats])
    warned = client.post(reverse("case_register"), data)
    # then nothing is saved; the page names the earlier case and keeps the input
    assert Case.objects.count() == 1
    html = warned.content.decode()
    assert "Er saken registrert før?" in html and f"sak {first.short_ref}" in html
    assert 'name="confirm_duplicate" value="on"' in html
    assert f'value="{data["submission_token"]}"' in html
    assert 'value="Somalia"' in html and re.search(rf'value="{threats}"[^>]*checked', html)
    # and when the user confirms, it is registered (once, even if the confirm is repeated)
    confirmed = {**data, "confirm_duplicate": "on"}
    client.post(reverse("case_register"), confirmed)
    client.post(reverse("case_register"), confirmed)
    assert Case.objects.count() == 2


def test_a_case_differing_in_one_counted_field_is_no_duplicate(advisor: User) -> None:
    client = client_for(advisor)
    client.post(reverse("case_register"), case_form_data())
    # when a boy with otherwise the same answers is registered / then no warning stops it
    response = client.post(reverse("case_register"), case_form_data(gender="gutt"))
    assert response.status_code == 302
    assert Case.objects.count() == 2


def test_a_sibling_in_the_same_family_is_no_duplicate(envoy: User, embassy: Unit) -> None:
    # given a sister registered in a family
    family = FamilyFactory(unit=embassy)
    client = client_for(envoy)
    client.post(reverse("case_register"), case_form_data(family=str(family.pk)))
    # when her sister, with the same answers, is registered in the same family
    response = client.post(reverse("case_register"), case_form_data(family=str(family.pk)))
    # then both are registered without a warning
    assert response.status_code == 302
    assert family.cases.count() == 2


def test_the_confirmation_shows_reference_family_and_the_next_step(
    envoy: User, embassy: Unit
) -> None:
    client = client_for(envoy)
    # when an envoy registers a case in a new family
    response = client.post(reverse("case_register"), case_form_data(family="ny"), follow=True)
    case = Case.objects.get()
    # then the confirmation names the case and its family, and offers the sibling's form
    html = response.content.decode()
    assert f"Sak {case.short_ref} er registrert" in html
    assert f"{case.family}, 1 sak" in html
    sibling_url = f"{reverse('case_register')}?samme_som={case.pk}"
    assert f'href="{sibling_url}"' in html and "Registrer en til i samme sakskompleks" in html
    assert AuditEntry.objects.filter(action=Action.VIEW, target_id=str(case.pk)).exists()
    # and the case page offers the same
    detail = client.get(reverse("case_detail", args=[case.pk])).content.decode()
    assert f'href="{sibling_url}"' in detail


def test_the_sibling_form_starts_with_family_unit_and_date(envoy: User, embassy: Unit) -> None:
    # given a case of last week in a family
    day = timezone.localdate() - datetime.timedelta(days=7)
    family = FamilyFactory(unit=embassy)
    case = CaseFactory(unit=embassy, family=family, registered_on=day)
    # when the sibling's form is opened
    url = f"{reverse('case_register')}?samme_som={case.pk}"
    form = client_for(envoy).get(url).context["form"]
    # then family, unit and date are filled in, and nothing that is counted
    assert form["family"].value() == str(family.pk)
    assert form["registered_on"].value() == day
    assert form["unit"].value() == embassy.pk
    assert all(form[name].value() in (None, "") for name in STATISTICAL_FIELDS)


@pytest.mark.parametrize("raw", ["ikke-en-uuid", "d3b07384-d9a0-4c9b-8f3e-000000000000"])
def test_a_stale_or_forged_sibling_link_gives_an_empty_form(envoy: User, raw: str) -> None:
    form = client_for(envoy).get(f"{reverse('case_register')}?samme_som={raw}").context["form"]
    assert form["family"].value() in (None, "")


def test_another_units_case_is_no_sibling_source(envoy: User, advisor: User, school: Unit) -> None:
    # given a family case at another embassy
    other = CaseFactory(unit=EmbassyFactory(), family=FamilyFactory())
    # when its id is put in the link / then the form starts empty and the page reveals nothing
    url = f"{reverse('case_register')}?samme_som={other.pk}"
    assert client_for(envoy).get(url).context["form"]["family"].value() in (None, "")
    assert client_for(envoy).get(reverse("case_registered", args=[other.pk])).status_code == 404


def test_families_are_offered_newest_first_with_date_category_and_size(
    envoy: User, embassy: Unit
) -> None:
    # given an older family of two and a newer family of one
    older, newer = FamilyFactory(unit=embassy), FamilyFactory(unit=embassy)
    for _ in range(2):
        CaseFactory(unit=embassy, family=older, registered_on=datetime.date(2024, 3, 1))
    trusler = Category.objects.get(code="trusler-vold")
    CaseFactory(
        unit=embassy, family=newer, registered_on=datetime.date(2024, 9, 9), main_category=trusler
    )
    # when the envoy opens the form
    html = client_for(envoy).get(reverse("case_register")).content.decode()
    # then the newest comes first, each with its date, first category and size
    newer_label = f"09.09.2024 · Trusler/vold · 1 sak (ref. {str(newer.pk)[:8]})"
    older_label = f"01.03.2024 · Negativ sosial kontroll · 2 saker (ref. {str(older.pk)[:8]})"
    assert html.index(newer_label) < html.index(older_label)


def test_a_long_family_list_gets_a_search_field(envoy: User, embassy: Unit) -> None:
    # given more families than a glance takes in
    for _ in range(8):
        CaseFactory(unit=embassy, family=FamilyFactory(unit=embassy))
    html = client_for(envoy).get(reverse("case_register")).content.decode()
    # then a labelled search field controls the picker, and its script is a static file
    assert '<label class="ds-label" data-size="sm" for="sakskompleks-sok">' in html
    assert 'aria-controls="id_family"' in html
    assert 'src="/static/js/family_search.js"' in html


def test_every_offered_category_has_its_definition_at_the_field(advisor: User) -> None:
    html = client_for(advisor).get(reverse("case_register")).content.decode()
    # the select is described by its help text, which points to the definitions
    assert re.search(
        r'<select name="main_category"[^>]*aria-describedby="id_main_category_helptext"', html
    )
    assert "<summary>Definisjoner av kategoriene</summary>" in html
    definitions = category_definitions()
    for category in Category.objects.filter(scheme__isnull=True):
        assert f"<dt>{category.name}</dt><dd>{definitions[category.code]}</dd>" in html.replace(
            "&#x27;", "'"
        ).replace("&laquo;", "«")


def test_the_late_form_asks_about_the_advisors_guidance(analyst: User, school: Unit) -> None:
    html = client_for(analyst).get(reverse("case_register_late")).content.decode()
    assert "Hvem veiledet rådgiveren?" in html
    assert "Hvem veiledet du?" not in html
    assert 'name="family"' not in html


def test_the_late_form_asks_for_guidance_too(analyst: User, school: Unit) -> None:
    # given a closed year and a late registration without «who was guided»
    close_year(school.scheme, 2023, by=analyst)
    data = case_form_data(
        registered_on="2023-10-01", unit=str(school.pk), reason="Meldt i januar", guided=None
    )
    response = client_for(analyst).post(reverse("case_register_late"), data)
    # then it is asked for, in the analyst's words
    assert response.context["form"].errors["guided"] == ["Velg hvem rådgiveren veiledet."]
    assert not Case.objects.exists()


def test_an_envoys_case_without_family_says_how_to_start_one(envoy: User) -> None:
    # when an envoy registers a case without a family
    response = client_for(envoy).post(reverse("case_register"), case_form_data(), follow=True)
    case = Case.objects.get()
    # then the confirmation says how to put it in one, and offers no sibling form yet
    html = response.content.decode()
    assert "Saken er ikke i et sakskompleks" in html
    assert f'href="{reverse("case_edit", args=[case.pk])}"' in html
    assert "samme_som" not in html
