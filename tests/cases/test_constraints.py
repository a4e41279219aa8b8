"""Every check and unique constraint of cases refuses bad rows at the database."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.db import IntegrityError, transaction

from tallrapport.accounts.models import Unit
from tallrapport.cases.models import Category, CategoryAlias, CountryAlias, ReferralSourceAlias
from tests.factories import CaseFactory

D = datetime.date


def _refused(create: Callable[[], Any]) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


@pytest.mark.parametrize(
    "fields",
    [
        {"half_year": 3},
        {"half_year": 0},
        {"year": 1999},
        {"year": 2101},
        {"gender": "annet"},
        {"age_group": "voksen"},
        {"guided": "nabo"},
    ],
    ids=lambda fields: next(iter(fields)),
)
def test_case_check_constraints(school: Unit, fields: dict[str, Any]) -> None:
    # given/when a case row with a value outside its domain / then the database refuses
    _refused(lambda: CaseFactory(unit=school, **fields))


def test_submission_token_is_unique(school: Unit) -> None:
    # given a case made from one form
    first = CaseFactory(unit=school)
    # when a second row claims the same form / then refused
    _refused(lambda: CaseFactory(unit=school, submission_token=first.submission_token))


def test_classification_period_cannot_end_before_it_starts(db: None) -> None:
    _refused(
        lambda: Category.objects.create(
            code="ny", name="Ny", valid_from=D(2020, 1, 1), valid_to=D(2019, 1, 1)
        )
    )


@pytest.mark.parametrize(
    ("model", "owner"),
    [
        (CategoryAlias, "category__code"),
        (CountryAlias, "country__code"),
        (ReferralSourceAlias, "source__code"),
    ],
)
def test_alias_names_are_unique(db: None, model: Any, owner: str) -> None:
    # given an alias loaded by the data migration
    existing = model.objects.first()
    assert existing is not None
    fk = owner.split("__")[0]
    # when another level claims the same old name / then refused
    _refused(lambda: model.objects.create(name=existing.name, **{fk: getattr(existing, fk)}))
