"""Reads of plans, scoped by who asks, and the data the reports are drawn from.

:func:`plans_visible_to` is the one place that decides who sees which plan:
analysts and administrators see every plan; anyone else sees the plans they hold
a role in (coordinator or reader) or own a measure of. Every view starts there.

The report functions return plain dataclasses, so that the HTML page, the PDF,
the Word document and the spreadsheet are drawn from the very same numbers and
words, and the renderers hold no queries.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from tallrapport.accounts.models import User
from tallrapport.plans.models import (
    ActionPlan,
    FocusArea,
    GoalAchievement,
    Measure,
    MeasureOwner,
    MeasureStatus,
    Ministry,
    MinistryResponsibility,
    PlanRole,
    PlanRoleKind,
    ReportingYear,
    ResultGoal,
    Status,
)
from tallrapport.plans.summary import combined_status, count_measures, summary_sentence

# --- access -------------------------------------------------------------------------------


def plans_visible_to(user: User) -> QuerySet[ActionPlan]:
    """The plans ``user`` may read; the single scoping rule for plans."""
    if not user.is_active:
        return ActionPlan.objects.none()
    if user.reads_every_unit:
        return ActionPlan.objects.all()
    has_role = PlanRole.objects.filter(user=user, plan=OuterRef("pk"))
    owns_measure = MeasureOwner.objects.filter(user=user, measure__plan=OuterRef("pk"))
    return ActionPlan.objects.filter(Exists(has_role) | Exists(owns_measure))


@dataclass(frozen=True)
class PlanAccess:
    """What one user may do in one plan they can read."""

    is_coordinator: bool
    owned_measure_ids: frozenset[int]

    @property
    def may_write_any_status(self) -> bool:
        return self.is_coordinator or bool(self.owned_measure_ids)

    def may_write_status(self, measure: Measure) -> bool:
        """Coordinators write every measure's status; owners only their own."""
        return self.is_coordinator or measure.pk in self.owned_measure_ids


def plan_access(user: User, plan: ActionPlan) -> PlanAccess:
    coordinator = PlanRole.objects.filter(
        user=user, plan=plan, role=PlanRoleKind.COORDINATOR
    ).exists()
    owned = MeasureOwner.objects.filter(user=user, measure__plan=plan).values_list(
        "measure_id", flat=True
    )
    return PlanAccess(
        is_coordinator=coordinator and user.is_active, owned_measure_ids=frozenset(owned)
    )


def plan_get_visible(user: User, slug: str) -> ActionPlan:
    """The plan, or 404 when it does not exist or ``user`` may not read it."""
    return get_object_or_404(plans_visible_to(user), slug=slug)


_LABEL = re.compile(r"^(?P<number>[1-9]\d{0,2})(?P<letter>[a-z]?)$")


def measure_get(plan: ActionPlan, label: str) -> Measure:
    """A measure by its label as used in addresses («18a», «6»), or 404."""
    match = _LABEL.match(label)
    if match is None:
        raise Http404
    return get_object_or_404(
        Measure.objects.select_related("focus_area", "parent"),
        plan=plan,
        number=int(match["number"]),
        letter=match["letter"],
    )


def measure_get_for_status_edit(user: User, plan: ActionPlan, label: str) -> Measure:
    """The measure ``user`` may write the status of.

    A reader (or an analyst, who reads every plan) gets 403: the page is not for
    them. A measure owner asking for somebody else's measure gets 404, as if it
    did not exist, the same answer as for a measure that does not.
    """
    access = plan_access(user, plan)
    if not access.may_write_any_status:
        raise PermissionDenied
    measure = measure_get(plan, label)
    if not access.may_write_status(measure):
        raise Http404
    return measure


def user_is_coordinator(user: User, plan: ActionPlan) -> bool:
    return plan_access(user, plan).is_coordinator


def measure_url_label(measure: Measure) -> str:
    return measure.url_label


# --- years ---------------------------------------------------------------------------------


def reporting_years(plan: ActionPlan) -> list[ReportingYear]:
    return list(plan.reporting_years.order_by("year"))


def default_year(plan: ActionPlan) -> int:
    """The year a plan page opens on: the latest year reported on, else the first."""
    latest = plan.reporting_years.order_by("-year").values_list("year", flat=True).first()
    return latest if latest is not None else plan.start_year


def reporting_year_get(plan: ActionPlan, year: int) -> ReportingYear | None:
    return plan.reporting_years.filter(year=year).first()


# --- ministries ---------------------------------------------------------------------------


def ministry_code_in(responsibilities: Iterable[MinistryResponsibility], year: int) -> str:
    """The code of the ministry responsible in ``year`` (empty when none is recorded)."""
    for responsibility in responsibilities:
        if responsibility.covers(year):
            return responsibility.ministry.code
    return ""


# --- the overview --------------------------------------------------------------------------


