"""Reads of activities, scoped by who asks, and the counts the yearly report needs.

:func:`activities_visible_to` is the one place that decides who sees which
activity, as :func:`tallrapport.cases.selectors.cases_visible_to` does for
cases: an advisor sees the activities of the units they belonged to, dated
within the period they belonged there; analysts and administrators see all.

The yearly report's activity counts live in :mod:`tallrapport.stats.selectors`,
once, beside the case counts.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.shortcuts import get_object_or_404
from django.utils import timezone

from tallrapport.accounts.models import Membership, Scheme, Unit, User
from tallrapport.activities.models import (
    COMPETENCE_BUILDING_TYPES,
    Activity,
    ActivityType,
)
from tallrapport.cases.selectors import user_may_close_years

# The mandate's guiding share of working time on competence building.
COMPETENCE_TARGET = Decimal("0.40")


def activities_visible_to(user: User) -> QuerySet[Activity]:
    """The activities ``user`` may see; the single scoping rule for activities."""
    if user.reads_every_unit:
        return Activity.objects.all()
    if user.is_advisor:
        covering_membership = Membership.objects.filter(
            user=user,
            unit=OuterRef("unit"),
            valid_from__lte=OuterRef("date"),
        ).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=OuterRef("date")))
        return Activity.objects.filter(Exists(covering_membership))
    return Activity.objects.none()


def _with_relations(activities: QuerySet[Activity]) -> QuerySet[Activity]:
    return activities.select_related("unit", "scheme").prefetch_related(
        "target_groups", "topics", "partners"
    )


def activity_get_visible(*, user: User, activity_id: uuid.UUID) -> Activity:
    """One activity the user may see, or 404 so that its existence is not revealed."""
    return get_object_or_404(_with_relations(activities_visible_to(user)), pk=activity_id)


def user_may_change_activities(user: User) -> bool:
    """Only advisors register and change activities; analysts read, administrators
    use the admin."""
    return user.is_advisor


def activity_get_for_change(*, user: User, activity_id: uuid.UUID, late: bool = False) -> Activity:
    """An activity the user may edit or delete (``late``: change in a closed year, as
    an analyst).

    A role that may not change activities this way gets 403 (it could see them
    anyway); an advisor gets 404 for an activity outside their units and periods.
    """
    if not (user_may_close_years(user) if late else user_may_change_activities(user)):
        raise PermissionDenied
    return activity_get_visible(user=user, activity_id=activity_id)


def user_may_change_activity(*, user: User, activity: Activity) -> bool:
    """The service-side check behind :func:`activity_get_for_change`."""
    return (
        user_may_change_activities(user)
        and activities_visible_to(user).filter(pk=activity.pk).exists()
    )


def activities_of_year(activities: QuerySet[Activity], *, year: int) -> QuerySet[Activity]:
    """An already scoped queryset narrowed to one year, ready for a list."""
    return _with_relations(activities.filter(year=year))


def activity_years(activities: QuerySet[Activity], *, include: int | None = None) -> list[int]:
    """Years that have activities, newest first (plus ``include``, e.g. this year)."""
    years = set(activities.order_by().values_list("year", flat=True).distinct())
    if include is not None:
        years.add(include)
    return sorted(years, reverse=True)


# --- the advisor's share of time on competence building -------------------------


@dataclass(frozen=True)
class TypeHours:
    """One row of the advisor's data table: a type, how many, how many hours."""

    activity_type: str
    label: str
    competence_building: bool
    count: int
    hours: Decimal


@dataclass(frozen=True)
class CompetenceShare:
    """An advisor's registered hours on competence building in a year, and the
    share of their working time those hours make, against the mandate's 40 %."""

    year: int
    rows: list[TypeHours]
    competence_hours: Decimal
    other_hours: Decimal
    # Full-time hours prorated by the days the advisor belonged to a unit in the
    # year (up to today in the current year).
    working_hours: Decimal
    full_time_hours: Decimal
    member_days: int
    period_end: datetime.date
    # competence_hours / working_hours; None when the advisor had no membership.
    share: Decimal | None
    target: Decimal
    # The 40 % is the diversity advisors' mandate; the envoys' is a few weeks a year.
    target_applies: bool

    @property
    def share_percent(self) -> int | None:
        if self.share is None:
            return None
        return int((self.share * 100).quantize(Decimal("1"), rounding=ROUND_HALF_UP))

    @property
    def target_percent(self) -> int:
        return int(self.target * 100)

    @property
    def target_hours(self) -> Decimal:
        return (self.working_hours * self.target).quantize(Decimal("0.1"))

    @property
    def meets_target(self) -> bool:
        return self.share is not None and self.share >= self.target


