"""A case's timestamps: now by default, and kept when a loader gives them."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from tallrapport.accounts.models import Unit
from tallrapport.cases.models import Case
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


def test_a_bulk_loaded_case_keeps_the_registration_time_it_was_given(school: Unit) -> None:
    # given a historical case built with the time it was registered
    moment = timezone.make_aware(datetime.datetime(2019, 3, 4, 10, 30))
    case = CaseFactory.build(unit=school, registered_on=datetime.date(2019, 3, 4))
    case.created_at = case.updated_at = moment
    # when it is loaded the way the demo loads its register, with nothing patched
    Case.objects.bulk_create([case])
    # then both times are the given ones, not the time of loading
    stored = Case.objects.get(pk=case.pk)
    assert (stored.created_at, stored.updated_at) == (moment, moment)


def test_a_new_case_is_stamped_now(school: Unit) -> None:
    # given the time before a case is made without timestamps
    before = timezone.now()
    # when it is saved
    case = CaseFactory(unit=school)
    # then it was registered and last changed now
    assert before <= case.created_at <= timezone.now()
    assert case.updated_at >= before
