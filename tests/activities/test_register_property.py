"""Properties of the registration POST: whatever is posted, no crash; bad input
never creates an activity, and the form comes back with what was typed."""

from __future__ import annotations

import html as html_lib
import uuid
from typing import Any

from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tallrapport.accounts.models import User
from tallrapport.activities.models import Activity
from tests.activities.factories import activity_form_data
from tests.conftest import client_for

FIELDS = [
    "date",
    "unit",
    "activity_type",
    "target_groups",
    "participants",
    "hours",
    "topics",
    "partners",
    "municipality",
    "submission_token",
]

junk = st.one_of(
    st.text(max_size=40),
    st.integers(min_value=-(10**12), max_value=10**12).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.dates().map(lambda d: d.strftime("%d.%m.%Y")),
    st.sampled_from(["", " ", "null", "0", "-1", "1e9", "NaN", "\x00", "'; DROP TABLE x;--"]),
    st.uuids().map(str),
)

# Values that can never pass, one strategy per field. Text fields get values a
# browser keeps in the field (no NUL, which HTML cannot carry).
printable = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=20
)
DEFINITELY_BAD: dict[str, st.SearchStrategy[Any]] = {
    "date": st.sampled_from(["", "i morgen", "2024-13-01", "32.01.2024", "31.12.2999"]),
    "activity_type": st.sampled_from(["", "fest", "KURS", "0"]),
    "target_groups": st.sampled_from([[], ["naboer"], ["elever", "x"]]),
    "participants": st.one_of(
        st.integers(max_value=-1).map(str),
        st.integers(min_value=10_001, max_value=10**9).map(str),
        st.sampled_from(["mange", "2,5", "1e3"]),
    ),
    "hours": st.one_of(
        st.decimals(max_value=0, allow_nan=False, allow_infinity=False, places=1).map(str),
        st.decimals(min_value="200.1", max_value="9999.9", places=1).map(str),
        st.sampled_from(["", "to", "1,25", "NaN", "inf"]),
    ),
    "topics": st.sampled_from([[], ["vær"]]),
    "partners": st.sampled_from([["Ola Nordmann"], ["kommune", "naboen"]]),
    # Digits or @ never make a municipality name.
    "municipality": st.tuples(printable, st.sampled_from(["1", "@", "#", "5"])).map(
        lambda parts: parts[0] + parts[1]
    ),
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
    before = Activity.objects.count()
    # when posted to the registration page
    response = client_for(advisor).post(reverse("activity_register"), data)
    # then it is either shown back (nothing saved) or saved once and redirected
    assert response.status_code in (200, 302)
    assert Activity.objects.count() == before + (1 if response.status_code == 302 else 0)


def _shown(html: str, field: str, value: Any) -> bool:
    """Whether the page shows the posted value back in its field."""
    page = html_lib.unescape(html)
    if isinstance(value, list):
        return all(f'value="{v}"' not in page or f'value="{v}" ' in page for v in value)
    if field == "activity_type":
        return value == "" or f'<option value="{value}" selected>' in page or value not in page
    return f'name="{field}" value="{value.strip() if field == "municipality" else value}"' in (
        page
    ) or (value == "" and f'name="{field}"' in page)


@relaxed
@given(
    bad=st.dictionaries(st.sampled_from(sorted(DEFINITELY_BAD)), st.just(None), min_size=1),
    draw=st.data(),
)
def test_bad_input_never_creates_an_activity_and_keeps_the_input(
    advisor: User, bad: dict[str, None], draw: st.DataObject
) -> None:
    # given a valid form where one or more fields are replaced by a value that cannot pass
    data = activity_form_data(submission_token=str(uuid.uuid4()))
    for field in bad:
        data[field] = draw.draw(DEFINITELY_BAD[field], label=field)
    # when posted
    response = client_for(advisor).post(reverse("activity_register"), data)
    # then the form comes back with an error for each bad field, and nothing is saved
    assert response.status_code == 200
    assert Activity.objects.count() == 0
    errors = response.context["form"].errors
    for field in bad:
        assert field in errors or "__all__" in errors, (field, data[field], errors)
    # and every text field still holds what was typed, the token included
    form = response.context["form"]
    for field in ("date", "participants", "hours", "municipality"):
        assert form[field].value() == data[field], field
    html = response.content.decode()
    assert f'value="{data["submission_token"]}"' in html
    for field in ("participants", "hours"):
        if data[field]:
            assert f'value="{html_lib.escape(data[field])}"' in html, field


def test_valid_baseline_really_is_valid(advisor: User) -> None:
    # the property above is only meaningful if the untouched form would save
    response = client_for(advisor).post(reverse("activity_register"), activity_form_data())
    assert response.status_code == 302
    assert Activity.objects.count() == 1
