"""Demo activities: a plausible year of preventive and competence-building work
for every demo advisor, in every year the demo case register covers.

What the reports say, and the demo therefore holds:

- the diversity advisors carried out "i overkant av 200 ulike
  kompetansehevingsoppdrag" in 2023, "en dobling sammenliknet med 2022"
  (``COMPETENCE_ASSIGNMENTS``: 211 in 2023, 104 in 2022; the competence-building
  types are every type but the pupil-facing ones, see
  :data:`tallrapport.activities.models.COMPETENCE_BUILDING_TYPES`);
- besides, each diversity advisor runs conversation groups, teaching for pupils
  and parents' meetings (the mandate's 60 %), a handful a year;
- each envoy runs "3 årlige kompetansehevingsuker i Norge" and writes
  professional notes (fagnotater), and takes part in meetings and webinars.

Everything is synthetic and seeded: the same seed gives the same activities
with the same ids, written in one transaction, so a second load finds the first
activity and adds nothing. Activities are dated on weekdays outside July, within
the advisor's membership and not after today.
"""

from __future__ import annotations

import calendar
import datetime
import random
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from tallrapport.accounts.models import Membership, Scheme, Unit
from tallrapport.activities.models import (
    Activity,
    ActivityPartner,
    ActivityTargetGroup,
    ActivityTopic,
    ActivityType,
    PartnerKind,
    TargetGroup,
    Topic,
)
from tallrapport.demo.organisation import NAMESPACE, SCHOOLS
from tallrapport.demo.planner import FIRST_YEAR, SEED, register_years

T = ActivityType
G = TargetGroup
P = PartnerKind

# Competence-building assignments of all diversity advisors together, per year.
# 2020 and 2021: schools closed and gatherings cancelled in the pandemic.
COMPETENCE_ASSIGNMENTS = {
    2019: 128,
    2020: 71,
    2021: 86,
    2022: 104,
    2023: 211,
    2024: 224,
    2025: 232,
}
# A later year gets this many, prorated to today in the current year.
COMPETENCE_ASSIGNMENTS_LATER = 230
# Pupil-facing activities per diversity advisor per full year (inclusive range).
PUPIL_FACING_PER_YEAR = (4, 9)
# Per envoy per full year: competence-building weeks, notes, meetings/webinars.
ENVOY_WEEKS_PER_YEAR = 3
ENVOY_NOTES_PER_YEAR = (1, 3)
ENVOY_MEETINGS_PER_YEAR = (2, 4)

DIVERSITY_COMPETENCE_MIX = {
    T.COURSE: 0.42,
    T.NETWORK_MEETING: 0.19,
    T.UNG_NO: 0.14,
    T.STAND: 0.10,
    T.CONFERENCE: 0.07,
    T.MEDIA: 0.05,
    T.PROFESSIONAL_NOTE: 0.03,
}
PUPIL_FACING_MIX = {T.CONVERSATION_GROUP: 0.45, T.TEACHING: 0.4, T.PARENTS_MEETING: 0.15}

STAFF = (G.SCHOOL_STAFF, G.CHILD_WELFARE, G.NAV, G.ADULT_EDUCATION, G.REFUGEE_SERVICE, G.POLICE)
SERVICES = (*STAFF, G.HEALTH, G.VOLUNTARY, G.IMMIGRANT_ORGANISATIONS)


@dataclass(frozen=True)
class Shape:
    """How one type of activity looks: for whom, how many, how long."""

    groups: tuple[TargetGroup, ...]
    group_count: tuple[int, int]
    participants: tuple[int, int] | None
    hours: tuple[float, float]
    has_place: bool = True


