"""The import benchmark's synthetic sheet goes through the importer as the bench runs it."""

from __future__ import annotations

import pytest

from bench.import_bench import _read, synthetic_sheet
from tallrapport.accounts.models import Unit, User
from tallrapport.cases.imports.services import import_apply
from tallrapport.cases.models import Case

pytestmark = pytest.mark.django_db


def test_the_synthetic_sheet_imports_all_but_its_bad_rows_once(advisor: User, school: Unit) -> None:
    # given the bench's sheet of 300 rows (every hundredth with an unknown category)
    sheet, choices = _read(synthetic_sheet(300))
    # when imported twice
    first = import_apply(
        user=advisor, unit=school, kind="saker", sheet=sheet, choices=choices, digest=None
    )
    again = import_apply(
        user=advisor, unit=school, kind="saker", sheet=sheet, choices=choices, digest=None
    )
    # then the good rows come in once, and the totals row is no case
    assert (first.created, len(first.plan.refused), first.plan.totals) == (297, 3, [303])
    assert (again.created, len(again.plan.already)) == (0, 297)
    assert Case.objects.count() == 297
