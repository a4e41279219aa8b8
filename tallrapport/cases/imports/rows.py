"""One row of a sheet into the input object the services take.

A :class:`RowReader` reads the cells of the mapped columns (or the value the
user chose for every row) into a ``CaseInput`` or an ``ActivityInput``; what
it cannot read is a :class:`RowRefused` with every problem of the row, each at
its column. Values it could not match to a level are also collected, so that
the preview can offer the user a correction for the whole file.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypeVar

from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from tallrapport.accounts.models import Unit
from tallrapport.activities.services import ActivityInput
from tallrapport.cases.imports.activity_values import ActivityLookups
from tallrapport.cases.imports.columns import date_field, fold
from tallrapport.cases.imports.models import ImportKind
from tallrapport.cases.imports.reading import Cell
from tallrapport.cases.imports.values import (
    Day,
    Lookups,
    Names,
    Unreadable,
    blank,
    half_year_start,
    labels_of,
    parse_age_group,
    parse_choice,
    parse_count,
    parse_day,
    parse_decimal,
    parse_half,
    parse_year,
    split_list,
    text_of,
)
from tallrapport.cases.models import Gender, GuidedPerson
from tallrapport.cases.rules import CaseInput

__all__ = ["Problem", "RowReader", "RowRefused", "UnknownValue", "Unreadable", "row_content"]

FIRST_DAY = datetime.date(2000, 1, 1)
# The fields whose values are levels of a list, which the user may correct for a file.
CASE_CODED = (
    "main_category",
    "secondary_categories",
    "gender",
    "age_group",
    "country",
    "reported_by",
    "guided",
)
ACTIVITY_CODED = ("activity_type", "target_groups", "topics", "partners")
T = TypeVar("T")
Find = Callable[[str, dict[str, str]], tuple[Any, str | None]]


@dataclass(frozen=True)
class Problem:
    column: str
    message: str


@dataclass
class UnknownValue:
    """A value that matched no level, for the corrections form: the field, the text
    as written, the rows it is in, and (code, name) of what it might be."""

    field: str
    text: str
    rows: list[int]
    suggestions: list[tuple[str, str]]


class RowRefused(Exception):
    def __init__(self, problems: list[Problem], unknown: list[UnknownValue]) -> None:
        super().__init__(f"{len(problems)} problems")
        self.problems = problems
        self.unknown = unknown


@dataclass
class _Row:
    """The reading of one row: its cells, and what went wrong so far."""

    cells: list[Cell]
    number: int
    reader: RowReader
    problems: list[Problem] = field(default_factory=list)
    unknown: list[UnknownValue] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def cell(self, name: str) -> Cell:
        index = self.reader.columns.get(name)
        return self.cells[index] if index is not None and index < len(self.cells) else None

    def fail(self, name: str, message: str) -> None:
        self.problems.append(Problem(self.reader.labels.get(name, name), message))

    def value(self, name: str, read: Callable[[Cell], T], missing: str | Promise) -> T | None:
        """The field's value: the one chosen for every row, else its cell read by ``read``."""
        if name in self.reader.fixed:
            return self.reader.fixed[name]  # type: ignore[no-any-return]
        cell = self.cell(name)
        if blank(cell):
            self.fail(name, str(missing))
            return None
        try:
            return read(cell)
        except Unreadable as error:
            self.fail(name, error.message)
            if name in self.reader.correctable:
                self.unknown.append(
                    UnknownValue(name, text_of(cell), [self.number], error.suggestions)
                )
            return None

    def level(self, name: str, find: Find, text: str) -> Any:
        """A level by name, with the user's corrections; a near spelling leaves a note."""
        level, note = find(text, self.reader.corrections.get(name, {}))
        if note:
            self.notes.append(note)
        return level

    def choice(self, name: str, read: Callable[[Cell], str]) -> Callable[[Cell], str]:
        """``read``, after the user's corrections of this field's values."""
        corrected = self.reader.corrections.get(name, {})

        def parse(cell: Cell) -> str:
            return corrected.get(fold(text_of(cell))) or read(cell)

        return parse

    def day(self) -> datetime.date | None:
        """The row's date: a date cell, or a half-year (with the year's column)."""
        name = date_field(self.reader.kind)
        written, half_cell, year_cell = self.cell(name), self.cell("half_year"), self.cell("year")
        try:
            if not blank(written):
                found = parse_day(written)
            elif not blank(half_cell):
                name = "half_year"
                year = None if blank(year_cell) else parse_year(year_cell)
                half = parse_half(text_of(half_cell), year)
                if half is None:
                    raise Unreadable(
                        _("«%(text)s» er ikke et halvår.") % {"text": text_of(half_cell)}
                    )
                if half[0] is None:
                    raise Unreadable(_("Halvåret mangler årstall."))
                found = Day(half_year_start(half[0], half[1]), half_only=True)
            else:
                self.fail(name, _("Datoen mangler. Skriv dato eller halvår."))
                return None
        except Unreadable as error:
            self.fail(name, error.message)
            return None
        if found.day < FIRST_DAY:
            self.fail(name, _("Datoen er før år 2000."))
            return None
        if found.half_only:
            self.notes.append(
                _("Bare halvåret er oppgitt; dateres %(day)s.")
                % {"day": date_format(found.day, "j. F Y")}
            )
        elif (
            not blank(half_cell)
            and (half := parse_half(text_of(half_cell), found.day.year))
            and half[1] != (1 if found.day.month <= 6 else 2)
        ):
            self.fail(
                "half_year",
                _("Datoen ligger ikke i halvåret «%(text)s».") % {"text": text_of(half_cell)},
            )
        return found.day


