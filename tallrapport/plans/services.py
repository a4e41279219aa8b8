"""Writes to action plans: structure (for the coordinator and the loader), the
yearly status (for measure owners), closing a year, and plan roles.

Every write checks the rules that keep a report trustworthy, with a Norwegian
message a form can show: a closed year is frozen, a year must lie within the
plan's period, a measure with sub-measures gets its status from them, ministry
periods of one measure do not overlap. Writes into a closed year are also refused
by the database triggers of migration 0003; the check here gives the readable
message, the trigger holds the line for writers that skip this module.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tallrapport.accounts.models import User
from tallrapport.audit.models import Action
from tallrapport.audit.services import audit_diff, audit_record
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
from tallrapport.plans.selectors import plan_access


class YearClosedError(ValidationError):
    """The reporting year is closed; nothing in it may change."""


def _closed_message(year: int) -> str:
    return _(
        "Rapporteringsåret %(year)s er låst. Statusene kan ikke endres etter at året er låst."
    ) % {"year": year}


def _check_year_in_plan(plan: ActionPlan, year: int) -> None:
    if not plan.covers(year):
        raise ValidationError(
            _("%(year)s er utenfor handlingsplanens periode (%(start)s–%(end)s).")
            % {"year": year, "start": plan.start_year, "end": plan.end_year},
            code="year_outside_plan",
        )


def _open_year_for_write(plan: ActionPlan, year: int) -> ReportingYear:
    """The reporting year, created on first write, locked against a concurrent close."""
    _check_year_in_plan(plan, year)
    ReportingYear.objects.get_or_create(plan=plan, year=year)
    reporting_year = ReportingYear.objects.select_for_update().get(plan=plan, year=year)
    if reporting_year.closed:
        raise YearClosedError(_closed_message(year), code="year_closed")
    return reporting_year


# --- structure ----------------------------------------------------------------------------


def plan_create(
    *, slug: str, name: str, start_year: int, end_year: int, note: str = ""
) -> ActionPlan:
    if end_year < start_year:
        raise ValidationError(_("Siste år kan ikke være før første år."), code="period")
    plan = ActionPlan(slug=slug, name=name, start_year=start_year, end_year=end_year, note=note)
    plan.full_clean()
    plan.save()
    return plan


def focus_area_create(
    *, plan: ActionPlan, number: int, title: str, introduction: str = "", illustrative: bool = False
) -> FocusArea:
    area = FocusArea(
        plan=plan, number=number, title=title, introduction=introduction, illustrative=illustrative
    )
    area.full_clean()
    area.save()
    return area


def measure_create(
    *,
    focus_area: FocusArea,
    number: int,
    title: str,
    parent: Measure | None = None,
    letter: str = "",
    description: str = "",
    executing_body: str = "",
    contact_role: str = "",
    budget_amount: Decimal | None = None,
    budget_post: str = "",
    budget_text: str = "",
    illustrative: bool = False,
) -> Measure:
    """Add a measure, or with ``parent`` and ``letter`` a sub-measure of one.

    A sub-measure carries its parent's number and focus area, and a sub-measure
    cannot itself be split: the plans go two levels deep and the counting rule
    assumes it.
    """
    if parent is not None:
        if parent.parent_id is not None:
            raise ValidationError(_("Et deltiltak kan ikke ha egne deltiltak."), code="depth")
        if parent.number != number or parent.focus_area_id != focus_area.pk:
            raise ValidationError(
                _("Et deltiltak må ha samme nummer og innsatsområde som hovedtiltaket."),
                code="parent",
            )
        if not letter:
            raise ValidationError({"letter": _("Et deltiltak må ha en bokstav.")})
        if MeasureStatus.objects.filter(measure=parent).exists():
            raise ValidationError(
                _("Tiltak %(label)s har allerede status; del det ikke opp i ettertid.")
                % {"label": parent.label},
                code="parent_has_status",
            )
    elif letter:
        raise ValidationError({"letter": _("Bare deltiltak har bokstav.")})
    measure = Measure(
        plan=focus_area.plan,
        focus_area=focus_area,
        parent=parent,
        number=number,
        letter=letter,
        title=title,
        description=description,
        executing_body=executing_body,
        contact_role=contact_role,
        budget_amount=budget_amount,
        budget_post=budget_post,
        budget_text=budget_text,
        illustrative=illustrative,
    )
    measure.full_clean()
    measure.save()
    return measure


def measure_update(
    *,
    actor: User,
    measure: Measure,
    title: str,
    description: str,
    executing_body: str,
    contact_role: str,
    budget_amount: Decimal | None,
    budget_post: str,
    budget_text: str,
) -> Measure:
    """The coordinator edits the plan's text of a measure (not its number or place)."""
    if not plan_access(actor, measure.plan).is_coordinator:
        raise PermissionDenied
    fields = [
        "title",
        "description",
        "executing_body",
        "contact_role",
        "budget_amount",
        "budget_post",
        "budget_text",
    ]
    before = {name: getattr(measure, name) for name in fields}
    measure.title = title
    measure.description = description
    measure.executing_body = executing_body
    measure.contact_role = contact_role
    measure.budget_amount = budget_amount
    measure.budget_post = budget_post
    measure.budget_text = budget_text
    measure.full_clean()
    with transaction.atomic():
        measure.save()
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            target_type="tiltak",
            target_id=measure.pk,
            changes=audit_diff(before, {name: getattr(measure, name) for name in fields}),
        )
    return measure