@dataclass(frozen=True)
class OverviewRow:
    measure_id: int
    label: str
    url_label: str
    title: str
    ministry: str
    status: str | None
    status_label: str
    is_sub: bool
    has_subs: bool
    illustrative: bool


@dataclass(frozen=True)
class OverviewArea:
    number: int
    title: str
    rows: list[OverviewRow]
    illustrative: bool


@dataclass(frozen=True)
class Overview:
    plan: ActionPlan
    year: int
    areas: list[OverviewArea]
    counts: dict[str | None, int]
    sentence: str
    closed: bool

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def status_label(status: str | None) -> str:
    return str(Status(status).label) if status else _("Ikke rapportert")


def _measures_with_history(plan: ActionPlan) -> list[Measure]:
    return list(
        Measure.objects.filter(plan=plan)
        .select_related("focus_area", "parent")
        .prefetch_related(
            Prefetch(
                "responsibilities",
                queryset=MinistryResponsibility.objects.select_related("ministry"),
            ),
            Prefetch("result_goals", queryset=ResultGoal.objects.order_by("number")),
        )
        .order_by("focus_area__number", "number", "letter")
    )


def plan_overview(plan: ActionPlan, year: int) -> Overview:
    """The overview table for ``year``: every measure by focus area, and the sentence."""
    measures = _measures_with_history(plan)
    statuses = dict(
        MeasureStatus.objects.filter(measure__plan=plan, reporting_year__year=year).values_list(
            "measure_id", "status"
        )
    )
    subs_of: dict[int, list[Measure]] = defaultdict(list)
    for measure in measures:
        if measure.parent_id is not None:
            subs_of[measure.parent_id].append(measure)

    counted: list[tuple[str | None, list[str | None]]] = []
    rows_by_area: dict[int, list[OverviewRow]] = defaultdict(list)
    areas: dict[int, FocusArea] = {}
    for measure in measures:
        areas[measure.focus_area.number] = measure.focus_area
        subs = subs_of.get(measure.pk, [])
        if measure.parent_id is None:
            sub_statuses = [statuses.get(sub.pk) for sub in subs]
            counted.append((statuses.get(measure.pk), sub_statuses))
            shown = combined_status(sub_statuses) if subs else statuses.get(measure.pk)
        else:
            shown = statuses.get(measure.pk)
        rows_by_area[measure.focus_area.number].append(
            OverviewRow(
                measure_id=measure.pk,
                label=f"{measure.letter})" if measure.letter else str(measure.number),
                url_label=measure_url_label(measure),
                title=measure.title,
                ministry="" if subs else ministry_code_in(measure.responsibilities.all(), year),
                status=None if subs else shown,
                status_label="" if subs else status_label(shown),
                is_sub=measure.parent_id is not None,
                has_subs=bool(subs),
                illustrative=measure.illustrative,
            )
        )
    # Focus areas without measures still belong in the table.
    for area in plan.focus_areas.all():
        areas.setdefault(area.number, area)
    counts = count_measures(counted)
    year_row = reporting_year_get(plan, year)
    return Overview(
        plan=plan,
        year=year,
        areas=[
            OverviewArea(
                number=number,
                title=areas[number].title,
                rows=rows_by_area.get(number, []),
                illustrative=areas[number].illustrative,
            )
            for number in sorted(areas)
        ],
        counts=dict(counts),
        sentence=summary_sentence(counts),
        closed=bool(year_row and year_row.closed),
    )


# --- one measure across the years ----------------------------------------------------------


@dataclass(frozen=True)
class GoalEntry:
    number: int
    goal: str
    achievement: str


@dataclass(frozen=True)
class YearEntry:
    year: int
    ministry: str
    status: str | None
    status_label: str
    text: str
    goals: list[GoalEntry]
    closed: bool
    reported: bool


def measure_history(measure: Measure) -> list[YearEntry]:
    """The measure's ministry, status, text and goal achievement for every plan year.

    Years the plan has not reached in reporting are shown only once a reporting
    year exists for them, so the history is what was reported, not a grid of blanks.
    """
    plan = measure.plan
    years = {ry.year: ry for ry in plan.reporting_years.all()}
    responsibilities = list(measure.responsibilities.select_related("ministry"))
    statuses = {s.reporting_year.year: s for s in measure.statuses.select_related("reporting_year")}
    goals = list(measure.result_goals.order_by("number"))
    achievements = {
        (a.result_goal_id, a.reporting_year.year): a.text
        for a in GoalAchievement.objects.filter(result_goal__measure=measure).select_related(
            "reporting_year"
        )
    }
    entries = []
    for year in sorted(years):
        status = statuses.get(year)
        entries.append(
            YearEntry(
                year=year,
                ministry=ministry_code_in(responsibilities, year),
                status=status.status if status else None,
                status_label=status_label(status.status if status else None),
                text=status.text if status else "",
                goals=[
                    GoalEntry(goal.number, goal.text, achievements.get((goal.pk, year), ""))
                    for goal in goals
                ],
                closed=years[year].closed,
                reported=status is not None,
            )
        )
    return entries


