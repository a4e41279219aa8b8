"""Properties of the records pages and of retention, for all inputs.

- Whatever is posted to the late-registration and reopen pages or sent to the
  audit search, the answer is never a 500, and a refused form writes nothing.
- For any set of cases in a closed old year, retention leaves every count the
  reports print unchanged.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.db.models import Count
from django.urls import reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tallrapport.accounts.models import Unit, User
from tallrapport.audit.models import Action, AuditEntry
from tallrapport.cases.models import (
    AgeGroup,
    Case,
    Category,
    ClosedYear,
    Country,
    Gender,
    GuidedPerson,
    ReferralSource,
)
from tallrapport.cases.retention import retention_apply
from tests.conftest import client_for
from tests.factories import CaseFactory, close_year

relaxed = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

junk = st.one_of(
    st.text(max_size=30),
    st.integers(min_value=-(10**9), max_value=10**9).map(str),
    st.sampled_from(["", " ", "\x00", "32.13.2024", "2024-02-30", "'; DROP TABLE x;--"]),
    st.uuids().map(str),
)

LATE_FIELDS = [
    "registered_on",
    "unit",
    "main_category",
    "gender",
    "age_group",
    "country",
    "reported_by",
    "guided",
    "submission_token",
]
SEARCH_FIELDS = ["actor", "action", "target_type", "target_id", "date_from", "date_to", "side"]


@relaxed
@given(data=st.dictionaries(st.sampled_from(LATE_FIELDS), junk))
def test_late_registration_without_a_reason_never_writes(
    analyst: User, school: Unit, data: dict[str, Any]
) -> None:
    # given anything posted without a reason
    cases_before = Case.objects.count()
    response = client_for(analyst).post(reverse("case_register_late"), data)
    # then the page answers with the form, and nothing is written
    assert response.status_code == 200
    assert Case.objects.count() == cases_before


@relaxed
@given(reason=st.text(max_size=50), year=st.integers(min_value=2000, max_value=2100))
def test_reopen_page_never_fails(analyst: User, school: Unit, reason: str, year: int) -> None:
    response = client_for(analyst).post(
        reverse("year_reopen", args=[school.scheme.code, year]), {"reason": reason}
    )
    # nothing is closed, so every post is refused with a message, never a 500
    assert response.status_code == 400
    assert not AuditEntry.objects.filter(action=Action.REOPEN).exists()


@relaxed
@given(params=st.dictionaries(st.sampled_from(SEARCH_FIELDS), junk))
def test_audit_search_never_fails(admin: User, params: dict[str, str]) -> None:
    response = client_for(admin).get(reverse("audit_search"), params)
    assert response.status_code == 200


CASE = st.fixed_dictionaries(
    {
        "month": st.integers(min_value=1, max_value=12),
        "day": st.integers(min_value=1, max_value=28),
        "category": st.integers(min_value=0, max_value=5),
        "country": st.integers(min_value=0, max_value=9),
        "source": st.integers(min_value=0, max_value=3),
        "gender": st.sampled_from(Gender.values),
        "age_group": st.sampled_from(AgeGroup.values),
        "guided": st.sampled_from(GuidedPerson.values),
        "secondary": st.one_of(st.none(), st.integers(min_value=0, max_value=5)),
    }
)


def _counts() -> list[tuple[Any, ...]]:
    rows: list[tuple[Any, ...]] = []
    for dimension in [
        "main_category",
        "country",
        "gender",
        "age_group",
        "reported_by",
        "guided",
        "secondary_categories",
    ]:
        rows += sorted(
            Case.objects.order_by()
            .values_list("scheme_id", "year", "half_year", dimension)
            .annotate(n=Count("id")),
            key=str,
        )
    return rows


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(specs=st.lists(CASE, min_size=1, max_size=25))
def test_retention_keeps_every_count(
    advisor: User, analyst: User, school: Unit, specs: list[dict[str, Any]]
) -> None:
    categories = list(Category.objects.filter(scheme__isnull=True).order_by("code")[:6])
    countries = list(Country.objects.order_by("code")[:10])
    sources = list(ReferralSource.objects.order_by("code")[:4])
    with transaction.atomic():
        # given any cases of 2018, a closed year past retention
        for spec in specs:
            case = CaseFactory(
                unit=school,
                registered_by=advisor,
                registered_on=datetime.date(2018, spec["month"], spec["day"]),
                main_category=categories[spec["category"]],
                country=countries[spec["country"]],
                reported_by=sources[spec["source"] % len(sources)],
                gender=spec["gender"],
                age_group=spec["age_group"],
                guided=spec["guided"],
            )
            if spec["secondary"] is not None:
                case.secondary_categories.add(categories[spec["secondary"]])
        close_year(school.scheme, 2018, by=analyst)
        before = _counts()
        # when retention reduces the year
        retention_apply(today=datetime.date(2026, 1, 1), years=5)
        # then every count is the same and every row is reduced
        assert _counts() == before
        assert Case.objects.filter(reduced=False).count() == 0
        assert not ClosedYear.objects.filter(writable=True).exists()
        transaction.set_rollback(True)


@relaxed
@given(reason=st.text(max_size=1100))
@example(reason="Rettet\x00")
@example(reason="x" * 1001)
def test_any_reason_closes_and_reopens_or_is_refused_cleanly(
    analyst: User, school: Unit, reason: str
) -> None:
    # given 2021 closed / when reopened with any text
    close_year(school.scheme, 2021, by=analyst)
    url = reverse("year_reopen", args=[school.scheme.code, 2021])
    response = client_for(analyst).post(url, {"reason": reason})
    # then it is reopened with the reason logged, or refused with a message at the field
    reopened = not ClosedYear.objects.filter(scheme=school.scheme, year=2021).exists()
    assert response.status_code == (302 if reopened else 400)
    if reopened:
        entry = AuditEntry.objects.filter(action=Action.REOPEN).latest("id")
        assert entry.reason == reason.strip()
    ClosedYear.objects.filter(scheme=school.scheme, year=2021).delete()