def result_goal_add(*, measure: Measure, text: str) -> ResultGoal:
    number = (
        measure.result_goals.order_by("-number").values_list("number", flat=True).first() or 0
    ) + 1
    goal = ResultGoal(measure=measure, number=number, text=text)
    goal.full_clean()
    goal.save()
    return goal


def ministry_responsibility_set(
    *, measure: Measure, ministry: Ministry, from_year: int, to_year: int | None = None
) -> MinistryResponsibility:
    """Record that ``ministry`` answers for ``measure`` from one year (to another).

    An open-ended earlier period is ended the year before, which is how a move
    between ministries is entered: «from 2019, KD». Any other overlap is refused.
    """
    if to_year is not None and to_year < from_year:
        raise ValidationError(_("Til-år kan ikke være før fra-år."), code="period")
    with transaction.atomic():
        for other in MinistryResponsibility.objects.select_for_update().filter(measure=measure):
            if other.valid_from_year < from_year and other.valid_to_year is None:
                other.valid_to_year = from_year - 1
                other.save(update_fields=["valid_to_year"])
                continue
            other_end = other.valid_to_year if other.valid_to_year is not None else 10_000
            end = to_year if to_year is not None else 10_000
            if other.valid_from_year <= end and from_year <= other_end:
                raise ValidationError(
                    _("Tiltak %(label)s har allerede ansvarlig departement i perioden.")
                    % {"label": measure.label},
                    code="overlap",
                )
        return MinistryResponsibility.objects.create(
            measure=measure, ministry=ministry, valid_from_year=from_year, valid_to_year=to_year
        )


# --- yearly status ------------------------------------------------------------------------


