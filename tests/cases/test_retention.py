"""Retention: old closed years lose detail, never a count."""

from __future__ import annotations

import datetime
import random
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.test import override_settings

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
from tallrapport.cases.retention import PLACEHOLDER_NAME, retention_apply, retention_due
from tests.factories import CaseFactory, FamilyFactory, close_year

D = datetime.date
TODAY = D(2026, 3, 1)

# Every breakdown the yearly report prints, each also by scheme, year and half-year.
DIMENSIONS = [
    "main_category",
    "country",
    "gender",
    "age_group",
    "reported_by",
    "guided",
    "secondary_categories",
]


def _statistics() -> dict[str, list[tuple[Any, ...]]]:
    stats: dict[str, list[tuple[Any, ...]]] = {}
    for dimension in DIMENSIONS:
        stats[dimension] = sorted(
            Case.objects.order_by()
            .values_list("scheme_id", "year", "half_year", dimension)
            .annotate(n=Count("id")),
            key=str,
        )
    stats["main_category_x_gender_x_age"] = sorted(
        Case.objects.order_by()
        .values_list("scheme_id", "year", "main_category", "gender", "age_group")
        .annotate(n=Count("id")),
        key=str,
    )
    return stats


def _cases(school: Unit, advisor: User, years: list[int], per_year: int = 60) -> None:
    """Varied synthetic cases (fixed seed), some with secondary categories."""
    pick = random.Random(6)
    categories = list(Category.objects.filter(scheme__isnull=True)[:6])
    countries = list(Country.objects.order_by("code")[:12])
    sources = list(ReferralSource.objects.all())
    for year in years:
        for _ in range(per_year):
            case = CaseFactory(
                unit=school,
                registered_by=advisor,
                registered_on=D(year, pick.randint(1, 12), pick.randint(1, 28)),
                main_category=pick.choice(categories),
                country=pick.choice(countries),
                reported_by=pick.choice(sources),
                gender=pick.choice(Gender.values),
                age_group=pick.choice(AgeGroup.values),
                guided=pick.choice(GuidedPerson.values),
            )
            if pick.random() < 0.3:
                case.secondary_categories.add(pick.choice(categories))


@pytest.fixture
def history(school: Unit, advisor: User, analyst: User) -> None:
    # 2018 and 2020 closed and old, 2019 old but open, 2023 closed but recent
    _cases(school, advisor, [2018, 2019, 2020, 2023])
    for year in (2018, 2020, 2023):
        close_year(school.scheme, year, by=analyst)


def test_statistics_are_identical_after_reduction(history: None, school: Unit) -> None:
    # given the report's breakdowns before retention
    before = _statistics()
    # when closed years older than five full years are reduced
    done = retention_apply(today=TODAY, years=5)
    # then 2018 and 2020 were reduced, 2019 (open) and 2023 (recent) were not
    assert [(item.year, item.to_reduce) for item in done] == [(2018, 60), (2020, 60)]
    assert set(Case.objects.filter(reduced=True).values_list("year", flat=True)) == {2018, 2020}
    assert not Case.objects.filter(year__in=[2019, 2023], reduced=True).exists()
    # and every count by category, country, gender, age, referral, guided and half-year,
    # with secondary categories and a cross-tabulation, is exactly what it was
    assert _statistics() == before


def test_reduced_rows_keep_no_detail(history: None, school: Unit) -> None:
    retention_apply(today=TODAY, years=5)
    reduced = Case.objects.filter(reduced=True)
    assert reduced.count() == 120
    assert set(reduced.values_list("registered_on", flat=True)) <= {
        D(y, m, 1) for y in (2018, 2020) for m in (1, 7)
    }
    assert not reduced.filter(registered_by__isnull=False).exists()
    assert not reduced.filter(family__isnull=False).exists()
    assert set(reduced.values_list("unit__name", flat=True)) == {PLACEHOLDER_NAME}
    # the untouched years keep their detail
    assert not Case.objects.filter(year=2023, unit__name=PLACEHOLDER_NAME).exists()


def test_envoy_cases_lose_their_family(analyst: User) -> None:
    family = FamilyFactory()
    case = CaseFactory(unit=family.unit, family=family, registered_on=D(2017, 4, 4))
    close_year(family.unit.scheme, 2017, by=analyst)
    retention_apply(today=TODAY, years=5)
    case.refresh_from_db()
    assert (case.family, case.unit.kind, case.registered_on) == (
        None,
        "utenriksstasjon",
        D(2017, 1, 1),
    )


def test_retention_is_audited_and_idempotent(history: None) -> None:
    retention_apply(today=TODAY, years=5)
    assert retention_apply(today=TODAY, years=5) == []
    entries = AuditEntry.objects.filter(action=Action.RETENTION).order_by("target_id")
    assert [(e.target_id, e.changes) for e in entries] == [
        ("mangfoldsradgiver:2018", {"reduced_cases": [0, 60]}),
        ("mangfoldsradgiver:2020", {"reduced_cases": [0, 60]}),
    ]
    # and the years stay closed afterwards
    assert not ClosedYear.objects.filter(writable=True).exists()


def test_dry_run_lists_and_changes_nothing(history: None) -> None:
    # when the command runs without --apply
    out = StringIO()
    with override_settings(TALLRAPPORT_RETENTION_YEARS=2):
        call_command("retention", stdout=out)
    text = out.getvalue()
    # then it lists every closed year past the period and writes nothing
    assert "Prøvekjøring" in text
    assert "mangfoldsradgiver 2018: 60 saker, 60 reduseres" in text
    assert "mangfoldsradgiver 2023: 60 saker, 60 reduseres" in text
    assert "2019" not in text.split("\n", 1)[1]
    assert not Case.objects.filter(reduced=True).exists()
    assert not AuditEntry.objects.filter(action=Action.RETENTION).exists()


def test_apply_through_the_command(history: None) -> None:
    out = StringIO()
    call_command("retention", "--apply", "--years", "2", stdout=out)
    assert "Redusert 180 saker i 3 år." in out.getvalue()
    assert {i.to_reduce for i in retention_due(today=datetime.date.today(), years=2)} == {0}
