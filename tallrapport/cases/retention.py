"""Retention: cut old closed years' case rows down to what the statistics need.

A case row says more than any table counts: the exact date, the unit (a school
of a few hundred pupils), who registered it, which family it belongs to. After
the retention period (``TALLRAPPORT_RETENTION_YEARS``, counted in full years
after the year ended) a *closed* year keeps only what every statistic of the
reports is computed from — scheme, year, half-year, main and secondary
categories, gender, age group, country background, who reported it, who was
guided — so the published figures stay reproducible from the same rows by the
same queries, while the rest is gone:

- the date becomes the first day of its half-year (1 January or 1 July),
- the unit becomes the scheme's placeholder «Anonymisert enhet»,
- the author and the family link are removed,
- the created/changed timestamps become the half-year's first moment.

Rows are reduced in place rather than replaced by a table of counts, so the
stats code needs no second source; ``Case.reduced`` marks them. Open years are
never touched. Each reduced scheme-year is one audit entry.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Q

from tallrapport.accounts.models import Scheme, Unit, UnitKind, User
from tallrapport.audit.models import Action
from tallrapport.audit.services import audit_record
from tallrapport.cases.models import Case, ClosedYear
from tallrapport.cases.years import YEAR_TARGET, closed_years_writable, year_key

PLACEHOLDER_NAME = "Anonymisert enhet (oppbevaringstid utløpt)"
# The placeholder was never a real unit: valid for one day in 2000, so no form offers it.
PLACEHOLDER_DAY = datetime.date(2000, 1, 1)


@dataclass(frozen=True)
class RetentionItem:
    """One closed scheme-year past the retention period."""

    scheme: Scheme
    year: int
    cases: int
    to_reduce: int


def retention_last_year(*, today: datetime.date, years: int) -> int:
    """The newest year whose retention period is over: it ended ``years`` full years ago."""
    return today.year - 1 - years


def retention_due(*, today: datetime.date, years: int) -> list[RetentionItem]:
    """Closed years past the period, with how many of their rows are not yet reduced."""
    last = retention_last_year(today=today, years=years)
    items: list[RetentionItem] = []
    closed = ClosedYear.objects.filter(year__lte=last).select_related("scheme")
    for row in closed.order_by("scheme__sort_order", "year"):
        counts = Case.objects.filter(scheme=row.scheme, year=row.year).aggregate(
            total=Count("id"), left=Count("id", filter=Q(reduced=False))
        )
        items.append(RetentionItem(row.scheme, row.year, counts["total"], counts["left"]))
    return items


def _placeholder(scheme: Scheme) -> Unit:
    embassy = scheme.code == Scheme.SPECIAL_ENVOYS
    unit, _created = Unit.objects.get_or_create(
        scheme=scheme,
        name=PLACEHOLDER_NAME,
        defaults={
            "kind": UnitKind.EMBASSY if embassy else UnitKind.UPPER_SECONDARY,
            # The location constraint wants a host country for an embassy (XX:
            # ISO's code for unknown) and a county for a school.
            "host_country_code": "xx" if embassy else "",
            "county": "" if embassy else "Ukjent",
            "valid_from": PLACEHOLDER_DAY,
            "valid_to": PLACEHOLDER_DAY,
        },
    )
    return unit


def retention_apply(
    *, today: datetime.date, years: int, actor: User | None = None
) -> list[RetentionItem]:
    """Reduce every due closed year; returns what was reduced. Idempotent."""
    done: list[RetentionItem] = []
    for item in retention_due(today=today, years=years):
        if item.to_reduce == 0:
            continue
        with transaction.atomic():
            unit = _placeholder(item.scheme)
            with closed_years_writable([(item.scheme, item.year)]):
                for half, month in ((1, 1), (2, 7)):
                    start = datetime.date(item.year, month, 1)
                    moment = datetime.datetime(item.year, month, 1, tzinfo=datetime.UTC)
                    Case.objects.filter(
                        scheme=item.scheme, year=item.year, half_year=half, reduced=False
                    ).update(
                        registered_on=start,
                        unit=unit,
                        registered_by=None,
                        family=None,
                        created_at=moment,
                        updated_at=moment,
                        reduced=True,
                    )
            audit_record(
                actor=actor,
                action=Action.RETENTION,
                target_type=YEAR_TARGET,
                target_id=year_key(item.scheme, item.year),
                changes={"reduced_cases": [0, item.to_reduce]},
                reason=f"Oppbevaringstid {years} år",
            )
        done.append(item)
    return done
