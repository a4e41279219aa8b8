"""The import's rules, per persona: the same services, scoping, closed years and audit
as the forms; idempotent; one transaction and one audit entry per file."""

from __future__ import annotations

import dataclasses
import datetime
import uuid
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tallrapport.accounts.models import Unit, User
from tallrapport.audit.models import Action, AuditEntry
from tallrapport.audit.services import audit_diff
from tallrapport.cases.imports.models import ImportedRow
from tallrapport.cases.imports.plan import Plan
from tallrapport.cases.imports.reading import Sheet
from tallrapport.cases.imports.services import (
    Choices,
    PlanChanged,
    default_choices,
    import_apply,
    import_plan,
    read_sheets,
)
from tallrapport.cases.models import Case
from tallrapport.cases.rules import CaseInput
from tallrapport.cases.services import BatchRefused, case_audit_values, case_register_many
from tests.cases.imports.sheets import (
    MERGED,
    case_row,
    csv_bytes,
    ods,
    old_sheet_rows,
    simple_rows,
    xlsx,
)
from tests.factories import advisor_at, close_year

D = datetime.date
pytestmark = pytest.mark.django_db


def _read(content: bytes, fmt: str = "xlsx") -> tuple[Sheet, Choices]:
    sheets = read_sheets(content, fmt)
    choices = default_choices(sheets, "saker", None)
    choices.fixed["guided"] = "utsatt"
    return sheets[0], choices


def _plan(user: User, unit: Unit, content: bytes, fmt: str = "xlsx") -> Plan:
    sheet, choices = _read(content, fmt)
    return import_plan(user=user, unit=unit, kind="saker", sheet=sheet, choices=choices)


def _import(user: User, unit: Unit, content: bytes, reason: str = "", fmt: str = "xlsx") -> Plan:
    sheet, choices = _read(content, fmt)
    return import_apply(
        user=user, unit=unit, kind="saker", sheet=sheet, choices=choices, digest=None, reason=reason
    ).plan


def _cases(plan: Plan) -> dict[int, CaseInput]:
    """The cases a plan would create, by row number."""
    found = {row.number: row.data for row in plan.create}
    assert all(isinstance(data, CaseInput) for data in found.values())
    return found  # type: ignore[return-value]


def _problems(plan: Plan) -> dict[int, list[str]]:
    return {r.number: [f"{p.column}: {p.message}" for p in r.problems] for r in plan.refused}


@pytest.mark.parametrize("fmt", ["xlsx", "ods", "csv"])
def test_the_advisors_old_sheet_previews_every_row_with_its_reason(
    advisor: User, school: Unit, fmt: str
) -> None:
    # given the advisor's old sheet (see sheets.py) with 2022 closed, in each format
    close_year(school.scheme, 2022)
    rows = old_sheet_rows(closed_year=2022)
    content = {"xlsx": xlsx, "ods": ods}.get(fmt, lambda r, merged: csv_bytes(r))(
        rows, merged=MERGED
    )
    # when it is planned
    plan = _plan(advisor, school, content, fmt)
    # then the readable rows of open years would be created...
    created = _cases(plan)
    expected = {4, 5, 6, 7, 11} | ({12} if fmt != "csv" else set())
    assert set(created) == expected
    assert created[4].main_category.code == "negativ-sosial-kontroll"  # Ekstrem kontroll
    assert created[5].registered_on == D(2023, 3, 10)  # Excel's serial number
    assert created[6].main_category.code == "ufrivillig-opphold-i-utlandet"
    assert created[6].country.code == "so"  # «Somlia»
    assert created[6].age_group == "under_18"  # «16»
    notes = {row.number: row.notes for row in plan.create}
    assert "«Somlia» er lest som «Somalia»." in notes[6]
    assert created[7].registered_on == D(2023, 1, 1)  # «1. halvår 2023»
    assert created[7].main_category.code == "gjennomfort-kjonnslemlestelse"  # KLL
    # ...and every other row is listed with its column and a Norwegian reason
    problems = _problems(plan)
    assert problems[9] == ["E (Landbakrunn): Fant ikke landet «Eritria». Mente du «Eritrea»?"]
    assert problems[10] == ["B (Kategori): Fant ikke kategorien «Vold i nære relasjoner»."]
    assert "2022 er låst for" in problems[13][0]
    assert problems[14] == ["A (Dato): Registreringsdatoen kan ikke være fram i tid."]
    if fmt == "csv":  # a CSV file has no merged cells
        assert problems[12] == ["B (Kategori): Kategorien mangler."]
    assert plan.totals == [15]
    assert plan.empty == 1
    assert Case.objects.count() == 0  # a dry run writes nothing


