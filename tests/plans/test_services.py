"""Writes: a closed year is frozen (by the service and by the database), roles, rules."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, transaction

from tallrapport.accounts.models import User
from tallrapport.plans.models import ActionPlan, Measure, MeasureStatus, Ministry, ReportingYear
from tallrapport.plans.selectors import Overview, OverviewRow, measure_history, plan_overview
from tallrapport.plans.services import (
    YearClosedError,
    measure_create,
    measure_report_save,
    ministry_responsibility_set,
    reporting_year_close,
)


def _measure(plan: ActionPlan, number: int, letter: str = "") -> Measure:
    return Measure.objects.get(plan=plan, number=number, letter=letter)


def test_owner_writes_status_and_goal_achievement_in_an_open_year(
    plan_2021: ActionPlan, owner: User
) -> None:
    # given measure 4, owned by the owner, with two result goals
    measure = _measure(plan_2021, 4)
    goals = list(measure.result_goals.order_by("number"))
    # when the owner reports 2023
    measure_report_save(
        actor=owner,
        measure=measure,
        year=2023,
        status="ferdigstilt",
        text="Opplegget er i bruk på 230 skoler.",
        achievements={goals[0].pk: "Nådd.", goals[1].pk: "Nådd: 230 skoler."},
    )
    # then the history shows it under 2023
    entry = next(e for e in measure_history(measure) if e.year == 2023)
    assert entry.status_label == "Ferdigstilt"
    assert [g.achievement for g in entry.goals] == ["Nådd.", "Nådd: 230 skoler."]


def test_closed_year_refuses_writes_with_a_norwegian_message(
    plan_2021: ActionPlan, owner: User
) -> None:
    # given 2022, closed
    measure = _measure(plan_2021, 1)
    # when the owner tries to change it
    with pytest.raises(YearClosedError) as refusal:
        measure_report_save(
            actor=owner, measure=measure, year=2022, status="utgatt", text="Endret i ettertid."
        )
    # then the service says why, and nothing changed
    assert "Rapporteringsåret 2022 er låst" in refusal.value.messages[0]
    assert (
        MeasureStatus.objects.get(measure=measure, reporting_year__year=2022).status == "pagaende"
    )


def test_database_refuses_writes_into_a_closed_year_too(plan_2017: ActionPlan) -> None:
    # given 2020 of the 2017–2020 plan, closed, and a writer that skips the services
    status = MeasureStatus.objects.filter(
        measure__plan=plan_2017, reporting_year__year=2020
    ).first()
    assert status is not None
    # when it updates, deletes or inserts rows in the closed year
    for write in (
        lambda: MeasureStatus.objects.filter(pk=status.pk).update(status="utgatt"),
        lambda: MeasureStatus.objects.filter(pk=status.pk).delete(),
        lambda: MeasureStatus.objects.create(
            measure=_measure(plan_2017, 18),
            reporting_year=status.reporting_year,
            status="pagaende",
        ),
    ):
        # then the trigger aborts each one
        with pytest.raises(DatabaseError), transaction.atomic():
            write()
    status.refresh_from_db()
    assert status.status == "ferdigstilt"


def test_coordinator_closes_a_year_and_it_freezes(
    plan_2021: ActionPlan, coordinator: User, owner: User
) -> None:
    reporting_year_close(actor=coordinator, plan=plan_2021, year=2023)
    assert ReportingYear.objects.get(plan=plan_2021, year=2023).closed
    with pytest.raises(YearClosedError):
        measure_report_save(
            actor=owner, measure=_measure(plan_2021, 1), year=2023, status="pagaende", text="x" * 20
        )
    with pytest.raises(YearClosedError):
        reporting_year_close(actor=coordinator, plan=plan_2021, year=2023)


def test_only_the_coordinator_may_close(plan_2021: ActionPlan, owner: User, reader: User) -> None:
    for user in (owner, reader):
        with pytest.raises(PermissionDenied):
            reporting_year_close(actor=user, plan=plan_2021, year=2023)


def test_owner_cannot_write_someone_elses_measure(plan_2021: ActionPlan, owner: User) -> None:
    with pytest.raises(PermissionDenied):
        measure_report_save(
            actor=owner,
            measure=_measure(plan_2021, 2),
            year=2023,
            status="pagaende",
            text="Tekst her.",
        )


def test_year_outside_the_plan_and_main_measure_with_subs_are_refused(
    plan_2021: ActionPlan, coordinator: User
) -> None:
    with pytest.raises(ValidationError, match="utenfor handlingsplanens periode"):
        measure_report_save(
            actor=coordinator,
            measure=_measure(plan_2021, 1),
            year=2025,
            status="pagaende",
            text="t",
        )
    with pytest.raises(ValidationError, match="har deltiltak"):
        measure_report_save(
            actor=coordinator,
            measure=_measure(plan_2021, 3),
            year=2023,
            status="pagaende",
            text="t",
        )


def test_ministry_history_follows_a_move(plan_2017: ActionPlan, plan_2021: ActionPlan) -> None:
    # given 24 b, which moved with integration from JD to KD
    measure = _measure(plan_2017, 24, "b")
    overview_2020 = plan_overview(plan_2017, 2020)
    overview_2017 = plan_overview(plan_2017, 2017)

    def row(overview: Overview) -> OverviewRow:
        return next(r for a in overview.areas for r in a.rows if r.url_label == "24b")

    # then each year names the ministry of that year
    assert row(overview_2017).ministry == "JD"
    assert row(overview_2020).ministry == "KD"
    # and a move entered «from 2021» ends the open period the year before
    ministry_responsibility_set(
        measure=measure, ministry=Ministry.objects.get(code="UD"), from_year=2021
    )
    spans = list(
        measure.responsibilities.order_by("valid_from_year").values_list("valid_to_year", flat=True)
    )
    assert spans == [2018, 2020, None]


def test_sub_measure_must_share_number_and_area(plan_2021: ActionPlan) -> None:
    parent = _measure(plan_2021, 1)
    with pytest.raises(ValidationError):
        measure_create(focus_area=parent.focus_area, number=2, letter="a", parent=parent, title="X")
    with pytest.raises(ValidationError):
        measure_create(focus_area=parent.focus_area, number=9, letter="a", title="Uten hovedtiltak")


def test_loading_twice_changes_nothing(plans: list[ActionPlan]) -> None:
    from tallrapport.plans.demo import load_plan_demo

    before = (Measure.objects.count(), MeasureStatus.objects.count())
    load_plan_demo()
    assert (Measure.objects.count(), MeasureStatus.objects.count()) == before
    assert Measure.objects.filter(plan=plans[0], parent__isnull=True).count() == 28
    assert not Measure.objects.filter(plan=plans[0], illustrative=True).exists()
    assert not Measure.objects.filter(plan=plans[1], illustrative=False).exists()