SHAPES: dict[ActivityType, Shape] = {
    T.COURSE: Shape((G.SCHOOL_STAFF, G.SCHOOL_STAFF, *STAFF, G.HEALTH), (1, 2), (8, 60), (2, 8)),
    T.NETWORK_MEETING: Shape(SERVICES, (1, 3), (5, 20), (1.5, 4)),
    T.CONFERENCE: Shape((*SERVICES, G.PUBLIC), (2, 4), (40, 250), (8, 30)),
    T.STAND: Shape((G.PUBLIC, G.PUBLIC, G.PUPILS, G.PARENTS), (1, 2), (30, 300), (3, 8)),
    T.MEDIA: Shape((G.PUBLIC,), (1, 1), None, (1, 4), has_place=False),
    T.UNG_NO: Shape((G.PUPILS, G.PUPILS, G.PUBLIC), (1, 1), None, (0.5, 2), has_place=False),
    T.PROFESSIONAL_NOTE: Shape(
        (G.SCHOOL_STAFF, G.CHILD_WELFARE, G.NAV, G.POLICE, G.FOREIGN_SERVICE),
        (2, 4),
        None,
        (15, 40),
        has_place=False,
    ),
    T.COMPETENCE_WEEK: Shape((*SERVICES, G.FOREIGN_SERVICE), (3, 5), (40, 160), (37.5, 37.5)),
    T.CONVERSATION_GROUP: Shape((G.PUPILS,), (1, 1), (4, 10), (6, 20)),
    T.TEACHING: Shape((G.PUPILS,), (1, 1), (15, 90), (1, 4)),
    T.PARENTS_MEETING: Shape((G.PARENTS,), (1, 1), (8, 45), (1.5, 3)),
}

TOPIC_WEIGHTS = {
    Scheme.DIVERSITY_ADVISORS: {
        Topic.NEGATIVE_SOCIAL_CONTROL: 0.9,
        Topic.HONOUR_VIOLENCE: 0.45,
        Topic.FORCED_MARRIAGE: 0.4,
        Topic.FGM: 0.15,
        Topic.INVOLUNTARY_STAY_ABROAD: 0.3,
        Topic.GENDER_SEXUALITY: 0.2,
        Topic.RACISM: 0.15,
    },
    Scheme.SPECIAL_ENVOYS: {
        Topic.NEGATIVE_SOCIAL_CONTROL: 0.5,
        Topic.HONOUR_VIOLENCE: 0.4,
        Topic.FORCED_MARRIAGE: 0.6,
        Topic.FGM: 0.3,
        Topic.INVOLUNTARY_STAY_ABROAD: 0.9,
        Topic.GENDER_SEXUALITY: 0.05,
        Topic.RACISM: 0.05,
    },
}
PARTNERS = {
    Scheme.DIVERSITY_ADVISORS: (
        P.MUNICIPALITY, P.COUNTY, P.SCHOOL, P.IMDI, P.COMPETENCE_TEAM, P.CHILD_WELFARE,
        P.NAV, P.POLICE, P.HEALTH, P.VOLUNTARY, P.IMMIGRANT_ORGANISATION,
    ),
    Scheme.SPECIAL_ENVOYS: (
        P.IMDI, P.COMPETENCE_TEAM, P.CHILD_WELFARE, P.POLICE, P.MUNICIPALITY,
        P.IMMIGRANT_ORGANISATION, P.OTHER_PUBLIC,
    ),
}  # fmt: skip
# Where the envoys hold their weeks in Norway: the municipalities of the demo schools.
NORWEGIAN_MUNICIPALITIES = tuple(sorted({spec.municipality for spec in SCHOOLS}))


def _uuid(*parts: object) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, ":".join(str(part) for part in parts))


def marker_activity_id() -> uuid.UUID:
    """The id of the first demo activity; all are written in one transaction, so
    if this one exists the demo activities are complete."""
    return _uuid("activity", Scheme.DIVERSITY_ADVISORS, FIRST_YEAR, 0)


def competence_assignments_planned(year: int, today: datetime.date) -> int:
    """The diversity advisors' competence-building assignments the demo makes in ``year``."""
    if year in COMPETENCE_ASSIGNMENTS:
        return COMPETENCE_ASSIGNMENTS[year]
    return round(COMPETENCE_ASSIGNMENTS_LATER * _year_fraction(year, today))


def _year_fraction(year: int, today: datetime.date) -> float:
    if year < today.year:
        return 1.0
    if year > today.year:
        return 0.0
    days = 366 if calendar.isleap(year) else 365
    return ((today - datetime.date(year, 1, 1)).days + 1) / days


@dataclass(frozen=True)
class Posting:
    """A demo advisor's membership clipped to one year and to the unit's life."""

    unit: Unit
    user_id: int
    days: list[datetime.date]


