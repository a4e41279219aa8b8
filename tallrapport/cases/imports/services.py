"""The import of an advisor's spreadsheet: upload, choices, dry run, import.

Who may: an advisor, for the units they belong to (and only rows dated when
they worked there, in open years); an analyst, for any unit (a row in a closed
year is the analyst's late registration, with one reason for the file). The
rows are written by :func:`~tallrapport.cases.services.case_register_many` and
:func:`~tallrapport.activities.batch.activity_register_many`, which check each
row with the same rules as the forms and write the same audit entry per record.

One file is one transaction: the rows, their fingerprints (so that the same
row is never imported twice for a unit) and one audit entry with the counts.
The confirmation carries the dry run's digest; if anything changed since (a
year was closed, another import came first), nothing is written and the user
sees the new dry run.
"""

from __future__ import annotations

import datetime
import hashlib
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from tallrapport.accounts.models import Unit, User
from tallrapport.accounts.selectors import units_of_user
from tallrapport.activities.batch import activity_register_many
from tallrapport.audit.models import Action
from tallrapport.audit.services import audit_record
from tallrapport.cases.imports.columns import (
    fields_of,
    find_header_row,
    headers,
    identifying_columns,
    propose_columns,
)
from tallrapport.cases.imports.models import (
    PENDING_HOURS,
    ImportedRow,
    ImportKind,
    ImportMapping,
    PendingImport,
)
from tallrapport.cases.imports.plan import Plan, PlannedRow, Planner
from tallrapport.cases.imports.reading import Sheet, UnreadableFile, file_format, read_workbook
from tallrapport.cases.rules import CaseInput, one_database_state
from tallrapport.cases.services import case_register_many
from tallrapport.cases.years import clean_reason

AUDIT_TARGET = "innlesing"
# Submission tokens of imported rows: derived from the row's fingerprint, so that
# the tokens' unique constraint also stops a row from coming in twice.
TOKEN_NAMESPACE = uuid.UUID("5f1d0c8e-3b7a-4d52-9a57-2c1e4f0b9d61")


def user_may_import(user: User) -> bool:
    """Advisors import for their own units, analysts for any unit."""
    return user.is_advisor or user.is_analyst


def units_for_import(user: User) -> QuerySet[Unit]:
    """The units ``user`` may import a spreadsheet for."""
    if user.is_analyst:
        return Unit.objects.select_related("scheme")
    return units_of_user(user=user)


def _check_unit(user: User, unit: Unit) -> None:
    if not user_may_import(user) or not units_for_import(user).filter(pk=unit.pk).exists():
        raise PermissionDenied


@dataclass
class Choices:
    """What the user chose: the sheet, its header row (0-based), the column of each
    field, a value for every row, and corrections of values as written."""

    sheet: str = ""
    header_row: int | None = None
    columns: dict[str, int] = field(default_factory=dict)
    fixed: dict[str, Any] = field(default_factory=dict)
    corrections: dict[str, dict[str, str]] = field(default_factory=dict)

    def missing(self, kind: str) -> list[str]:
        """The fields still without a column or a value; a date or a half-year is needed."""
        chosen = set(self.columns) | set(self.fixed)
        missing = [f.label for f in fields_of(kind) if f.required and f.name not in chosen]
        date_name = fields_of(kind)[0].name
        if date_name not in self.columns and "half_year" not in self.columns:
            missing.insert(0, _("Dato eller halvår"))
        return missing


def read_sheets(content: bytes, fmt: str) -> list[Sheet]:
    """The file's sheets; refused whole if a column looks like it identifies people."""
    try:
        sheets = read_workbook(content, fmt)
    except UnreadableFile as error:
        raise ValidationError({"file": str(error)}) from None
    if found := identifying_columns(sheets):
        lead = _(
            "Filen er ikke lest inn, fordi den ser ut til å inneholde opplysninger som kan "
            "identifisere personer. Slett disse kolonnene og last opp filen på nytt:"
        )
        raise ValidationError({"file": [lead, *(item.message() for item in found)]})
    if not any(sheet.filled_rows() for sheet in sheets):
        raise ValidationError({"file": _("Filen har ingen rader.")})
    return sheets


def sheet_named(sheets: Sequence[Sheet], name: str) -> Sheet:
    return next((s for s in sheets if s.name == name), sheets[0])