def test_an_advisor_imports_only_their_own_units(
    advisor: User, school: Unit, other_school: Unit
) -> None:
    content = xlsx(simple_rows([D(2023, 2, 1)]))
    with pytest.raises(PermissionDenied):
        _plan(advisor, other_school, content)
    with pytest.raises(PermissionDenied):
        _import(advisor, other_school, content)


def test_an_advisors_rows_from_before_they_came_are_refused_by_the_forms_rule(
    school: Unit,
) -> None:
    newcomer = advisor_at(school, username="ny", since=D(2023, 8, 1))
    plan = _plan(newcomer, school, xlsx(simple_rows([D(2023, 2, 1), D(2023, 9, 1)])))
    assert [r.number for r in plan.create] == [3]
    assert _problems(plan) == {
        2: ["A (Dato): Du var ikke rådgiver ved noen enhet på denne datoen."]
    }


def test_administrators_import_nothing(admin: User, school: Unit) -> None:
    with pytest.raises(PermissionDenied):
        _plan(admin, school, xlsx(simple_rows([D(2023, 2, 1)])))


def test_the_analyst_imports_for_any_unit_with_closed_years_as_late_registrations(
    analyst: User, school: Unit, other_school: Unit
) -> None:
    # given 2022 closed, and a sheet with a row in 2022 and one in 2023
    close_year(other_school.scheme, 2022)
    content = xlsx(simple_rows([D(2022, 5, 2), D(2023, 5, 2)]))
    plan = _plan(analyst, other_school, content)
    assert [(r.number, r.late) for r in plan.create] == [(2, True), (3, False)]
    # when imported without a reason / then nothing is written
    with pytest.raises(ValidationError) as refusal:
        _import(analyst, other_school, content)
    assert refusal.value.message_dict == {"reason": ["Skriv en begrunnelse."]}
    assert Case.objects.count() == 0
    # when imported with one
    _import(analyst, other_school, content, reason="Innlesing av rådgiverens regneark")
    # then the 2022 case is the analyst's late registration, with the reason logged
    cases = {c.year: c for c in Case.objects.all()}
    assert set(cases) == {2022, 2023}
    late = AuditEntry.objects.get(target_type="sak", target_id=str(cases[2022].pk))
    assert (late.action, late.reason) == (Action.LATE_CREATE, "Innlesing av rådgiverens regneark")
    normal = AuditEntry.objects.get(target_type="sak", target_id=str(cases[2023].pk))
    assert (normal.action, normal.actor) == (Action.CREATE, analyst)
    assert all(c.unit == other_school and c.registered_by == analyst for c in cases.values())


def test_importing_the_same_file_twice_creates_nothing_the_second_time(
    advisor: User, school: Unit
) -> None:
    # given a sheet whose two rows have the same content (two cases, not one)
    content = xlsx(simple_rows([D(2023, 2, 1), D(2023, 2, 1), D(2023, 3, 1)]))
    first = _import(advisor, school, content)
    assert len(first.create) == 3
    # when the same file comes again
    second = _import(advisor, school, content)
    # then nothing is created, and the preview says every row was imported before
    assert (len(second.create), second.already) == (0, [2, 3, 4])
    assert Case.objects.count() == 3
    # and the same rows spelled otherwise, in another format, are the same rows
    respelled = simple_rows(["01.02.2023", "1.2.23", "2023-03-01"], category="Ekstrem kontroll")
    third = _import(advisor, school, csv_bytes(respelled), fmt="csv")
    assert (len(third.create), third.already) == (0, [2, 3, 4])


def test_a_grown_sheet_brings_only_its_new_rows(advisor: User, school: Unit) -> None:
    _import(advisor, school, xlsx(simple_rows([D(2023, 2, 1)])))
    plan = _import(advisor, school, xlsx(simple_rows([D(2023, 2, 1), D(2023, 4, 1)])))
    assert ([r.number for r in plan.create], plan.already) == ([3], [2])
    assert Case.objects.count() == 2


