"""The dry run: what each row of a sheet would become, before anything is written.

Every row is read (:mod:`~tallrapport.cases.imports.values`) into the very
input object the form gives the services (``CaseInput``, ``ActivityInput``) and
checked by the very rules the services apply (``validate_case``,
``validate_activity``), so that the preview says exactly what the import will
do: which rows are created (in a closed year: as the analyst's late
registration), which were imported before, and which cannot be, each with its
row number, column and a Norwegian reason.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from tallrapport.accounts.models import Unit, User
from tallrapport.activities.services import ActivityInput, validate_activity
from tallrapport.cases.imports.columns import fields_of, fold, repeated
from tallrapport.cases.imports.models import ImportedRow
from tallrapport.cases.imports.reading import Cell, Sheet, column_letter, is_blank
from tallrapport.cases.imports.rows import (
    Problem,
    RowReader,
    RowRefused,
    UnknownValue,
    row_content,
)
from tallrapport.cases.rules import CaseInput, closed_remembered, one_database_state, validate_case

# Words that start a totals row at the bottom of a sheet.
_TOTAL_WORDS = ("sum", "total", "ialt", "antall")


@dataclass(frozen=True)
class PlannedRow:
    number: int
    data: CaseInput | ActivityInput
    fingerprint: str
    late: bool
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class RefusedRow:
    number: int
    problems: tuple[Problem, ...]


@dataclass
class Plan:
    kind: str
    create: list[PlannedRow] = field(default_factory=list)
    refused: list[RefusedRow] = field(default_factory=list)
    already: list[int] = field(default_factory=list)
    totals: list[int] = field(default_factory=list)
    empty: int = 0
    unknown: dict[tuple[str, str], UnknownValue] = field(default_factory=dict)
    # Each field's column as the messages name it («C (Kategori)»).
    labels: dict[str, str] = field(default_factory=dict)

    @property
    def late(self) -> list[PlannedRow]:
        return [row for row in self.create if row.late]

    @property
    def late_years(self) -> list[int]:
        return sorted({row_year(row) for row in self.late})

    def digest(self) -> str:
        """What the confirmation must still find: the same rows to create, the same refused."""
        text = "\n".join(
            [f"+{r.number}:{r.fingerprint}:{int(r.late)}" for r in self.create]
            + [f"-{r.number}" for r in self.refused]
        )
        return hashlib.sha256(text.encode()).hexdigest()

    def counts(self) -> dict[str, int]:
        return {
            "opprettes": len(self.create),
            "etterregistreres": len(self.late),
            "allerede_lest_inn": len(self.already),
            "kan_ikke_leses_inn": len(self.refused),
            "sumrader": len(self.totals),
            "tomme_rader": self.empty,
        }


def row_year(row: PlannedRow) -> int:
    data = row.data
    return (data.registered_on if isinstance(data, CaseInput) else data.date).year


def fingerprint(kind: str, unit: Unit, content: str, occurrence: int) -> str:
    """The row's identity within a unit: its content (as read, in codes), and which
    occurrence of that content in the file it is."""
    text = f"{kind}\x1f{unit.pk}\x1f{content}\x1f{occurrence}"
    return hashlib.sha256(text.encode()).hexdigest()


def _is_totals(row: list[Cell]) -> bool:
    texts = [fold(c) for c in row if isinstance(c, str) and c.strip()]
    if any(t.startswith(_TOTAL_WORDS) for t in texts):
        return True
    filled = [c for c in row if not is_blank(c)]
    return bool(filled) and all(
        isinstance(c, int | float) or (isinstance(c, str) and c.strip().isdigit()) for c in filled
    )


def _trailing_totals(rows: list[list[Cell]], first: int) -> set[int]:
    """Rows at the bottom (after the last row of data) that are totals, not records."""
    totals: set[int] = set()
    for index in range(len(rows) - 1, first - 1, -1):
        row = rows[index]
        if all(is_blank(c) for c in row):
            continue
        if not _is_totals(row):
            break
        totals.add(index)
    return totals


FieldErrors = dict[str, list[str]]


@dataclass
class Planner:
    """Builds the plan of one sheet for one user and unit."""

    user: User
    unit: Unit
    kind: str
    sheet: Sheet
    header_row: int
    columns: dict[str, int]
    fixed: dict[str, Any]
    corrections: dict[str, dict[str, str]]

    def labels(self) -> dict[str, str]:
        """Each field's column as the messages name it: «C (Kategori)»."""
        header = self.sheet.rows[self.header_row] if self.header_row < len(self.sheet.rows) else []
        names = {f.name: f.label for f in fields_of(self.kind)}
        labels = {}
        for name, index in self.columns.items():
            text = header[index] if index < len(header) and not is_blank(header[index]) else ""
            labels[name] = f"{column_letter(index)} ({text})" if text else column_letter(index)
        for name, label in names.items():
            labels.setdefault(name, label)
        labels["unit"] = _("Enhet")
        labels["reason"] = _("Begrunnelse")
        return labels

    def build(self) -> Plan:
        labels = self.labels()
        plan = Plan(self.kind, labels=labels)
        reader = RowReader.for_kind(
            self.kind, self.unit, self.columns, self.fixed, self.corrections, labels
        )
        rows = self.sheet.rows
        first = self.header_row + 1
        totals = _trailing_totals(rows, first)
        read: list[tuple[int, Any, str, tuple[str, ...]]] = []
        for index in range(first, len(rows)):
            row, number = rows[index], index + 1
            if all(is_blank(c) for c in row):
                plan.empty += 1
                continue
            if index in totals:
                plan.totals.append(number)
                continue
            try:
                data, notes = reader.read(row, number)
            except RowRefused as refusal:
                plan.refused.append(RefusedRow(number, tuple(refusal.problems)))
                for unknown in refusal.unknown:
                    key = (unknown.field, fold(unknown.text))
                    known = plan.unknown.setdefault(key, unknown)
                    if known is not unknown:
                        known.rows.append(number)
                continue
            read.append((number, data, row_content(data), notes))
        occurrences = repeated([content for _n, _d, content, _notes in read])
        prints = [
            fingerprint(self.kind, self.unit, content, occurrence)
            for (_n, _d, content, _notes), occurrence in zip(read, occurrences, strict=True)
        ]
        done = imported_before(self.unit, self.kind, prints)
        with one_database_state():
            for (number, data, _content, notes), print_ in zip(read, prints, strict=True):
                if print_ in done:
                    plan.already.append(number)
                    continue
                self._check(plan, number, data, print_, notes, labels)
        plan.refused.sort(key=lambda r: r.number)
        return plan

    def _check(
        self,
        plan: Plan,
        number: int,
        data: CaseInput | ActivityInput,
        print_: str,
        notes: tuple[str, ...],
        labels: dict[str, str],
    ) -> None:
        day = data.registered_on if isinstance(data, CaseInput) else data.date
        # An analyst's row in a closed year is a late registration; an advisor's is refused
        # by the rules, with the message that says who can register it.
        late = not self.user.is_advisor and closed_remembered(self.unit.scheme, day.year)
        validate: Callable[..., Any] = (
            validate_case if isinstance(data, CaseInput) else validate_activity
        )
        try:
            validate(
                user=self.user,
                unit=self.unit,
                data=data,
                late=late,
                named_unit=not self.user.is_advisor,
            )
        except ValidationError as error:
            problems = [
                Problem(labels.get(name, name), message)
                for name, messages in error.message_dict.items()
                for message in messages
            ]
            plan.refused.append(RefusedRow(number, tuple(problems)))
            return
        plan.create.append(PlannedRow(number, data, print_, late, notes))


def imported_before(unit: Unit, kind: str, prints: list[str]) -> set[str]:
    """The fingerprints among ``prints`` that an earlier import of this unit stored."""
    done: set[str] = set()
    for start in range(0, len(prints), 900):
        done.update(
            ImportedRow.objects.filter(
                unit=unit, kind=kind, fingerprint__in=prints[start : start + 900]
            ).values_list("fingerprint", flat=True)
        )
    return done
