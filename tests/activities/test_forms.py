"""Every field of the activity form with bad input, through the page itself.

Each bad value must give a Norwegian message at that field (linked with
aria-describedby, marked aria-invalid, listed in the summary at the top), keep
what the advisor typed, keep the form's token, and save nothing.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from tallrapport.accounts.models import Unit, User
from tallrapport.activities.models import Activity
from tests.activities.factories import activity_form_data
from tests.conftest import client_for

TOMORROW = (timezone.localdate() + datetime.timedelta(days=1)).strftime("%d.%m.%Y")

# (case id, field, posted value, expected message fragment)
BAD_INPUT: list[tuple[str, str, Any, str]] = [
    ("date-missing", "date", "", "Skriv datoen"),
    ("date-text", "date", "i går", "Skriv en gyldig dato"),
    ("date-impossible", "date", "31.02.2024", "Skriv en gyldig dato"),
    ("date-future", "date", TOMORROW, "kan ikke være fram i tid"),
    ("date-before-membership", "date", "01.06.2014", "ikke rådgiver ved noen enhet"),
    ("type-missing", "activity_type", "", "Velg type aktivitet"),
    ("type-unknown", "activity_type", "fest", "Velg en type fra listen"),
    ("groups-missing", "target_groups", [], "Velg minst én målgruppe"),
    ("groups-unknown", "target_groups", ["naboer"], "Velg fra listen"),
    ("participants-missing", "participants", "", "hvor mange som deltok"),
    ("participants-text", "participants", "mange", "helt tall"),
    ("participants-decimal", "participants", "2,5", "helt tall"),
    ("participants-negative", "participants", "-4", "kan ikke være negativt"),
    ("participants-huge", "participants", "100000", "høyst"),
    ("hours-missing", "hours", "", "Skriv hvor mange timer"),
    ("hours-text", "hours", "to", "Skriv timer som et tall"),
    ("hours-zero", "hours", "0", "mer enn 0"),
    ("hours-negative", "hours", "-1", "mer enn 0"),
    ("hours-too-many", "hours", "250", "høyst 200"),
    ("hours-way-too-many", "hours", "123456", "høyst 200"),
    ("hours-two-decimals", "hours", "1,25", "én desimal"),
    ("topics-missing", "topics", [], "Velg minst ett tema"),
    ("topics-unknown", "topics", ["vær"], "Velg fra listen"),
    ("partners-unknown", "partners", ["Rektor Hansen"], "Velg fra listen"),
    ("municipality-address", "municipality", "Storgata 5", "bare navnet"),
    ("municipality-too-long", "municipality", "Å" * 80, "høyst 60"),
]


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
    assert 'id="feiloppsummering"' in html
    return html


@pytest.mark.parametrize(
    ("field", "value", "fragment"),
    [pytest.param(f, v, m, id=i) for i, f, v, m in BAD_INPUT],
)
def test_bad_input_is_shown_at_its_field(
    advisor: User, field: str, value: Any, fragment: str
) -> None:
    # given a form where one field is bad
    data = activity_form_data(**{field: value})
    # when the advisor submits it
    response = client_for(advisor).post(reverse("activity_register"), data)
    # then nothing is saved and the message stands at that field
    assert Activity.objects.count() == 0
    html = assert_error_at(response, field, fragment)
    # and the token is kept, so a corrected submit is still the same form
    assert f'value="{data["submission_token"]}"' in html


def test_a_field_with_an_error_is_marked_invalid(advisor: User) -> None:
    data = activity_form_data(hours="to")
    html = client_for(advisor).post(reverse("activity_register"), data).content.decode()
    assert re.search(r'<input[^>]*name="hours"[^>]*aria-invalid="true"', html)


def test_unit_of_another_school_goes_to_the_summary(advisor: User, other_school: Unit) -> None:
    # given a forged POST naming a unit the page does not show this advisor
    data = activity_form_data(unit=str(other_school.pk))
    response = client_for(advisor).post(reverse("activity_register"), data)
    # then nothing is saved and the summary says why
    assert Activity.objects.count() == 0
    summary = response.content.decode().split('id="feiloppsummering"')[1].split("</div>")[0]
    assert "Velg en av dine enheter" in summary


def test_missing_token_is_refused(advisor: User) -> None:
    data = activity_form_data(submission_token=None)
    response = client_for(advisor).post(reverse("activity_register"), data)
    assert Activity.objects.count() == 0
    assert "Skjemaet er ufullstendig" in response.content.decode()


def test_typed_input_is_kept_on_error(advisor: User) -> None:
    # given a form with a bad number of hours and everything else filled in
    data = activity_form_data(
        hours="tre",
        participants="17",
        activity_type="konferanse",
        target_groups=["nav", "politi"],
        topics=["tvangsekteskap"],
        partners=["kommune"],
        municipality="Askøy",
        date="03.02.2023",
    )
    # when submitted
    html = client_for(advisor).post(reverse("activity_register"), data).content.decode()
    # then what was typed and chosen is still there
    assert 'value="tre"' in html
    assert 'value="17"' in html
    assert 'value="Askøy"' in html
    assert 'value="03.02.2023"' in html
    assert re.search(r'<option value="konferanse" selected>', html)
    for value in ("nav", "politi", "tvangsekteskap", "kommune"):
        assert re.search(rf'value="{value}"[^>]*checked', html), value
    assert not re.search(r'value="elever"[^>]*checked', html)


def test_summary_links_to_each_field(advisor: User) -> None:
    data = activity_form_data(hours="", target_groups=[], activity_type="")
    html = client_for(advisor).post(reverse("activity_register"), data).content.decode()
    for target in ("id_hours", "id_target_groups_0", "id_activity_type"):
        assert f'href="#{target}"' in html
        assert f'id="{target}"' in html


def test_checkbox_groups_are_fieldsets_with_legends(advisor: User) -> None:
    html = client_for(advisor).get(reverse("activity_register")).content.decode()
    for field, legend in (
        ("target_groups", "Målgrupper"),
        ("topics", "Tema"),
        ("partners", "Samarbeidspartnere"),
    ):
        fieldset = re.search(rf'<fieldset[^>]*id="id_{field}"[^>]*>\s*<legend[^>]*>([^<]*)', html)
        assert fieldset is not None and fieldset.group(1).strip() == legend
    # every input has a label
    for input_id in re.findall(r'<(?:input|select)[^>]*id="([^"]+)"', html):
        if input_id in ("id_aar",):
            continue
        assert f'for="{input_id}"' in html, input_id