@dataclass
class RowReader:
    """Reads the rows of one sheet: the mapped columns, the values chosen for every
    row, the user's corrections, and the labels messages name columns by."""

    kind: str
    unit: Unit
    columns: dict[str, int]
    fixed: dict[str, Any]
    corrections: dict[str, dict[str, str]]
    labels: dict[str, str]
    correctable: frozenset[str] = frozenset()

    @staticmethod
    def for_kind(
        kind: str,
        unit: Unit,
        columns: dict[str, int],
        fixed: dict[str, Any],
        corrections: dict[str, dict[str, str]],
        labels: dict[str, str],
    ) -> RowReader:
        reader = CaseReader if kind == ImportKind.CASES else ActivityReader
        return reader(kind, unit, columns, fixed, corrections, labels)

    def read(
        self, cells: list[Cell], number: int
    ) -> tuple[CaseInput | ActivityInput, tuple[str, ...]]:
        """The row's input object and notes, or :class:`RowRefused` with its problems."""
        row = _Row(cells, number, self)
        data = self._read(row)
        if data is None or row.problems:
            raise RowRefused(row.problems, row.unknown)
        return data, tuple(row.notes)

    def _read(self, row: _Row) -> CaseInput | ActivityInput | None:
        raise NotImplementedError


@dataclass
class CaseReader(RowReader):
    lookups: Lookups = field(default_factory=Lookups.load)

    def __post_init__(self) -> None:
        self.correctable = frozenset(CASE_CODED)
        # What the messages call these fields, and the answers they take.
        self.gender_words = (_("kjønn"), list(labels_of(Gender).values()))
        self.guided_words = (_("veiledet"), list(labels_of(GuidedPerson).values()))
        self.fixed = dict(self.fixed)
        if "reported_by" in self.fixed:
            self.fixed["reported_by"] = self.lookups.sources.by_code[self.fixed["reported_by"]]

    def _read(self, row: _Row) -> CaseInput | None:
        look = self.lookups
        day = row.day()
        main = row.value(
            "main_category",
            lambda c: row.level("main_category", look.category, text_of(c)),
            _lazy("Kategorien mangler."),
        )
        secondary: list[Any] = []
        if not blank(row.cell("secondary_categories")):
            secondary = (
                row.value(
                    "secondary_categories",
                    lambda c: [
                        row.level("secondary_categories", look.category, t) for t in split_list(c)
                    ],
                    "",
                )
                or []
            )
        gender = row.value(
            "gender",
            row.choice("gender", lambda c: parse_choice(c, look.genders, *self.gender_words)),
            _lazy("Kjønn mangler. Skriv «ukjent» om det ikke er kjent."),
        )
        age = row.value(
            "age_group",
            row.choice("age_group", lambda c: parse_age_group(c, look.ages)),
            _lazy("Alder mangler. Skriv «ukjent» om den ikke er kjent."),
        )
        country = row.value(
            "country",
            lambda c: row.level("country", look.countries.find, text_of(c)),
            _lazy("Landbakgrunn mangler. Skriv «Ukjent» om den ikke er kjent."),
        )
        source = row.value(
            "reported_by",
            lambda c: row.level("reported_by", look.sources.find, text_of(c)),
            _lazy("«Meldt av» mangler."),
        )
        guided = row.value(
            "guided",
            row.choice("guided", lambda c: parse_choice(c, look.guided, *self.guided_words)),
            _lazy("Det mangler hvem som ble veiledet."),
        )
        if row.problems or day is None or main is None or country is None or source is None:
            return None
        return CaseInput(
            registered_on=day,
            main_category=main,
            gender=str(gender),
            age_group=str(age),
            country=country,
            reported_by=source,
            guided=str(guided),
            secondary_categories=tuple(dict.fromkeys(secondary)),
        )


