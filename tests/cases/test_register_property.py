"""Property: whatever is posted to the registration page, it never answers 500, and
a form that is refused never leaves a case behind."""

from __future__ import annotations

import uuid
from typing import Any

from django.urls import reverse
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tallrapport.accounts.models import User
from tallrapport.cases.models import Case, Category, ReferralSource
from tallrapport.cases.selectors import country_from_text
from tests.conftest import client_for
from tests.factories import case_form_data

FIELDS = [
    "registered_on",
    "unit",
    "main_category",
    "secondary_categories",
    "gender",
    "age_group",
    "country",
    "reported_by",
    "guided",
    "family",
    "submission_token",
]

junk = st.one_of(
    st.text(max_size=40),
    st.integers(min_value=-(10**12), max_value=10**12).map(str),
    st.dates().map(lambda d: d.isoformat()),
    st.sampled_from(["", " ", "ny", "null", "0", "-1", "1e9", "\x00", "'; DROP TABLE x;--"]),
    st.uuids().map(str),
)

# Values that can never pass, one list per field.
DEFINITELY_BAD: dict[str, st.SearchStrategy[Any]] = {
    "registered_on": st.sampled_from(["", "i morgen", "2024-13-01", "32.01.2024", "9999-01-01"]),
    "main_category": st.sampled_from(["", "0", "abc", "999999"]),
    "gender": st.sampled_from(["", "annet", "JENTE"]),
    "age_group": st.sampled_from(["", "voksen", "17"]),
    "country": st.text(max_size=30),
    "reported_by": st.sampled_from(["", "0", "x"]),
    "guided": st.sampled_from(["", "begge"]),
}

relaxed = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@relaxed
@given(data=st.dictionaries(st.sampled_from(FIELDS), st.one_of(junk, st.lists(junk, max_size=3))))
def test_any_post_is_answered_without_a_crash(advisor: User, data: dict[str, Any]) -> None:
    # given any mixture of keys and values
    before = Case.objects.count()
    # when posted to the registration page
    response = client_for(advisor).post(reverse("case_register"), data)
    # then it is either shown back (nothing saved) or saved once and redirected
    assert response.status_code in (200, 302)
    assert Case.objects.count() == before + (1 if response.status_code == 302 else 0)


@relaxed
@given(
    bad=st.dictionaries(st.sampled_from(sorted(DEFINITELY_BAD)), st.just(None), min_size=1),
    draw=st.data(),
)
def test_bad_input_never_creates_a_case(
    advisor: User, bad: dict[str, None], draw: st.DataObject
) -> None:
    # given a valid form where one or more fields are replaced by a value that cannot pass
    data = case_form_data(submission_token=str(uuid.uuid4()))
    for field in bad:
        value = draw.draw(DEFINITELY_BAD[field], label=field)
        if field == "country":
            assume(country_from_text(value) is None)
        data[field] = value
    # when posted
    response = client_for(advisor).post(reverse("case_register"), data)
    # then the form comes back with an error for each bad field, and nothing is saved
    assert response.status_code == 200
    assert Case.objects.count() == 0
    errors = response.context["form"].errors
    for field in bad:
        assert field in errors or "__all__" in errors, (field, data[field], errors)


def test_valid_baseline_really_is_valid(advisor: User) -> None:
    # the property above is only meaningful if the untouched form would save
    assert Category.objects.exists() and ReferralSource.objects.exists()
    response = client_for(advisor).post(reverse("case_register"), case_form_data())
    assert response.status_code == 302