def _working_days(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    """Weekdays outside July (the summer holiday) in [first, last]."""
    days = []
    day = first
    while day <= last:
        if day.weekday() < 5 and day.month != 7:
            days.append(day)
        day += datetime.timedelta(days=1)
    return days


def _postings(scheme: str, year: int, today: datetime.date) -> list[Posting]:
    first = datetime.date(year, 1, 1)
    last = min(datetime.date(year, 12, 31), today)
    memberships = (
        Membership.objects.filter(unit__scheme__code=scheme, valid_from__lte=last)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=first))
        .select_related("unit")
        .order_by("unit__name", "valid_from", "user_id")
    )
    postings = []
    for m in memberships:
        start = max(first, m.valid_from, m.unit.valid_from)
        end = min(last, m.valid_to or last, m.unit.valid_to or last)
        days = _working_days(start, end) if start <= end else []
        if days:
            postings.append(Posting(m.unit, m.user_id, days))
    return postings


def _decimal_hours(rng: random.Random, low: float, high: float) -> Decimal:
    return Decimal(str(round(rng.uniform(low, high) * 2) / 2)).max(Decimal("0.5"))


@dataclass
class _Batch:
    activities: list[Activity]
    groups: list[ActivityTargetGroup]
    topics: list[ActivityTopic]
    partners: list[ActivityPartner]


def _activity(
    batch: _Batch,
    rng: random.Random,
    *,
    key: tuple[str, int, int],
    scheme_id: int,
    posting: Posting,
    activity_type: ActivityType,
    scheme: str,
) -> None:
    shape = SHAPES[activity_type]
    day = rng.choice(posting.days)
    if activity_type == T.COMPETENCE_WEEK:
        day -= datetime.timedelta(days=day.weekday())  # a week starts on Monday
        day = max(day, posting.days[0])
    participants = rng.randint(*shape.participants) if shape.participants else None
    if shape.has_place and posting.unit.municipality:
        municipality = (
            posting.unit.municipality
            if rng.random() < 0.8
            else rng.choice(NORWEGIAN_MUNICIPALITIES)
        )
    elif shape.has_place and activity_type == T.COMPETENCE_WEEK:
        municipality = rng.choice(NORWEGIAN_MUNICIPALITIES)
    else:
        municipality = ""
    stamp = timezone.make_aware(
        datetime.datetime.combine(day, datetime.time(rng.randint(9, 15), rng.randint(0, 59)))
    )
    activity = Activity(
        id=_uuid("activity", *key),
        submission_token=_uuid("activity-token", *key),
        scheme_id=scheme_id,
        unit_id=posting.unit.id,
        registered_by_id=posting.user_id,
        date=day,
        year=day.year,
        activity_type=activity_type.value,
        participants=participants,
        hours=_decimal_hours(rng, *shape.hours),
        municipality=municipality,
        created_at=stamp,
        updated_at=stamp,
    )
    batch.activities.append(activity)
    groups = set(
        rng.sample(shape.groups, k=min(len(shape.groups), rng.randint(*shape.group_count)))
    )
    batch.groups += [ActivityTargetGroup(activity_id=activity.id, code=g.value) for g in groups]
    weights = TOPIC_WEIGHTS[scheme]
    topics = {t for t, w in weights.items() if rng.random() < w}
    if not topics:
        topics = {max(weights, key=lambda t: weights[t])}
    batch.topics += [ActivityTopic(activity_id=activity.id, code=t.value) for t in topics]
    partners = set(rng.sample(PARTNERS[scheme], k=rng.choice((0, 0, 1, 1, 2))))
    batch.partners += [ActivityPartner(activity_id=activity.id, code=p.value) for p in partners]


def _weighted(rng: random.Random, mix: dict[ActivityType, float]) -> ActivityType:
    return rng.choices(list(mix), weights=list(mix.values()), k=1)[0]


