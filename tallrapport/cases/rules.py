"""What a case holds (:class:`CaseInput`) and every rule that decides whether it may be saved.

The form calls :func:`validate_case` to put each message at its field, and the
services call it again, so that no caller (a view, the demo loader, a future
API) can store a case the form would have refused. The database constraints
are the last line behind both.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from tallrapport.accounts.models import Scheme, Unit, User
from tallrapport.accounts.selectors import resolve_unit, unit_existing_on
from tallrapport.cases.models import AgeGroup, Category, Country, Family, Gender, GuidedPerson
from tallrapport.cases.selectors import year_is_closed
from tallrapport.cases.years import closed_message, not_closed_message

if TYPE_CHECKING:
    from tallrapport.cases.models import ReferralSource


@dataclass(frozen=True)
class CaseInput:
    """A case's own fields, as the form (or the demo loader) gives them to the services.

    The unit, the author and the submission token are not part of it: they say
    who registers and where, not what the case is.
    """

    registered_on: datetime.date
    main_category: Category
    gender: str
    age_group: str
    country: Country
    reported_by: ReferralSource
    guided: str
    secondary_categories: tuple[Category, ...] = ()
    family: Family | None = None
    new_family: bool = False


Fail = Callable[[str, str], None]


def _day(day: datetime.date) -> str:
    return date_format(day, "j. F Y")


def _category_problem(category: Category, day: datetime.date, unit: Unit | None) -> str | None:
    if not category.is_valid_on(day):
        return _("«%(name)s» kan ikke brukes for saker registrert %(day)s.") % {
            "name": category.name,
            "day": _day(day),
        }
    if unit is not None and category.scheme_id is not None and category.scheme_id != unit.scheme_id:
        return _("«%(name)s» brukes ikke av enheter i %(scheme)s.") % {
            "name": category.name,
            "scheme": unit.scheme.name_on(day),
        }
    return None


def gather(fail: Fail, error: ValidationError) -> None:
    """Add each message of ``error`` to the errors being collected."""
    for field, messages in error.message_dict.items():
        for message in messages:
            fail(field, message)


# --- many records against one state of the database (a spreadsheet's import) ------------

_REMEMBERED: ContextVar[dict[Hashable, Any] | None] = ContextVar("rules_remembered", default=None)
T = TypeVar("T")


@contextmanager
def one_database_state() -> Iterator[None]:
    """Within this block the rules remember what they asked the database.

    Checking twenty thousand rows of one spreadsheet asks the same few
    questions over and over (the user's unit on a date, whether a year is
    closed); the answers cannot change while one import holds its transaction,
    so each is asked once. The rules themselves are the same as for one form.
    """
    if _REMEMBERED.get() is not None:  # already inside one: the same state goes on
        yield
        return
    token = _REMEMBERED.set({})
    try:
        yield
    finally:
        _REMEMBERED.reset(token)


def remembered(key: Hashable, ask: Callable[[], T]) -> T:
    """``ask()``, or inside :func:`one_database_state` its first answer for ``key``
    (a refusal, a ``ValidationError``, is remembered and raised again too)."""
    memory = _REMEMBERED.get()
    if memory is None:
        return ask()
    if key not in memory:
        try:
            memory[key] = ask()
        except ValidationError as error:
            memory[key] = error
    answer = memory[key]
    if isinstance(answer, ValidationError):
        again = answer.error_dict if hasattr(answer, "error_dict") else answer.messages
        raise ValidationError(again)
    return answer  # type: ignore[no-any-return]


def closed_remembered(scheme: Scheme, year: int) -> bool:
    """:func:`year_is_closed`, asked once per scheme and year inside :func:`one_database_state`."""
    return remembered(("closed", scheme.pk, year), lambda: year_is_closed(scheme=scheme, year=year))


def unit_and_lock(
    *,
    user: User,
    unit: Unit | None,
    day: datetime.date,
    fixed: bool,
    late: bool,
    named_unit: bool,
    field: str,
) -> tuple[Unit, bool]:
    """The record's unit on ``day`` and whether its scheme's year is closed.

    The advisor's unit comes from their memberships; an analyst names it (a late
    registration, or ``named_unit``: an import for a unit the analyst chose).
    """
    if late or named_unit:
        key: Hashable = ("unit_on", unit.pk if unit else None, day)
        resolved = remembered(key, lambda: unit_existing_on(unit=unit, day=day))
    else:
        key = ("member_unit", user.pk, unit.pk if unit else None, day, fixed, field)
        resolved = remembered(
            key, lambda: resolve_unit(user=user, day=day, unit=unit, fixed=fixed, field=field)
        )
    return resolved, closed_remembered(resolved.scheme, day.year)


def _resolved_unit(
    fail: Fail,
    *,
    user: User,
    unit: Unit | None,
    day: datetime.date,
    fixed: bool,
    late: bool,
    named_unit: bool = False,
) -> Unit | None:
    """The case's unit, with the date's and the closed year's problems reported."""
    if day > timezone.localdate():
        fail("registered_on", _("Registreringsdatoen kan ikke være fram i tid."))
        return unit if fixed else None
    try:
        resolved, closed = unit_and_lock(
            user=user,
            unit=unit,
            day=day,
            fixed=fixed,
            late=late,
            named_unit=named_unit,
            field="registered_on",
        )
    except ValidationError as error:
        gather(fail, error)
        return None
    if closed and not late:
        fail("registered_on", closed_message(resolved.scheme, day.year))
    elif late and not closed:
        fail("registered_on", not_closed_message(day.year))
    return resolved