def test_one_file_is_one_audit_entry_with_the_counts_and_each_case_its_forms_entry(
    advisor: User, school: Unit
) -> None:
    # given a file with two good rows and one bad
    rows = simple_rows([D(2023, 2, 1), D(2023, 3, 1)])
    rows.append(case_row(D(2023, 4, 1), category="Ukjent kategori"))
    _import(advisor, school, xlsx(rows))
    # then the file has one entry with the counts
    entry = AuditEntry.objects.get(target_type="innlesing")
    assert entry.action == Action.CREATE
    assert entry.changes["opprettes"] == [None, 2]
    assert entry.changes["kan_ikke_leses_inn"] == [None, 1]
    assert entry.changes["enhet"] == [None, str(school.pk)]
    # and each case the entry its form's registration writes
    for case in Case.objects.all():
        own = AuditEntry.objects.get(target_type="sak", target_id=str(case.pk))
        assert own.action == Action.CREATE
        assert own.changes == audit_diff({}, case_audit_values(case))
    assert ImportedRow.objects.filter(unit=school, kind="saker").count() == 2


def test_the_confirmation_refuses_a_plan_that_changed_since_the_preview(
    analyst: User, school: Unit
) -> None:
    # given the preview of a 2023 row, then 2023 is closed by another analyst
    content = xlsx(simple_rows([D(2023, 2, 1)]))
    sheet, choices = _read(content)
    digest = import_plan(
        user=analyst, unit=school, kind="saker", sheet=sheet, choices=choices
    ).digest()
    close_year(school.scheme, 2023)
    # when the analyst confirms what they saw / then nothing is written
    with pytest.raises(PlanChanged) as changed:
        import_apply(
            user=analyst, unit=school, kind="saker", sheet=sheet, choices=choices, digest=digest
        )
    assert changed.value.plan.late
    assert Case.objects.count() == 0
    assert not AuditEntry.objects.filter(target_type="innlesing").exists()


def test_a_file_is_one_transaction(
    advisor: User, school: Unit, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given an import whose last write fails
    from tallrapport.cases.imports import services

    def fail(**kwargs: object) -> None:
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(services, "audit_record", fail)
    # when it runs / then none of its cases or fingerprints remain
    with pytest.raises(RuntimeError):
        _import(advisor, school, xlsx(simple_rows([D(2023, 2, 1), D(2023, 3, 1)])))
    assert Case.objects.count() == 0
    assert ImportedRow.objects.count() == 0


def test_the_bulk_service_refuses_the_whole_batch_if_one_case_breaks_a_rule(
    advisor: User, school: Unit
) -> None:
    # given two cases read from a sheet, one in the future
    plan = _plan(advisor, school, xlsx(simple_rows([D(2023, 2, 1)])))
    good = _cases(plan)[2]
    future = dataclasses.replace(
        good, registered_on=datetime.date.today() + datetime.timedelta(days=9)
    )
    # when they are registered together / then neither is
    with pytest.raises(BatchRefused) as refused:
        case_register_many(
            user=advisor, unit=school, cases=[(good, uuid.uuid4()), (future, uuid.uuid4())]
        )
    assert list(refused.value.errors) == [1]
    assert Case.objects.count() == 0


def test_a_sheet_with_a_column_of_identity_numbers_is_refused_whole(school: Unit) -> None:
    rows = simple_rows([D(2023, 2, 1)])
    rows[0].append("Merknad")
    rows[1].append("15030512345")
    with pytest.raises(ValidationError) as refusal:
        read_sheets(xlsx(rows), "xlsx")
    messages = refusal.value.message_dict["file"]
    assert messages[0].startswith("Filen er ikke lest inn")
    assert "kolonne H («Merknad»)" in messages[1]


def test_a_half_year_in_two_columns_and_a_date_outside_its_half_year(
    advisor: User, school: Unit
) -> None:
    rows: list[list[Any]] = [
        ["Dato", "År", "Halvår", "Kategori", "Kjønn", "Alder", "Land", "Meldt av"],
        [None, 2023, "2", "NSK", "Jente", "Under 18", "Syria", "Lærer"],
        [None, 2023, "høst", "NSK", "Jente", "Under 18", "Syria", "Lærer"],
        [None, None, "1", "NSK", "Jente", "Under 18", "Syria", "Lærer"],
        ["05.09.2023", 2023, "1", "NSK", "Jente", "Under 18", "Syria", "Lærer"],
    ]
    plan = _plan(advisor, school, xlsx(rows))
    assert [(n, data.registered_on) for n, data in _cases(plan).items()] == [
        (2, D(2023, 7, 1)),
        (3, D(2023, 7, 1)),
    ]
    assert _problems(plan) == {
        4: ["C (Halvår): Halvåret mangler årstall."],
        5: ["C (Halvår): Datoen ligger ikke i halvåret «1»."],
    }
