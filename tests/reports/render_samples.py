"""A small register and its yearly report, shared by the renderer tests.

Synthetic cases at invented units. The shape is chosen so that the report has
the kinds of cell a renderer must handle from the register: small counts that
are hidden (3 cases of one category, and the cells hidden to protect them) and
revised cells (the 2019 column differs from what the 2019 report printed).
Both schemes have cases in all five years, so no column comes from an earlier
edition; cells marked ``publisert`` are tested on a hand-built report.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import transaction

from tallrapport.accounts.models import Unit
from tallrapport.cases.models import AgeGroup, Category, Country, Gender
from tallrapport.reports.build import build_report
from tallrapport.reports.report import Report
from tests.factories import CaseFactory, EmbassyFactory, UnitFactory, advisor_at, envoy_at

YEAR = 2023
SMALL_CATEGORY = "frykt-for-kjonnslemlestelse"
SMALL_COUNT = 3


def _cases(unit: Unit, n: int, *, day: datetime.date, category: str, **extra: object) -> None:
    main = Category.objects.get(code=category)
    for _i in range(n):
        CaseFactory(unit=unit, registered_on=day, main_category=main, **extra)


def small_register() -> None:
    school = UnitFactory(name="Testskolen R videregående skole")
    embassy = EmbassyFactory(name="Ambassaden i Testby R")
    advisor_at(school, username="radgiver_r")
    envoy_at(embassy, username="utsending_r")
    somalia = Country.objects.get(code="so")
    syria = Country.objects.get(code="sy")
    for year, nsk, threats in (
        (2019, 9, 8),
        (2020, 20, 9),
        (2021, 22, 9),
        (2022, 25, 10),
        (2023, 30, 12),
    ):
        _cases(school, nsk, day=datetime.date(year, 3, 1), category="negativ-sosial-kontroll")
        _cases(
            school,
            threats,
            day=datetime.date(year, 9, 1),
            category="trusler-vold",
            gender=Gender.MALE,
            age_group=AgeGroup.ADULT,
            country=somalia,
        )
    _cases(
        school,
        SMALL_COUNT,
        day=datetime.date(YEAR, 10, 1),
        category=SMALL_CATEGORY,
        country=syria,
    )
    for year in range(YEAR - 4, YEAR + 1):
        _cases(
            embassy,
            14,
            day=datetime.date(year, 5, 1),
            category="ufrivillig-opphold-i-utlandet",
            country=somalia,
        )


def small_report() -> Report:
    small_register()
    return build_report(year=YEAR)


@contextmanager
def rolled_back(django_db_blocker: Any) -> Iterator[None]:
    """A module-wide transaction, rolled back at the end (see tests/demo/conftest.py):
    the register is built and rendered once per module, not once per test."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