def _diversity_year(
    batch: _Batch, year: int, today: datetime.date, scheme_id: int, seed: int
) -> None:
    rng = random.Random(f"{seed}:activities:{Scheme.DIVERSITY_ADVISORS}:{year}")
    postings = _postings(Scheme.DIVERSITY_ADVISORS, year, today)
    if not postings:
        return
    index = 0

    def add(posting: Posting, activity_type: ActivityType) -> None:
        nonlocal index
        _activity(
            batch,
            rng,
            key=(Scheme.DIVERSITY_ADVISORS, year, index),
            scheme_id=scheme_id,
            posting=posting,
            activity_type=activity_type,
            scheme=Scheme.DIVERSITY_ADVISORS,
        )
        index += 1

    # Competence-building assignments: an exact yearly total, spread over the
    # advisors in proportion to the days they worked that year.
    weights = [len(p.days) for p in postings]
    for _ in range(competence_assignments_planned(year, today)):
        posting = rng.choices(postings, weights=weights, k=1)[0]
        add(posting, _weighted(rng, DIVERSITY_COMPETENCE_MIX))
    # Pupil-facing work: every advisor, a handful a year, prorated by days worked.
    full_year = len(_working_days(datetime.date(year, 1, 1), datetime.date(year, 12, 31)))
    for posting in postings:
        count = round(rng.randint(*PUPIL_FACING_PER_YEAR) * len(posting.days) / full_year)
        for _ in range(max(count, 1)):
            add(posting, _weighted(rng, PUPIL_FACING_MIX))


def _envoy_year(batch: _Batch, year: int, today: datetime.date, scheme_id: int, seed: int) -> None:
    rng = random.Random(f"{seed}:activities:{Scheme.SPECIAL_ENVOYS}:{year}")
    full_year = len(_working_days(datetime.date(year, 1, 1), datetime.date(year, 12, 31)))
    index = 0
    for posting in _postings(Scheme.SPECIAL_ENVOYS, year, today):
        share = len(posting.days) / full_year
        plan = (
            [T.COMPETENCE_WEEK] * round(ENVOY_WEEKS_PER_YEAR * share)
            + [T.PROFESSIONAL_NOTE] * round(rng.randint(*ENVOY_NOTES_PER_YEAR) * share)
            + [T.NETWORK_MEETING] * round(rng.randint(*ENVOY_MEETINGS_PER_YEAR) * share)
            + ([T.CONFERENCE] if rng.random() < 0.5 * share else [])
        )
        for activity_type in plan:
            _activity(
                batch,
                rng,
                key=(Scheme.SPECIAL_ENVOYS, year, index),
                scheme_id=scheme_id,
                posting=posting,
                activity_type=activity_type,
                scheme=Scheme.SPECIAL_ENVOYS,
            )
            index += 1


@contextmanager
def _historical_timestamps() -> Iterator[None]:
    """Let bulk_create keep the registration times we set, instead of now."""
    fields: list[Any] = [
        Activity._meta.get_field("created_at"),
        Activity._meta.get_field("updated_at"),
    ]
    saved = [(f.auto_now, f.auto_now_add) for f in fields]
    for f in fields:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, (auto_now, auto_now_add) in zip(fields, saved, strict=True):
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


@dataclass(frozen=True)
class ActivityLoadResult:
    created: bool
    activities: int
    seconds: float


def load_demo_activities(
    today: datetime.date | None = None, seed: int = SEED
) -> ActivityLoadResult:
    """Write the demo activities once; a second call finds them and adds nothing.

    Needs the demo organisation (``load_demo_data`` makes it first).
    """
    started = time.monotonic()
    today = today or timezone.localdate()
    with transaction.atomic():
        if Activity.objects.filter(id=marker_activity_id()).exists():
            return ActivityLoadResult(False, 0, time.monotonic() - started)
        schemes = dict(Scheme.objects.values_list("code", "id"))
        batch = _Batch([], [], [], [])
        # The years the demo case register covers, up to this one.
        for year in (y for y in register_years(today) if y <= today.year):
            _diversity_year(batch, year, today, schemes[Scheme.DIVERSITY_ADVISORS], seed)
            _envoy_year(batch, year, today, schemes[Scheme.SPECIAL_ENVOYS], seed)
        with _historical_timestamps():
            Activity.objects.bulk_create(batch.activities, batch_size=1000)
        ActivityTargetGroup.objects.bulk_create(batch.groups, batch_size=2000)
        ActivityTopic.objects.bulk_create(batch.topics, batch_size=2000)
        ActivityPartner.objects.bulk_create(batch.partners, batch_size=2000)
    return ActivityLoadResult(True, len(batch.activities), time.monotonic() - started)
