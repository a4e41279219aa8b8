"""The biggest country backgrounds per category: named only when large, and held as knowledge."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pytest

from tallrapport.demo.loader import LoadResult
from tallrapport.reports.build import build_report
from tallrapport.reports.report import Report
from tallrapport.reports.stated import (
    STATED_FROM,
    Stated,
    countries_by_category,
    stated_knowledge,
)
from tallrapport.stats.selectors import CaseCounts

BY = ("scheme", "year", "category", "country")


def _counts(rows: dict[tuple[str, str], int]) -> CaseCounts:
    """Cases of one scheme in 2023 by (category, country)."""
    keys = list(rows)
    columns = (
        np.array(["s"] * len(keys), dtype=np.str_),
        np.array(["2023"] * len(keys), dtype=np.str_),
        np.array([k[0] for k in keys], dtype=np.str_),
        np.array([k[1] for k in keys], dtype=np.str_),
    )
    return CaseCounts(BY, columns, np.array(list(rows.values()), dtype=np.int64))


def test_only_large_backgrounds_are_named_biggest_first_and_at_most_three() -> None:
    # given one category with five big backgrounds, a small one and «ukjent», another all small
    counts = _counts(
        {
            ("nsk", "sy"): 40,
            ("nsk", "pk"): 25,
            ("nsk", "so"): 30,
            ("nsk", "iq"): STATED_FROM,
            ("nsk", "af"): STATED_FROM + 1,
            ("nsk", "er"): STATED_FROM - 1,
            ("nsk", "xx"): 90,
            ("vold", "sy"): 5,
        }
    )
    # when the countries to name are chosen
    stated = countries_by_category(
        counts, year=2023, categories={"s": ["nsk", "vold"]}, countries=["af", "iq", "sy"]
    )
    # then the three biggest real backgrounds are named, and nothing for the small category
    assert stated == {"s": {"nsk": ("sy", "so", "pk")}}


def test_each_named_background_is_a_hidden_known_sum_of_at_least_the_limit() -> None:
    # given one named background
    stated: Stated = {"s": {"nsk": ("sy",)}}
    # when it becomes knowledge
    (known,) = stated_knowledge(stated, year=2023)
    # then the reader knows its count only to be at least the limit
    assert known.value is None
    assert known.at_least == STATED_FROM
    assert dict(known.levels) == {
        "scheme": ("s",),
        "year": ("2023",),
        "category": ("nsk",),
        "country": ("sy",),
    }


@pytest.fixture(scope="module")
def report(demo_with_activities: LoadResult, django_db_blocker: object) -> Iterator[Report]:
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        yield build_report(year=2023)


@pytest.mark.django_db
def test_the_demo_report_names_backgrounds_and_its_protection_knows_them(report: Report) -> None:
    # given the demo's 2023 report
    advisors = report.section("mangfoldsradgiver")
    # then the biggest category names its backgrounds in its paragraph
    assert advisors.countries
    assert "De største landbakgrunnene var Syria" in advisors.texts["kategorier"]
    # and every named background is a known sum of the protected problem, and the audit holds
    assert report.protection is not None
    names = {k.name for k in report.protection.problem.known}
    assert sum("Nevnt i teksten" in name for name in names) == sum(
        len(c) for s in report.sections for c in s.countries.values()
    )
    assert report.safe