def full_time_hours() -> Decimal:
    """A full-time year's working hours (setting ``TALLRAPPORT_FULL_TIME_HOURS``)."""
    return Decimal(str(settings.TALLRAPPORT_FULL_TIME_HOURS))


def _member_days(user: User, first: datetime.date, last: datetime.date) -> int:
    """Days in [first, last] covered by any of the user's memberships.

    The union, not the sum: an advisor at two schools at once has one job.
    """
    periods = sorted(
        (max(m.valid_from, first), min(m.valid_to or last, last))
        for m in Membership.objects.filter(user=user, valid_from__lte=last).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=first)
        )
    )
    days = 0
    covered_to = first - datetime.timedelta(days=1)
    for start, end in periods:
        start = max(start, covered_to + datetime.timedelta(days=1))
        if start <= end:
            days += (end - start).days + 1
            covered_to = end
    return days


def competence_share(*, user: User, year: int) -> CompetenceShare:
    """The hours ``user`` registered in ``year`` by type, and the share of their
    working time spent on competence building.

    Working time is not recorded anywhere in Tallrapport, so it is estimated:
    a full-time year (``TALLRAPPORT_FULL_TIME_HOURS``, 1695 h by default),
    prorated by the days the advisor belonged to a unit that year and, in the
    current year, only up to today, so that the share means "so far". Part-time
    positions are not known and count as full time. The hours come from the
    activities the user registered; one GROUP BY.
    """
    first = datetime.date(year, 1, 1)
    last = min(datetime.date(year, 12, 31), timezone.localdate())
    member_days = _member_days(user, first, last) if last >= first else 0
    days_in_year = (datetime.date(year, 12, 31) - first).days + 1
    working = (full_time_hours() * member_days / days_in_year).quantize(Decimal("0.1"))
    grouped = {
        activity_type: (n, hours or Decimal(0))
        for activity_type, n, hours in Activity.objects.filter(registered_by=user, year=year)
        .order_by()
        .values_list("activity_type")
        .annotate(n=Count("id"), hours=Sum("hours"))
        .values_list("activity_type", "n", "hours")
    }
    rows = [
        TypeHours(
            activity_type=t.value,
            label=str(t.label),
            competence_building=t in COMPETENCE_BUILDING_TYPES,
            count=grouped.get(t.value, (0, Decimal(0)))[0],
            hours=Decimal(grouped.get(t.value, (0, Decimal(0)))[1]),
        )
        for t in ActivityType
    ]
    competence = sum((r.hours for r in rows if r.competence_building), Decimal(0))
    other = sum((r.hours for r in rows if not r.competence_building), Decimal(0))
    schemes = set(Membership.objects.filter(user=user).values_list("unit__scheme__code", flat=True))
    return CompetenceShare(
        year=year,
        rows=rows,
        competence_hours=competence,
        other_hours=other,
        working_hours=working,
        full_time_hours=full_time_hours(),
        member_days=member_days,
        period_end=last,
        share=(competence / working) if working > 0 else None,
        target=COMPETENCE_TARGET,
        target_applies=Scheme.DIVERSITY_ADVISORS in schemes,
    )


def municipality_suggestions() -> list[str]:
    """Names offered in the municipality field's suggestion list: those of the
    units and those already used on activities (a few hundred at most)."""
    names = set(Unit.objects.exclude(municipality="").values_list("municipality", flat=True))
    names |= set(
        Activity.objects.exclude(municipality="")
        .order_by()
        .values_list("municipality", flat=True)
        .distinct()
    )
    return sorted(names)