def default_choices(sheets: Sequence[Sheet], kind: str, saved: ImportMapping | None) -> Choices:
    """The first sheet with a header row the importer recognises, and the proposed mapping
    (the unit's saved one where its headers are still there)."""
    for sheet in sheets:
        if (row := find_header_row(sheet, kind)) is not None:
            return choices_for(sheet, kind, row, saved)
    return Choices(sheet=sheets[0].name)


def choices_for(sheet: Sheet, kind: str, header_row: int, saved: ImportMapping | None) -> Choices:
    texts = headers(sheet, header_row)
    columns = propose_columns(texts, kind, saved.columns if saved else None)
    return Choices(
        sheet=sheet.name,
        header_row=header_row,
        columns=columns,
        fixed=dict(saved.fixed) if saved else {},
        corrections={k: dict(v) for k, v in (saved.corrections if saved else {}).items()},
    )


def saved_mapping(unit: Unit, kind: str) -> ImportMapping | None:
    return ImportMapping.objects.filter(unit=unit, kind=kind).first()


def pending_purge() -> None:
    """Delete every upload older than ``PENDING_HOURS``: nobody confirmed it."""
    limit = timezone.now() - datetime.timedelta(hours=PENDING_HOURS)
    PendingImport.objects.filter(created_at__lt=limit).delete()


def pending_import_create(
    *, user: User, unit: Unit, kind: str, file_name: str, content: bytes
) -> PendingImport:
    """Keep an upload until its import is confirmed, with the proposed choices."""
    _check_unit(user, unit)
    if kind not in ImportKind.values:
        raise ValidationError({"kind": _("Velg saker eller aktiviteter.")})
    try:
        fmt = file_format(file_name)
    except UnreadableFile as error:
        raise ValidationError({"file": str(error)}) from None
    sheets = read_sheets(content, fmt)
    choices = default_choices(sheets, kind, saved_mapping(unit, kind))
    pending_purge()
    return PendingImport.objects.create(
        owner=user,
        unit=unit,
        kind=kind,
        file_name=file_name[-200:],
        file_format=fmt,
        content=content,
        sha256=hashlib.sha256(content).hexdigest(),
        sheet=choices.sheet,
        header_row=choices.header_row,
        columns=choices.columns,
        fixed=choices.fixed,
        corrections=choices.corrections,
    )


def pending_import_get(*, user: User, pending_id: uuid.UUID) -> PendingImport:
    """The user's own waiting upload; 404 for anyone else's, or an expired one."""
    pending = (
        PendingImport.objects.select_related("unit", "unit__scheme")
        .filter(pk=pending_id, owner=user)
        .first()
    )
    if pending is None or pending.expired or not user_may_import(user):
        raise Http404
    return pending


def pending_sheets(pending: PendingImport) -> list[Sheet]:
    return read_workbook(bytes(pending.content), pending.file_format)


def pending_choices(pending: PendingImport) -> Choices:
    return Choices(
        sheet=pending.sheet,
        header_row=pending.header_row,
        columns={k: int(v) for k, v in pending.columns.items()},
        fixed=dict(pending.fixed),
        corrections={k: dict(v) for k, v in pending.corrections.items()},
    )


def pending_choose(
    pending: PendingImport, *, choices: Choices, sheet: Sheet, save_for_unit: bool, user: User
) -> None:
    """Keep the user's choice of sheet and columns; ``save_for_unit`` also for next time."""
    pending.sheet, pending.header_row = choices.sheet, choices.header_row
    pending.columns, pending.fixed = choices.columns, choices.fixed
    pending.save(update_fields=["sheet", "header_row", "columns", "fixed"])
    if save_for_unit and choices.header_row is not None:
        texts = headers(sheet, choices.header_row)
        ImportMapping.objects.update_or_create(
            unit=pending.unit,
            kind=pending.kind,
            defaults={
                "columns": {name: texts[index] for name, index in choices.columns.items()},
                "fixed": choices.fixed,
                "saved_by": user,
                "saved_at": timezone.now(),
            },
        )


def pending_correct(pending: PendingImport, corrections: dict[str, dict[str, str]]) -> None:
    """Keep the user's reading of values the importer could not match (and save it with
    the unit's mapping, if the unit has one)."""
    merged = {k: dict(v) for k, v in pending.corrections.items()}
    for name, values in corrections.items():
        merged.setdefault(name, {}).update(values)
    pending.corrections = merged
    pending.save(update_fields=["corrections"])
    ImportMapping.objects.filter(unit=pending.unit, kind=pending.kind).update(corrections=merged)