def measure_report_save(
    *,
    actor: User,
    measure: Measure,
    year: int,
    status: str,
    text: str,
    achievements: Mapping[int, str] | None = None,
) -> MeasureStatus:
    """Write a measure's status, status text and goal achievement for one year.

    Allowed for the plan's coordinators and the measure's owners. A measure
    with sub-measures has no status of its own: the overview derives it.
    Empty goal-achievement texts remove what was written before.
    """
    if not plan_access(actor, measure.plan).may_write_status(measure):
        raise PermissionDenied
    if status not in Status.values:
        raise ValidationError({"status": _("Velg en gyldig status.")})
    if measure.sub_measures.exists():
        raise ValidationError(
            _("Tiltak %(label)s har deltiltak; skriv status på hvert deltiltak.")
            % {"label": measure.label},
            code="has_sub_measures",
        )
    goals = {goal.pk: goal for goal in measure.result_goals.all()}
    for goal_id in achievements or {}:
        if goal_id not in goals:
            raise ValidationError(_("Resultatmålet hører ikke til tiltaket."), code="goal")
    with transaction.atomic():
        reporting_year = _open_year_for_write(measure.plan, year)
        old = MeasureStatus.objects.filter(measure=measure, reporting_year=reporting_year).first()
        old_goals = dict(
            GoalAchievement.objects.filter(
                result_goal__measure=measure, reporting_year=reporting_year
            ).values_list("result_goal_id", "text")
        )
        row, created = MeasureStatus.objects.update_or_create(
            measure=measure,
            reporting_year=reporting_year,
            defaults={"status": status, "text": text.strip(), "updated_by": actor},
        )
        before: dict[str, object] = {}
        if old is not None:
            before = {"year": year, "status": old.status, "text": old.text}
        before |= {f"goal_{goal_id}": old_text for goal_id, old_text in old_goals.items()}
        after: dict[str, object] = {"year": year, "status": row.status, "text": row.text}
        after |= {f"goal_{goal_id}": old_text for goal_id, old_text in old_goals.items()}
        for goal_id, achievement in (achievements or {}).items():
            after[f"goal_{goal_id}"] = achievement.strip() or None
            if achievement.strip():
                GoalAchievement.objects.update_or_create(
                    result_goal=goals[goal_id],
                    reporting_year=reporting_year,
                    defaults={"text": achievement.strip(), "updated_by": actor},
                )
            else:
                GoalAchievement.objects.filter(
                    result_goal=goals[goal_id], reporting_year=reporting_year
                ).delete()
        audit_record(
            actor=actor,
            action=Action.CREATE if created else Action.UPDATE,
            target_type="tiltaksstatus",
            target_id=f"{measure.pk}:{year}",
            changes=audit_diff(before, after),
        )
    return row


def reporting_year_close(*, actor: User, plan: ActionPlan, year: int) -> ReportingYear:
    """Freeze a year's report. Only the plan's coordinator may; closing twice is refused."""
    if not plan_access(actor, plan).is_coordinator:
        raise PermissionDenied
    with transaction.atomic():
        reporting_year = _open_year_for_write(plan, year)
        reporting_year.closed = True
        reporting_year.closed_at = timezone.now()
        reporting_year.closed_by = actor
        reporting_year.save(update_fields=["closed", "closed_at", "closed_by"])
        audit_record(
            actor=actor,
            action=Action.CLOSE,
            target_type="rapporteringsaar",
            target_id=f"{plan.slug}:{year}",
            changes={"closed": [False, True]},
        )
    return reporting_year


def reporting_year_close_unchecked(*, plan: ActionPlan, year: int) -> ReportingYear:
    """Close a year without a user: for the loader of a plan already reported on paper."""
    _check_year_in_plan(plan, year)
    reporting_year, _created = ReportingYear.objects.get_or_create(plan=plan, year=year)
    if not reporting_year.closed:
        reporting_year.closed = True
        reporting_year.closed_at = timezone.now()
        reporting_year.save(update_fields=["closed", "closed_at"])
    return reporting_year


def status_load(*, measure: Measure, year: int, status: str, text: str = "") -> MeasureStatus:
    """Write a status from a source document (no user); the year must be open."""
    with transaction.atomic():
        reporting_year = _open_year_for_write(measure.plan, year)
        row, _created = MeasureStatus.objects.update_or_create(
            measure=measure,
            reporting_year=reporting_year,
            defaults={"status": status, "text": text},
        )
    return row


def goal_achievement_load(*, goal: ResultGoal, year: int, text: str) -> GoalAchievement:
    with transaction.atomic():
        reporting_year = _open_year_for_write(goal.measure.plan, year)
        row, _created = GoalAchievement.objects.update_or_create(
            result_goal=goal, reporting_year=reporting_year, defaults={"text": text}
        )
    return row


# --- roles --------------------------------------------------------------------------------


def plan_role_assign(*, user: User, plan: ActionPlan, role: str) -> PlanRole:
    """Give ``user`` a role in ``plan`` (replacing any role they had there)."""
    if role not in PlanRoleKind.values:
        raise ValidationError(_("Ukjent rolle i handlingsplan."), code="role")
    row, _created = PlanRole.objects.update_or_create(user=user, plan=plan, defaults={"role": role})
    return row


def measure_owner_assign(*, user: User, measure: Measure) -> MeasureOwner:
    row, _created = MeasureOwner.objects.get_or_create(user=user, measure=measure)
    return row