def _check_categories(fail: Fail, data: CaseInput, unit: Unit | None) -> None:
    day = data.registered_on
    if problem := _category_problem(data.main_category, day, unit):
        fail("main_category", problem)
    if data.main_category in data.secondary_categories:
        fail(
            "secondary_categories",
            _("Hovedkategorien «%(name)s» kan ikke også være en annen kategori.")
            % {"name": data.main_category.name},
        )
    for category in data.secondary_categories:
        if category != data.main_category and (problem := _category_problem(category, day, unit)):
            fail("secondary_categories", problem)


def _check_codes(fail: Fail, data: CaseInput) -> None:
    for field, value in (("country", data.country), ("reported_by", data.reported_by)):
        if not value.is_valid_on(data.registered_on):
            fail(field, _("«%(name)s» kan ikke brukes på denne datoen.") % {"name": value.name})
    if data.gender not in Gender.values:
        fail("gender", _("Velg kjønn."))
    if data.age_group not in AgeGroup.values:
        fail("age_group", _("Velg aldersgruppe."))
    if data.guided not in GuidedPerson.values:
        fail("guided", _("Velg hvem du veiledet."))


def _check_family(fail: Fail, data: CaseInput, unit: Unit | None) -> None:
    if unit is None or (data.family is None and not data.new_family):
        return
    if unit.scheme.code != Scheme.SPECIAL_ENVOYS:
        fail("family", _("Sakskompleks brukes bare av spesialutsendinger."))
    elif data.family is not None and data.family.unit_id != unit.pk:
        fail("family", _("Sakskomplekset hører til en annen enhet."))


def validate_case(
    *,
    user: User,
    unit: Unit | None,
    data: CaseInput,
    fixed_unit: bool = False,
    late: bool = False,
    named_unit: bool = False,
) -> Unit:
    """Check every rule for a case and return its unit.

    Raises one ``ValidationError`` whose dict maps each failing field to its
    message, so the form can show them all at once, each at its field.

    ``late`` is the analyst's late registration: the unit is the one chosen
    (the analyst belongs to no unit) and the year must be closed; otherwise the
    year must be open. A late change keeps the case's family as it is.

    ``named_unit`` is an analyst's import of an advisor's spreadsheet: the
    analyst names the unit, as for a late registration, but the year must be
    open, as for the advisor's own registration.
    """
    errors: dict[str, list[str]] = {}

    def fail(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    resolved = _resolved_unit(
        fail,
        user=user,
        unit=unit,
        day=data.registered_on,
        fixed=fixed_unit,
        late=late,
        named_unit=named_unit,
    )
    _check_categories(fail, data, resolved)
    _check_codes(fail, data)
    if not late:
        _check_family(fail, data, resolved)
    if errors or resolved is None:
        raise ValidationError(errors or {"registered_on": _("Ugyldig registreringsdato.")})
    return resolved