def import_plan(*, user: User, unit: Unit, kind: str, sheet: Sheet, choices: Choices) -> Plan:
    """The dry run: nothing is written."""
    _check_unit(user, unit)
    if choices.header_row is None or choices.missing(kind):
        raise ValidationError(_("Velg kolonner for alle feltene først."))
    planner = Planner(
        user=user,
        unit=unit,
        kind=kind,
        sheet=sheet,
        header_row=choices.header_row,
        columns=choices.columns,
        fixed=choices.fixed,
        corrections=choices.corrections,
    )
    return planner.build()


@dataclass(frozen=True)
class ImportResult:
    batch: uuid.UUID
    plan: Plan

    @property
    def created(self) -> int:
        return len(self.plan.create)


class PlanChanged(ValidationError):
    """The rows would no longer be what the user confirmed; the new plan is attached."""

    def __init__(self, plan: Plan) -> None:
        super().__init__(
            _(
                "Noe er endret siden forhåndsvisningen (for eksempel er et år låst, eller raden "
                "er lest inn fra før). Ingenting er lagret. Se over den nye forhåndsvisningen."
            )
        )
        self.plan = plan


def _write(
    *, user: User, unit: Unit, kind: str, rows: list[PlannedRow], late_reason: str | None
) -> list[Any]:
    batch = [(row.data, uuid.uuid5(TOKEN_NAMESPACE, row.fingerprint)) for row in rows]
    if not batch:
        return []
    if kind == ImportKind.CASES:
        cases = [(data, token) for data, token in batch if isinstance(data, CaseInput)]
        return list(case_register_many(user=user, unit=unit, cases=cases, late_reason=late_reason))
    activities = [(data, token) for data, token in batch if not isinstance(data, CaseInput)]
    return list(
        activity_register_many(user=user, unit=unit, activities=activities, late_reason=late_reason)
    )


def import_apply(
    *,
    user: User,
    unit: Unit,
    kind: str,
    sheet: Sheet,
    choices: Choices,
    digest: str | None,
    reason: str = "",
    file_sha256: str = "",
) -> ImportResult:
    """Import the rows the dry run showed, in one transaction, with one audit entry.

    ``digest`` is the dry run's; ``None`` imports whatever the plan now says (the
    command line's own dry run and import are one call apart).
    """
    # One transaction, and one state of the database for the dry run and the writes.
    with transaction.atomic(), one_database_state():
        plan = import_plan(user=user, unit=unit, kind=kind, sheet=sheet, choices=choices)
        if digest is not None and plan.digest() != digest:
            raise PlanChanged(plan)
        late_reason = clean_reason(reason, required=True) if plan.late else None
        batch = uuid.uuid4()
        try:
            with transaction.atomic():
                open_rows = [row for row in plan.create if not row.late]
                records = _write(user=user, unit=unit, kind=kind, rows=open_rows, late_reason=None)
                records += _write(
                    user=user, unit=unit, kind=kind, rows=plan.late, late_reason=late_reason
                )
        except IntegrityError:
            raise PlanChanged(
                import_plan(user=user, unit=unit, kind=kind, sheet=sheet, choices=choices)
            ) from None
        link = "case" if kind == ImportKind.CASES else "activity"
        ImportedRow.objects.bulk_create(
            [
                ImportedRow(
                    unit=unit, kind=kind, fingerprint=row.fingerprint, batch=batch, **{link: record}
                )
                for row, record in zip([*open_rows, *plan.late], records, strict=True)
            ],
            batch_size=500,
        )
        audit_record(
            actor=user,
            action=Action.CREATE,
            target_type=AUDIT_TARGET,
            target_id=batch,
            changes={
                "enhet": [None, str(unit.pk)],
                "type": [None, kind],
                "fil_sha256": [None, file_sha256],
                **{name: [None, count] for name, count in plan.counts().items()},
            },
            reason=late_reason or "",
        )
    return ImportResult(batch=batch, plan=plan)


def pending_import_apply(
    *, user: User, pending: PendingImport, digest: str, reason: str
) -> ImportResult:
    """Import a waiting upload as the user confirmed it, then forget the file."""
    sheets = pending_sheets(pending)
    result = import_apply(
        user=user,
        unit=pending.unit,
        kind=pending.kind,
        sheet=sheet_named(sheets, pending.sheet),
        choices=pending_choices(pending),
        digest=digest,
        reason=reason,
        file_sha256=pending.sha256,
    )
    pending.delete()
    return result