@dataclass
class ActivityReader(RowReader):
    lookups: ActivityLookups = field(default_factory=ActivityLookups.load)

    def __post_init__(self) -> None:
        self.correctable = frozenset(ACTIVITY_CODED)
        self.fixed = {k: tuple(v) if isinstance(v, list) else v for k, v in self.fixed.items()}

    def _read(self, row: _Row) -> ActivityInput | None:
        look = self.lookups
        day = row.day()

        def codes(name: str, names: Names[Any]) -> Callable[[Cell], tuple[str, ...]]:
            def read(cell: Cell) -> tuple[str, ...]:
                found = (row.level(name, names.find, text).code for text in split_list(cell))
                return tuple(dict.fromkeys(found))

            return read

        kind = row.value(
            "activity_type",
            lambda c: row.level("activity_type", look.types.find, text_of(c)).code,
            _lazy("Typen aktivitet mangler."),
        )
        groups = row.value(
            "target_groups", codes("target_groups", look.target_groups), _lazy("Målgruppe mangler.")
        )
        topics = row.value("topics", codes("topics", look.topics), _lazy("Tema mangler."))
        partners: tuple[str, ...] = ()
        if not blank(row.cell("partners")):
            partners = row.value("partners", codes("partners", look.partners), "") or ()
        participants = None
        if not blank(row.cell("participants")):
            participants = row.value("participants", lambda c: parse_count(c, _("deltakere")), "")
        hours = row.value("hours", lambda c: parse_decimal(c, _("timer")), _lazy("Timer mangler."))
        if "municipality" in self.columns:
            municipality = (
                "" if blank(row.cell("municipality")) else text_of(row.cell("municipality"))
            )
        else:
            municipality = self.unit.municipality
        if row.problems or day is None:
            return None
        return ActivityInput(
            date=day,
            activity_type=str(kind),
            target_groups=tuple(groups or ()),
            participants=participants,
            hours=hours if hours is not None else Decimal(0),
            topics=tuple(topics or ()),
            partners=tuple(partners),
            municipality=municipality,
        )


def row_content(data: CaseInput | ActivityInput) -> str:
    """A row's content in codes, for its fingerprint: the same record read from a
    differently spelled sheet («TVE», «Frykt for tvangsekteskap») is the same."""
    if isinstance(data, CaseInput):
        parts = [
            data.registered_on.isoformat(),
            data.main_category.code,
            ",".join(sorted(c.code for c in data.secondary_categories)),
            data.gender,
            data.age_group,
            data.country.code,
            data.reported_by.code,
            data.guided,
        ]
    else:
        parts = [
            data.date.isoformat(),
            data.activity_type,
            ",".join(sorted(set(data.target_groups))),
            ",".join(sorted(set(data.topics))),
            ",".join(sorted(set(data.partners))),
            "" if data.participants is None else str(data.participants),
            f"{data.hours:.1f}" if data.hours.is_finite() else str(data.hours),
            fold(data.municipality),
        ]
    return "\x1e".join(parts)
