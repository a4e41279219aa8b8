"""Writes of cases: register, update, delete.

Two services take one :class:`~tallrapport.cases.rules.CaseInput` each:
:func:`case_register` and :func:`case_update`. Given a ``late_reason`` they are
the analyst's late registration in a closed year instead of the advisor's own
write: the same rules (:func:`~tallrapport.cases.rules.validate_case`) with the
year's lock the other way round, and the reason logged.

Every write appends to the audit trail in the same transaction, with the case's
fields before and after (coded values only: a case holds no free text). A year
the analysts have closed refuses the advisors' writes here, with a message at
the date field, and in the database (triggers of migration 0004).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tallrapport.accounts.models import Unit, User
from tallrapport.audit.models import Action
from tallrapport.audit.services import audit_diff, audit_record, audit_record_many
from tallrapport.cases.models import Case, Category, Family, half_year_of
from tallrapport.cases.rules import CaseInput, one_database_state, validate_case
from tallrapport.cases.selectors import user_may_change_case, user_may_close_years
from tallrapport.cases.years import (
    check_year_open,
    clean_reason,
    closed_meanwhile,
    closed_years_writable,
)
from tallrapport.writes import create_once, earlier_submit, update_versioned

AUDIT_TARGET = "sak"


def case_audit_values(case: Case, secondaries: Iterable[Category] | None = None) -> dict[str, Any]:
    """The case's fields as the audit trail records them: coded values, no free text."""
    return {
        "scheme": case.scheme.code,
        "unit": str(case.unit_id),
        "registered_on": case.registered_on,
        "main_category": case.main_category.code,
        "secondary_categories": [
            c.code
            for c in (secondaries if secondaries is not None else case.secondary_categories.all())
        ],
        "gender": case.gender,
        "age_group": case.age_group,
        "country": case.country.code,
        "reported_by": case.reported_by.code,
        "guided": case.guided,
        "family": str(case.family_id) if case.family_id else None,
    }


def _fields(data: CaseInput) -> dict[str, Any]:
    """The case row's columns that follow from its input (the family is set apart)."""
    day = data.registered_on
    return {
        "registered_on": day,
        "year": day.year,
        "half_year": half_year_of(day),
        "main_category": data.main_category,
        "gender": data.gender,
        "age_group": data.age_group,
        "country": data.country,
        "reported_by": data.reported_by,
        "guided": data.guided,
    }


def _family(data: CaseInput, unit: Unit) -> Family | None:
    return Family.objects.create(unit=unit) if data.new_family else data.family


def _may_write(user: User, *, late: bool) -> bool:
    return user_may_close_years(user) if late else user.is_advisor


def case_register(
    *,
    user: User,
    unit: Unit | None,
    data: CaseInput,
    submission_token: uuid.UUID,
    late_reason: str | None = None,
) -> Case:
    """Register a new case, once per submitted form.

    ``unit`` may be left out when the advisor had one unit on the date; an
    analyst's late registration (``late_reason`` given) names it. A second POST
    of the same form carries the same ``submission_token`` and gets back the
    case the first one made.
    """
    if (existing := earlier_submit(Case, token=submission_token, user=user)) is not None:
        return existing
    late = late_reason is not None
    if not _may_write(user, late=late):
        raise PermissionDenied
    reason = clean_reason(late_reason, required=True) if late else ""
    resolved = validate_case(user=user, unit=unit, data=data, late=late)
    year = data.registered_on.year

    def create() -> Case:
        with closed_years_writable([(resolved.scheme, year)] if late else []):
            case = Case.objects.create(
                scheme=resolved.scheme,
                unit=resolved,
                family=None if late else _family(data, resolved),
                registered_by=user,
                submission_token=submission_token,
                **_fields(data),
            )
            case.secondary_categories.set(data.secondary_categories)
        audit_record(
            actor=user,
            action=Action.LATE_CREATE if late else Action.CREATE,
            target_type=AUDIT_TARGET,
            target_id=case.pk,
            changes=audit_diff({}, case_audit_values(case, data.secondary_categories)),
            reason=reason,
        )
        return case

    # A year closed since the check makes the trigger refuse: the form's message, not a 500.
    with closed_meanwhile(resolved.scheme, [year], field="registered_on"):
        return create_once(Case, token=submission_token, user=user, create=create)


def case_update(
    *,
    user: User,
    case: Case,
    expected_version: int,
    data: CaseInput,
    late_reason: str | None = None,
) -> Case:
    """Change a case, if nobody changed it since the user read it.

    The UPDATE only matches the row at ``expected_version``; if another save came
    first, nothing is written and :class:`~tallrapport.writes.ConflictError`
    says so. An advisor changes a case they may change in an open year, and may
    not move it into a closed one; an analyst's late change (``late_reason``
    given) is of a closed year's case, to a date in a closed year, and keeps
    the case's unit and family.
    """
    late = late_reason is not None
    if not (_may_write(user, late=late) and (late or user_may_change_case(user=user, case=case))):
        raise PermissionDenied
    reason = clean_reason(late_reason, required=True) if late else ""
    check_year_open(user=user, scheme=case.scheme, years=[case.year], late=late)
    validate_case(user=user, unit=case.unit, data=data, fixed_unit=True, late=late)
    before = case_audit_values(case)
    years = [case.year, data.registered_on.year]
    with (
        closed_meanwhile(case.scheme, years, field="registered_on"),
        transaction.atomic(),
        closed_years_writable([(case.scheme, y) for y in years] if late else []),
    ):
        update_versioned(
            Case,
            pk=case.pk,
            expected_version=expected_version,
            family=case.family if late else _family(data, case.unit),
            **_fields(data),
        )
        case.secondary_categories.set(data.secondary_categories)
        case.refresh_from_db()
        audit_record(
            actor=user,
            action=Action.LATE_UPDATE if late else Action.UPDATE,
            target_type=AUDIT_TARGET,
            target_id=case.pk,
            changes=audit_diff(before, case_audit_values(case, data.secondary_categories)),
            reason=reason,
        )
    return case


