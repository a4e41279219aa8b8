"""Every field of the registration form with bad input, through the page itself.

Each bad value must give a Norwegian message at that field (linked with
aria-describedby, marked aria-invalid, listed in the summary at the top), keep
what the advisor typed, keep the form's token, and save nothing.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tallrapport.accounts.models import Unit, User
from tallrapport.cases.models import Case, Category
from tests.conftest import client_for
from tests.factories import (
    EmbassyFactory,
    FamilyFactory,
    MembershipFactory,
    advisor_at,
    case_form_data,
)

TOMORROW = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()


def cat(code: str) -> str:
    return str(Category.objects.get(code=code).pk)


# (case id, field, posted value or a function of the db, expected message fragment)
BAD_INPUT: list[tuple[str, str, Any, str]] = [
    ("date-missing", "registered_on", "", "Skriv registreringsdatoen"),
    ("date-text", "registered_on", "i går", "Skriv en gyldig dato"),
    ("date-impossible", "registered_on", "31.02.2024", "Skriv en gyldig dato"),
    ("date-future", "registered_on", TOMORROW, "kan ikke være fram i tid"),
    ("date-before-membership", "registered_on", "2014-06-01", "ikke rådgiver ved noen enhet"),
    ("main-missing", "main_category", "", "Velg hovedkategori"),
    ("main-unknown", "main_category", "999999", "Velg en kategori fra listen"),
    ("main-text", "main_category", "vold", "Velg en kategori fra listen"),
    (
        "main-envoy-only",
        "main_category",
        lambda: cat("andre-familierelaterte-saker"),
        "Velg en kategori fra listen",
    ),
    ("secondary-unknown", "secondary_categories", ["999999"], "Velg kategorier fra listen"),
    ("secondary-text", "secondary_categories", ["abc"], "Velg kategorier fra listen"),
    (
        "secondary-is-main",
        "secondary_categories",
        lambda: [cat("negativ-sosial-kontroll")],
        "kan ikke også være en annen kategori",
    ),
    ("gender-missing", "gender", "", "Velg kjønn"),
    ("gender-unknown", "gender", "annet", "Velg et av kjønnene"),
    ("age-missing", "age_group", "", "Velg aldersgruppe"),
    ("age-unknown", "age_group", "70", "Velg en av aldersgruppene"),
    ("country-missing", "country", "", "Skriv landbakgrunn"),
    ("country-blank", "country", "   ", "Skriv landbakgrunn"),
    ("country-unknown", "country", "Narnia", "Fant ikke landet «Narnia»"),
    ("country-too-long", "country", "x" * 200, "for langt"),
    ("reported-missing", "reported_by", "", "Velg hvem som meldte saken"),
    ("reported-unknown", "reported_by", "0", "Velg en av dem i listen"),
    ("guided-missing", "guided", "", "Velg hvem du veiledet"),
    ("guided-unknown", "guided", "naboen", "Velg en av dem i listen"),
]

# Fields the page does not show this advisor: only a forged POST sends them, and the
# message goes to the summary at the top.
BAD_HIDDEN_INPUT: list[tuple[str, str, Any, str]] = [
    ("family-for-school", "family", "ny", "bare av spesialutsendinger"),
    (
        "family-unknown",
        "family",
        "d3b07384-d9a0-4c9b-8f3e-000000000000",
        "Velg et sakskompleks fra listen",
    ),
    (
        "unit-not-theirs",
        "unit",
        lambda: str(Unit.objects.get(name__startswith="Testskolen B").pk),
        "Velg en av dine enheter",
    ),
]


def _resolve(value: Any) -> Any:
    return value() if callable(value) else value


def assert_error_at(response: Any, field: str, fragment: str) -> str:
    """The message is at the field, described-by linked and listed in the summary."""
    html: str = response.content.decode()
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors, errors
    assert any(fragment in message for message in errors[field]), errors[field]
    error_id = f"id_{field}_error"
    match = re.search(rf'<p [^>]*id="{error_id}"[^>]*>([^<]*)</p>', html)
    assert match is not None and fragment in match.group(1).replace("&#x27;", "'")
    assert re.search(rf'aria-describedby="[^"]*\b{error_id}\b', html)
    assert 'aria-invalid="true"' in html
    assert 'id="feiloppsummering"' in html
    return html


@pytest.mark.parametrize(
    ("field", "value", "fragment"),
    [pytest.param(f, v, m, id=i) for i, f, v, m in BAD_INPUT],
)
def test_bad_input_is_shown_at_its_field(
    advisor: User, other_school: Unit, field: str, value: Any, fragment: str
) -> None:
    # given a form where one field is bad
    data = case_form_data(**{field: _resolve(value)})
    # when the advisor submits it
    response = client_for(advisor).post(reverse("case_register"), data)
    # then nothing is saved and the message stands at that field
    assert Case.objects.count() == 0
    html = assert_error_at(response, field, fragment)
    # and the token is kept, so a corrected submit is still the same form
    assert f'value="{data["submission_token"]}"' in html


@pytest.mark.parametrize(
    ("field", "value", "fragment"),
    [pytest.param(f, v, m, id=i) for i, f, v, m in BAD_HIDDEN_INPUT],
)
def test_bad_input_in_fields_not_shown_goes_to_the_summary(
    advisor: User, other_school: Unit, field: str, value: Any, fragment: str
) -> None:
    # given a forged POST with a value for a field the page does not show
    data = case_form_data(**{field: _resolve(value)})
    # when submitted
    response = client_for(advisor).post(reverse("case_register"), data)
    # then nothing is saved and the summary says why
    assert Case.objects.count() == 0
    summary = response.content.decode().split('id="feiloppsummering"')[1].split("</div>")[0]
    assert fragment in summary


def test_typed_input_is_kept_on_error(advisor: User) -> None:
    # given a form with a bad country and everything else filled in
    data = case_form_data(country="Narnia", gender="gutt", age_group="18_og_over")
    # when submitted
    html = client_for(advisor).post(reverse("case_register"), data).content.decode()
    # then what was typed and chosen is still there
    assert 'value="Narnia"' in html
    assert re.search(r'value="gutt"[^>]*checked', html)
    assert re.search(r'value="18_og_over"[^>]*checked', html)
    assert re.search(rf'<option value="{data["main_category"]}" selected>', html)
    assert f'value="{data["registered_on"]}"' in html


def test_summary_links_to_each_field(advisor: User) -> None:
    data = case_form_data(country="", gender="", main_category="")
    html = client_for(advisor).post(reverse("case_register"), data).content.decode()
    for target in ("id_country", "id_gender_0", "id_main_category"):
        assert f'href="#{target}"' in html
        assert f'id="{target}"' in html


def test_category_not_valid_on_the_date(advisor: User) -> None:
    data = case_form_data(
        registered_on="2021-05-01", main_category=cat("tvunget-til-a-forbli-i-ekteskap")
    )
    response = client_for(advisor).post(reverse("case_register"), data)
    assert_error_at(response, "main_category", "kan ikke brukes for saker registrert 1. mai 2021")


def test_envoy_category_after_it_ended(db: None) -> None:
    envoy = advisor_at(EmbassyFactory(), username="utsending_t")
    data = case_form_data(main_category=cat("andre-familierelaterte-saker"))
    response = client_for(envoy).post(reverse("case_register"), data)
    assert_error_at(response, "main_category", "kan ikke brukes for saker registrert")


def test_family_of_another_embassy(db: None) -> None:
    envoy = advisor_at(EmbassyFactory(), username="utsending_t")
    foreign = FamilyFactory()
    data = case_form_data(family=str(foreign.pk))
    response = client_for(envoy).post(reverse("case_register"), data)
    assert_error_at(response, "family", "Velg et sakskompleks fra listen")


def test_envoy_starts_and_joins_a_family(db: None) -> None:
    envoy = advisor_at(EmbassyFactory(), username="utsending_t")
    client = client_for(envoy)
    assert 'name="family"' in client.get(reverse("case_register")).content.decode()
    client.post(reverse("case_register"), case_form_data(family="ny"))
    first = Case.objects.get()
    assert first.family is not None
    client.post(reverse("case_register"), case_form_data(family=str(first.family_id)))
    assert Case.objects.filter(family=first.family).count() == 2


def test_school_advisor_has_no_family_field(advisor: User) -> None:
    assert 'name="family"' not in client_for(advisor).get(reverse("case_register")).content.decode()


def test_advisor_with_two_units_must_choose(advisor: User, other_school: Unit) -> None:
    # given an advisor at two schools
    MembershipFactory(user=advisor, unit=other_school, valid_from=datetime.date(2020, 1, 1))
    client = client_for(advisor)
    # then the form offers the unit field
    assert 'name="unit"' in client.get(reverse("case_register")).content.decode()
    # and refuses to guess
    response = client.post(reverse("case_register"), case_form_data())
    assert_error_at(response, "unit", "Velg hvilken enhet")
    # and saves at the chosen one
    client.post(reverse("case_register"), case_form_data(unit=str(other_school.pk)))
    assert Case.objects.get().unit == other_school


def test_missing_token_is_a_form_error_with_a_fresh_token(advisor: User) -> None:
    data = case_form_data()
    del data["submission_token"]
    response = client_for(advisor).post(reverse("case_register"), data)
    html = response.content.decode()
    assert "Skjemaet er ufullstendig" in html
    assert re.search(r'name="submission_token" value="[0-9a-f-]{36}"', html)
    assert Case.objects.count() == 0


def test_country_found_by_other_spelling(advisor: User) -> None:
    client_for(advisor).post(reverse("case_register"), case_form_data(country=" østerrike "))
    assert Case.objects.get().country.code == "at"


def test_norwegian_date_format_accepted(advisor: User) -> None:
    client_for(advisor).post(reverse("case_register"), case_form_data(registered_on="15.03.2023"))
    assert Case.objects.get().registered_on == datetime.date(2023, 3, 15)


def test_double_submit_makes_one_case(advisor: User) -> None:
    # given one filled-in form
    client = client_for(advisor)
    data = case_form_data()
    # when it is posted twice (double click, or the browser retrying)
    first = client.post(reverse("case_register"), data)
    second = client.post(reverse("case_register"), data)
    # then one case exists and both answers lead to the list
    assert Case.objects.count() == 1
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]


def test_form_has_labels_and_no_statistical_defaults(advisor: User) -> None:
    html = client_for(advisor).get(reverse("case_register")).content.decode()
    for field in ("registered_on", "main_category", "country", "reported_by"):
        assert f'<label class="ds-label" for="id_{field}">' in html
    # today's date is filled in; nothing that is counted in a statistic is
    assert f'value="{timezone.localdate():%d.%m.%Y}"' in html
    assert not re.search(r'type="radio"[^>]*checked', html)
    assert '<option value="" selected>Velg kategori</option>' in html
    assert '<option value="" selected>Velg hvem som meldte saken</option>' in html
    assert re.search(r'<input type="text" name="country"(?![^>]*value=)', html)
    assert '<datalist id="land-forslag">' in html and '<option value="Somalia">' in html
    assert "required" not in re.sub(r"<datalist.*</datalist>", "", html, flags=re.S)


def test_login_page_in_norwegian(db: None) -> None:
    html = Client().get(reverse("login")).content.decode()
    assert 'lang="nb"' in html
    assert '<label class="ds-label" for="id_username">Brukernavn</label>' in html
    assert '<label class="ds-label" for="id_password">Passord</label>' in html


def test_login_error_in_norwegian(advisor: User) -> None:
    response = Client().post(reverse("login"), {"username": "radgiver_a", "password": "feil"})
    assert "Feil brukernavn eller passord" in response.content.decode()


def test_login_then_home(advisor: User) -> None:
    client = Client()
    response = client.post(
        reverse("login"), {"username": "radgiver_a", "password": "testpassord-123"}, follow=True
    )
    # the start page is the advisor's landing place, with their own counts
    assert response.redirect_chain[-1][0] == reverse("home")
    assert response.status_code == 200
