"""The million-case generator for the benchmarks makes valid cases, repeatably."""

from __future__ import annotations

import datetime

import pytest

from bench.synthetic_cases import generate_cases
from tallrapport.cases.models import Case
from tallrapport.demo.loader import LoadResult
from tests.demo.test_demo_register import _membership_at_date

pytestmark = pytest.mark.django_db


def test_generate_cases_makes_valid_cases_and_is_repeatable(demo: LoadResult) -> None:
    # given the demo organisation
    before = Case.objects.count()
    # when generating a synthetic register twice with the same seed
    offered = generate_cases(3000, seed=7, batch_size=1000)
    after_first = Case.objects.count()
    generate_cases(3000, seed=7, batch_size=1000)
    # then the cases are valid and the second run adds nothing
    assert after_first - before == offered >= 2900
    assert Case.objects.count() == after_first
    assert not Case.objects.annotate(ok=_membership_at_date()).filter(ok=False).exists()
    assert not Case.objects.filter(registered_on__gt=datetime.date.today()).exists()
