"""Large synthetic registers (a million cases) for the benchmarks.

Unlike the demo register (``tallrapport.demo``), nothing here matches a
published figure: the cases are only plausible and fast to make. Every case
still obeys the register's rules, so reports and lists over it do real work.
"""

from __future__ import annotations

import datetime
import random
import uuid
from collections.abc import Iterator, Mapping, Sequence
from itertools import accumulate
from typing import TypeVar

from django.utils import timezone

from tallrapport.accounts.models import Scheme, Unit
from tallrapport.cases.models import Case, GuidedPerson
from tallrapport.demo.loader import (
    Staffing,
    classification_ids,
    classifications_load,
    unit_weights,
)
from tallrapport.demo.organisation import SCHOOLS, ensure_organisation, unit_id
from tallrapport.demo.planner import (
    AGE_WEIGHTS,
    CATEGORY_GENDER,
    FIRST_YEAR,
    GENDER_WEIGHTS,
    LAST_PLANNED_YEAR,
    OTHER_COUNTRIES,
    REFERRAL_WEIGHTS,
    SCHEMES,
)

# How a synthetic benchmark register splits between the schemes (~ the reports).
GENERATE_SCHEME_SHARE = {Scheme.DIVERSITY_ADVISORS: 0.78, Scheme.SPECIAL_ENVOYS: 0.22}


def iter_synthetic_cases(
    n: int, seed: int = 0, *, years: Sequence[int] | None = None
) -> Iterator[Case]:
    """``n`` plausible, unsaved cases spread over the demo units and ``years``.

    Meant for benchmarks: no published figure is matched, but every case obeys
    the register's rules (category valid at its date for its scheme, registered
    by a member of its unit on that day, never in the future). Ids come from the
    seeded generator, so the same ``(n, seed)`` gives the same cases.
    """
    rng = random.Random(seed)
    today = timezone.localdate()
    years = list(years or range(FIRST_YEAR, min(LAST_PLANNED_YEAR, today.year) + 1))
    ids = classification_ids()
    cls = classifications_load()
    scheme_ids = dict(Scheme.objects.values_list("code", "id"))
    weights = unit_weights()
    staffing = {scheme: Staffing.load(scheme, weights) for scheme in SCHEMES}
    # Everything drawn per case is prepared once as (values, cumulative weights):
    # random.choices recomputes the cumulation on every call otherwise.
    scheme_codes = list(SCHEMES)
    scheme_cum = list(accumulate(GENERATE_SCHEME_SHARE[s] for s in scheme_codes))
    # fmt: off
    country_codes = [
        "sy", "iq", "pk", "so", "af", "tr", "ir", "ps", "ma", "ru", "no", "er", "jo",
        *OTHER_COUNTRIES,
    ]
    # fmt: on
    country_ids = [ids["country"][c] for c in country_codes]
    country_cum = list(accumulate(1 / (i + 1) ** 0.9 for i in range(len(country_codes))))
    genders, gender_cum = _cumulated(GENDER_WEIGHTS[Scheme.DIVERSITY_ADVISORS])
    ages, age_cum = _cumulated(AGE_WEIGHTS[Scheme.DIVERSITY_ADVISORS])
    referrals = {
        scheme: _cumulated({ids["source"][c]: w for c, w in REFERRAL_WEIGHTS[scheme].items()})
        for scheme in SCHEMES
    }
    categories: dict[tuple[str, int], tuple[list[int], list[float]]] = {}
    for scheme in SCHEMES:
        for year in years:
            # Categories change on 1 January, so validity per year is validity per day.
            categories[(scheme, year)] = _cumulated(
                {
                    ids["category"][code]: 8.0 if code == "negativ-sosial-kontroll" else 1.0
                    for code in CATEGORY_GENDER
                    if cls.category_valid(code, scheme, year)
                }
            )
    days: list[datetime.date] = []
    for year in years:
        day, last = datetime.date(year, 1, 1), min(datetime.date(year, 12, 31), today)
        while day <= last:
            days.append(day)
            day += datetime.timedelta(days=1)
    # (unit id, the user ids posted there) for every scheme and day, and the day's
    # start as an aware datetime: both are slow to compute per case.
    staffed: dict[tuple[str, datetime.date], list[tuple[uuid.UUID, list[int]]]] = {}
    for scheme in SCHEMES:
        for day in days:
            staffed[(scheme, day)] = [
                (unit.id, [posting.user_id for posting in posts])
                for unit, posts in staffing[scheme].staffed_on(day)
            ]
        if not any(staffed[(scheme, day)] for day in days):
            raise ValueError(f"no {scheme} unit is staffed in {years}")
    midnight = {
        day: timezone.make_aware(datetime.datetime.combine(day, datetime.time(8))) for day in days
    }
    made = 0
    while made < n:
        scheme = rng.choices(scheme_codes, cum_weights=scheme_cum)[0]
        day = rng.choice(days)
        units = staffed[(scheme, day)]
        if not units:
            continue
        unit_id_, users = rng.choice(units)
        made += 1
        category_ids, category_cum = categories[(scheme, day.year)]
        referral_ids, referral_cum = referrals[scheme]
        stamp = midnight[day] + datetime.timedelta(seconds=rng.randrange(8 * 3600))
        yield Case(
            id=uuid.UUID(int=rng.getrandbits(128), version=4),
            submission_token=uuid.UUID(int=rng.getrandbits(128), version=4),
            scheme_id=scheme_ids[scheme],
            unit_id=unit_id_,
            registered_on=day,
            year=day.year,
            half_year=1 if day.month <= 6 else 2,
            main_category_id=rng.choices(category_ids, cum_weights=category_cum)[0],
            gender=rng.choices(genders, cum_weights=gender_cum)[0],
            age_group=rng.choices(ages, cum_weights=age_cum)[0],
            country_id=rng.choices(country_ids, cum_weights=country_cum)[0],
            reported_by_id=rng.choices(referral_ids, cum_weights=referral_cum)[0],
            guided=GuidedPerson.EXPOSED,
            registered_by_id=rng.choice(users),
            created_at=stamp,
            updated_at=stamp,
        )


KeyT = TypeVar("KeyT")


def _cumulated(weights: Mapping[KeyT, float]) -> tuple[list[KeyT], list[float]]:
    return list(weights), list(accumulate(weights.values()))


def generate_cases(
    n: int, seed: int = 0, *, batch_size: int = 10_000, years: Sequence[int] | None = None
) -> int:
    """Insert ``n`` synthetic cases in batches of ``batch_size``; returns ``n``.

    Needs the demo organisation (it is created if missing). Re-running with the
    same seed inserts nothing new: conflicting ids are ignored.
    """
    if not Unit.objects.filter(id=unit_id(SCHOOLS[0].name)).exists():
        ensure_organisation()
    offered = 0
    batch: list[Case] = []
    for case in iter_synthetic_cases(n, seed, years=years):
        batch.append(case)
        if len(batch) >= batch_size:
            Case.objects.bulk_create(batch, ignore_conflicts=True)
            offered += len(batch)
            batch = []
    if batch:
        Case.objects.bulk_create(batch, ignore_conflicts=True)
        offered += len(batch)
    return offered