def case_delete(*, case: Case, user: User) -> None:
    """Delete a case the user may change (a wrongly registered one) in an open year."""
    if not user_may_change_case(user=user, case=case):
        raise PermissionDenied
    check_year_open(user=user, scheme=case.scheme, years=[case.year], late=False)
    with closed_meanwhile(case.scheme, [case.year], field="registered_on"), transaction.atomic():
        before = case_audit_values(case)
        case_id = case.pk
        case.delete()
        audit_record(
            actor=user,
            action=Action.DELETE,
            target_type=AUDIT_TARGET,
            target_id=case_id,
            changes=audit_diff(before, {}),
        )


R = TypeVar("R")


class BatchRefused(ValidationError):
    """Some records of a batch break a rule: nothing of the batch was written.

    ``errors`` maps each refused record's position in the batch to its error.
    """

    def __init__(self, errors: dict[int, ValidationError]) -> None:
        super().__init__(_("%(count)s av radene kan ikke lagres.") % {"count": len(errors)})
        self.errors = errors


def may_register_many(user: User, *, late: bool) -> bool:
    """Who may import a spreadsheet: an advisor (their own units, open years) or an
    analyst (any unit; a closed year as a late registration)."""
    return user_may_close_years(user) or (user.is_advisor and not late)


def validate_many(
    *,
    user: User,
    late_reason: str | None,
    records: Sequence[R],
    validate: Callable[[R, bool, bool], object],
) -> str:
    """Check every record of a batch before anything is written; the cleaned late reason.

    ``validate(record, late, named_unit)`` is the form's own rule check: an
    analyst names the unit, an advisor's unit follows from the date. All
    refusals are collected, so the import can list every bad row at once.
    """
    late = late_reason is not None
    if not may_register_many(user, late=late):
        raise PermissionDenied
    reason = clean_reason(late_reason, required=True) if late else ""
    errors: dict[int, ValidationError] = {}
    with one_database_state():
        for position, record in enumerate(records):
            try:
                validate(record, late, not user.is_advisor)
            except ValidationError as error:
                errors[position] = error
    if errors:
        raise BatchRefused(errors)
    return reason


def case_register_many(
    *,
    user: User,
    unit: Unit,
    cases: Sequence[tuple[CaseInput, uuid.UUID]],
    late_reason: str | None = None,
) -> list[Case]:
    """Register many cases of one unit at once: the import of an advisor's spreadsheet.

    Each case meets the rules of :func:`case_register`, checked by the same
    :func:`~tallrapport.cases.rules.validate_case`: an advisor's must be dated
    when they worked at ``unit``, in an open year; an analyst names the unit
    (``named_unit``) in an open year, or with ``late_reason`` every case is the
    analyst's late registration in a closed year. All or nothing: if any case
    breaks a rule, :class:`BatchRefused` says which and nothing is written.
    Each case gets the audit entry its form's registration would get. Run it
    inside the caller's transaction, so that the import is one transaction.
    """
    late = late_reason is not None
    reason = validate_many(
        user=user,
        late_reason=late_reason,
        records=cases,
        validate=lambda record, late, named: validate_case(
            user=user, unit=unit, data=record[0], late=late, named_unit=named
        ),
    )
    years = sorted({data.registered_on.year for data, _token in cases})
    rows = [
        Case(
            scheme=unit.scheme,
            unit=unit,
            family=None if late else _family(data, unit),
            registered_by=user,
            submission_token=token,
            **_fields(data),
        )
        for data, token in cases
    ]
    with (
        closed_meanwhile(unit.scheme, years, field="registered_on"),
        transaction.atomic(),
        closed_years_writable([(unit.scheme, year) for year in years] if late else []),
    ):
        Case.objects.bulk_create(rows, batch_size=500)
        links = Case.secondary_categories.through
        links.objects.bulk_create(
            [
                links(case_id=case.pk, category_id=category.pk)
                for case, (data, _token) in zip(rows, cases, strict=True)
                for category in data.secondary_categories
            ],
            batch_size=500,
        )
        audit_record_many(
            actor=user,
            action=Action.LATE_CREATE if late else Action.CREATE,
            target_type=AUDIT_TARGET,
            changes_by_target=(
                (case.pk, audit_diff({}, case_audit_values(case, data.secondary_categories)))
                for case, (data, _token) in zip(rows, cases, strict=True)
            ),
            reason=reason,
        )
    return rows
