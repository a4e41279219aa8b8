"""Status writes, measure edits and year close of plans land in the audit trail."""

from __future__ import annotations

from tallrapport.accounts.models import User
from tallrapport.audit.models import Action, AuditEntry
from tallrapport.plans.models import ActionPlan, Measure
from tallrapport.plans.services import measure_report_save, measure_update, reporting_year_close


def test_status_write_is_logged_with_old_and_new(plan_2021: ActionPlan, owner: User) -> None:
    # given measure 4 of the 2021 plan, owned by the owner
    measure = Measure.objects.get(plan=plan_2021, number=4, letter="")
    goal = measure.result_goals.order_by("number").first()
    assert goal is not None
    # when the owner writes 2023's status and then changes it
    measure_report_save(actor=owner, measure=measure, year=2023, status="pagaende", text="I gang.")
    measure_report_save(
        actor=owner,
        measure=measure,
        year=2023,
        status="ferdigstilt",
        text="Ferdig.",
        achievements={goal.pk: "Nådd."},
    )
    # then both writes are in the trail, by the owner, with what changed
    entries = list(
        AuditEntry.objects.filter(
            target_type="tiltaksstatus", target_id=f"{measure.pk}:2023"
        ).order_by("id")
    )
    assert [e.action for e in entries] == [Action.CREATE, Action.UPDATE]
    assert all(e.actor == owner for e in entries)
    assert entries[0].changes["status"] == [None, "pagaende"]
    assert entries[1].changes == {
        "status": ["pagaende", "ferdigstilt"],
        "text": ["I gang.", "Ferdig."],
        f"goal_{goal.pk}": [None, "Nådd."],
    }


def test_year_close_is_logged(plan_2021: ActionPlan, coordinator: User) -> None:
    reporting_year_close(actor=coordinator, plan=plan_2021, year=2023)
    entry = AuditEntry.objects.get(target_type="rapporteringsaar")
    assert (entry.action, entry.actor, entry.target_id) == (
        Action.CLOSE,
        coordinator,
        f"{plan_2021.slug}:2023",
    )


def test_measure_text_edit_is_logged(plan_2021: ActionPlan, coordinator: User) -> None:
    measure = Measure.objects.get(plan=plan_2021, number=4, letter="")
    old_title = measure.title
    measure_update(
        actor=coordinator,
        measure=measure,
        title="Ny tittel",
        description=measure.description,
        executing_body=measure.executing_body,
        contact_role=measure.contact_role,
        budget_amount=measure.budget_amount,
        budget_post=measure.budget_post,
        budget_text=measure.budget_text,
    )
    entry = AuditEntry.objects.get(target_type="tiltak", target_id=str(measure.pk))
    assert entry.changes == {"title": [old_title, "Ny tittel"]}
