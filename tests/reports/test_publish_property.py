"""Whatever the analyst types into the report's paragraphs, publishing either works
with that text or says why at the field; it never fails and never publishes twice."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.urls import reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tallrapport.accounts.models import Unit, User
from tallrapport.reports.models import Edition
from tests.conftest import client_for
from tests.factories import CaseFactory

relaxed = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
FIELDS = ["mangfoldsradgiver__innledning", "spesialutsending__kategori", "submission_token"]
junk = st.one_of(
    st.text(max_size=60),
    st.sampled_from(["", " ", "\x00", "x" * 5001, "<script>alert(1)</script>"]),
    st.uuids().map(str),
)


@relaxed
@given(data=st.dictionaries(st.sampled_from(FIELDS), junk))
@example(data={"mangfoldsradgiver__innledning": "\x00", "submission_token": str(uuid.UUID(int=1))})
def test_publishing_any_text_never_fails(analyst: User, school: Unit, data: dict[str, Any]) -> None:
    # given a register for 2030
    if not Edition.objects.filter(year=2030).exists() and not school.cases.exists():
        for _ in range(12):
            CaseFactory(unit=school, registered_on=datetime.date(2030, 2, 1))
    before = Edition.objects.filter(year=2030).count()
    # when the analyst posts anything
    response = client_for(analyst).post(reverse("report", args=[2030]), data)
    # then either one edition is made with the text as typed, or the form answers
    if response.status_code == 302:
        edition = Edition.objects.get(slug=response["Location"].rstrip("/").rsplit("/", 1)[1])
        after = Edition.objects.filter(year=2030).count()
        typed = data.get("mangfoldsradgiver__innledning")
        if after == before + 1:
            if typed is not None:
                assert edition.texts["mangfoldsradgiver"]["innledning"] == typed.strip()
        else:
            # a token posted before: the edition it made, nothing new
            assert after == before
            assert str(edition.submission_token) == data["submission_token"]
    else:
        assert response.status_code == 200
        assert Edition.objects.filter(year=2030).count() == before