@dataclass(frozen=True)
class MinistrySpan:
    code: str
    name: str
    from_year: int
    to_year: int | None


def ministry_history(measure: Measure) -> list[MinistrySpan]:
    return [
        MinistrySpan(r.ministry.code, r.ministry.name, r.valid_from_year, r.valid_to_year)
        for r in measure.responsibilities.select_related("ministry").order_by("valid_from_year")
    ]


# --- the full status report ---------------------------------------------------------------


@dataclass
class ReportMeasure:
    label: str
    title: str
    description: list[str]
    executing_body: str
    contact_role: str
    budget_amount: Decimal | None
    budget_post: str
    budget_text: str
    ministry: str
    status: str | None
    status_label: str
    status_text: list[str]
    goals: list[GoalEntry]
    illustrative: bool
    sub_measures: list[ReportMeasure] = field(default_factory=list)


@dataclass
class ReportArea:
    number: int
    title: str
    introduction: list[str]
    measures: list[ReportMeasure]
    illustrative: bool


@dataclass
class ReportMinistry:
    code: str
    name: str


@dataclass
class PlanReport:
    """Everything a status report prints, in reading order."""

    plan_name: str
    period: str
    plan_note: str
    year: int
    closed: bool
    overview: Overview
    areas: list[ReportArea]
    ministries: list[ReportMinistry]

    @property
    def title(self) -> str:
        return f"{self.plan_name} ({self.period})"


def paragraphs(text: str) -> list[str]:
    """Split stored prose into paragraphs at blank lines."""
    return [part.strip() for part in re.split(r"\n\s*\n", text) if part.strip()]


def plan_report(plan: ActionPlan, year: int) -> PlanReport:
    """The status report for ``year`` in the shape of the published measure reports."""
    overview = plan_overview(plan, year)
    measures = _measures_with_history(plan)
    statuses = {
        s.measure_id: s
        for s in MeasureStatus.objects.filter(measure__plan=plan, reporting_year__year=year)
    }
    achievements = {
        a.result_goal_id: a.text
        for a in GoalAchievement.objects.filter(
            result_goal__measure__plan=plan, reporting_year__year=year
        )
    }
    by_id: dict[int, ReportMeasure] = {}
    areas: dict[int, ReportArea] = {
        area.number: ReportArea(
            area.number, area.title, paragraphs(area.introduction), [], area.illustrative
        )
        for area in plan.focus_areas.all()
    }
    ministry_codes: set[str] = set()
    for measure in measures:
        status = statuses.get(measure.pk)
        ministry = ministry_code_in(measure.responsibilities.all(), year)
        if ministry:
            ministry_codes.add(ministry)
        entry = ReportMeasure(
            label=f"{measure.number} {measure.letter})" if measure.letter else str(measure.number),
            title=measure.title,
            description=paragraphs(measure.description),
            executing_body=measure.executing_body,
            contact_role=measure.contact_role,
            budget_amount=measure.budget_amount,
            budget_post=measure.budget_post,
            budget_text=measure.budget_text,
            ministry=ministry,
            status=status.status if status else None,
            status_label=status_label(status.status if status else None),
            status_text=paragraphs(status.text) if status else [],
            goals=[
                GoalEntry(goal.number, goal.text, achievements.get(goal.pk, ""))
                for goal in measure.result_goals.all()
            ],
            illustrative=measure.illustrative,
        )
        by_id[measure.pk] = entry
        if measure.parent_id is not None:
            by_id[measure.parent_id].sub_measures.append(entry)
        else:
            areas[measure.focus_area.number].measures.append(entry)
    ministries = [
        ReportMinistry(m.code, m.name)
        for m in Ministry.objects.filter(code__in=ministry_codes).order_by("name")
    ]
    return PlanReport(
        plan_name=plan.name,
        period=f"{plan.start_year}–{plan.end_year}",
        plan_note=plan.note,
        year=year,
        closed=overview.closed,
        overview=overview,
        areas=[areas[number] for number in sorted(areas)],
        ministries=ministries,
    )


def plan_get_by_slug(slug: str) -> ActionPlan:
    """For the management command, which runs as the operator, outside any user's scope."""
    return ActionPlan.objects.get(slug=slug)


def measures_owned_by(user: User, plan: ActionPlan) -> QuerySet[Measure]:
    return Measure.objects.filter(plan=plan, owners__user=user)


def measures_owned_in_any_plan(user: User) -> QuerySet[Measure]:
    """The measures ``user`` owns in the plans they may read (the start page's list)."""
    owned = Measure.objects.filter(measures_visible_q(user), owners__user=user)
    return owned.select_related("plan").distinct()


def measures_visible_q(user: User) -> Q:
    """Measures of the plans ``user`` may read, as a filter for other queries."""
    return Q(plan__in=plans_visible_to(user))
