"""Writes of cases: register, update, delete.

Every rule that decides whether a case may be saved lives in
:func:`validate_case`, which the forms call to put each message at its field and
the services call again, so that no caller (a view, the demo loader, a future
API) can store a case the form would have refused. The database constraints are
the last line behind both.

Every write appends to the audit trail in the same transaction, with the case's
fields before and after (coded values only: a case holds no free text). A year
the analysts have closed refuses the advisors' writes here, with a message at
the date field, and in the database (triggers of migration 0004); the analysts'
late-registration services are the one way in, each with a logged reason.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from tallrapport.accounts.models import Scheme, Unit, User
from tallrapport.accounts.selectors import units_of_user_on
from tallrapport.audit.models import Action
from tallrapport.audit.services import audit_diff, audit_record
from tallrapport.cases.models import (
    AgeGroup,
    Case,
    Category,
    ClosedYear,
    Country,
    Family,
    Gender,
    GuidedPerson,
    ReferralSource,
    half_year_of,
)
from tallrapport.cases.selectors import (
    user_may_change_case,
    user_may_close_years,
    year_is_closed,
)

AUDIT_TARGET = "sak"
YEAR_TARGET = "aar"


class CaseConflictError(Exception):
    """Someone saved the case after this user opened it; their edit would be lost."""

    def __init__(self, case: Case) -> None:
        super().__init__(f"Case {case.pk} changed since it was read")
        self.case = case


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


def _closed_message(scheme: Scheme, year: int) -> str:
    return _(
        "%(year)s er låst for %(scheme)s, og saker for året kan ikke lenger registreres, "
        "endres eller slettes her. Ta kontakt med en analytiker, som kan etterregistrere "
        "saken med begrunnelse."
    ) % {"year": year, "scheme": scheme.name_on(datetime.date(year, 12, 31))}


def _not_closed_message(year: int) -> str:
    return _(
        "%(year)s er ikke låst. Saken registreres og endres av rådgiveren, ikke som "
        "etterregistrering."
    ) % {"year": year}


def year_key(scheme: Scheme, year: int) -> str:
    """The audit trail's id of one scheme's year."""
    return f"{scheme.code}:{year}"


def _unit_on(unit: Unit | None, day: datetime.date) -> Unit:
    """The unit an analyst chose for a late registration, if it existed that day."""
    if unit is None:
        raise ValidationError({"unit": _("Velg enheten saken hører til.")})
    if not (unit.valid_from <= day and (unit.valid_to is None or day <= unit.valid_to)):
        raise ValidationError({"unit": _("Enheten fantes ikke på registreringsdatoen.")})
    return unit


def resolve_unit(*, user: User, day: datetime.date, unit: Unit | None, fixed: bool = False) -> Unit:
    """The unit a case dated ``day`` belongs to.

    It comes from the user's memberships on that date: chosen by the user if
    they worked at several units then, otherwise the only one. ``fixed`` is for
    an edit, where the unit stays and only the date is checked against it.
    """
    units = list(units_of_user_on(user=user, day=day))
    if fixed and unit is not None:
        if unit not in units:
            raise ValidationError(
                {
                    "registered_on": _(
                        "Datoen ligger utenfor perioden du var rådgiver ved %(unit)s."
                    )
                    % {"unit": unit.name}
                }
            )
        return unit
    if not units:
        raise ValidationError(
            {"registered_on": _("Du var ikke rådgiver ved noen enhet på denne datoen.")}
        )
    if unit is None:
        if len(units) > 1:
            raise ValidationError({"unit": _("Velg hvilken enhet saken hører til.")})
        return units[0]
    if unit not in units:
        raise ValidationError(
            {"unit": _("Du var ikke rådgiver ved denne enheten på registreringsdatoen.")}
        )
    return unit


def validate_case(
    *,
    user: User,
    unit: Unit | None,
    registered_on: datetime.date,
    main_category: Category,
    secondary_categories: Iterable[Category],
    gender: str,
    age_group: str,
    country: Country,
    reported_by: ReferralSource,
    guided: str,
    family: Family | None = None,
    new_family: bool = False,
    fixed_unit: bool = False,
    late: bool = False,
) -> Unit:
    """Check every rule for a case and return its unit.

    Raises one ``ValidationError`` whose dict maps each failing field to its
    message, so the form can show them all at once, each at its field.

    ``late`` is the analyst's late registration: the unit is the one chosen
    (the analyst belongs to no unit) and the year must be closed; otherwise the
    year must be open.
    """
    errors: dict[str, list[str]] = {}

    def fail(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    resolved: Unit | None
    if registered_on > timezone.localdate():
        fail("registered_on", _("Registreringsdatoen kan ikke være fram i tid."))
        resolved = unit if fixed_unit else None
    else:
        try:
            if late:
                resolved = _unit_on(unit, registered_on)
            else:
                resolved = resolve_unit(user=user, day=registered_on, unit=unit, fixed=fixed_unit)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                for message in messages:
                    fail(field, message)
            resolved = None
    if resolved is not None and registered_on <= timezone.localdate():
        closed = year_is_closed(scheme=resolved.scheme, year=registered_on.year)
        if closed and not late:
            fail("registered_on", _closed_message(resolved.scheme, registered_on.year))
        elif late and not closed:
            fail("registered_on", _not_closed_message(registered_on.year))

    if problem := _category_problem(main_category, registered_on, resolved):
        fail("main_category", problem)
    secondaries = list(secondary_categories)
    if main_category in secondaries:
        fail(
            "secondary_categories",
            _("Hovedkategorien «%(name)s» kan ikke også være en annen kategori.")
            % {"name": main_category.name},
        )
    for category in secondaries:
        if category != main_category and (
            problem := _category_problem(category, registered_on, resolved)
        ):
            fail("secondary_categories", problem)
    if not country.is_valid_on(registered_on):
        fail(
            "country",
            _("«%(name)s» kan ikke brukes på denne datoen.") % {"name": country.name},
        )
    if not reported_by.is_valid_on(registered_on):
        fail(
            "reported_by",
            _("«%(name)s» kan ikke brukes på denne datoen.") % {"name": reported_by.name},
        )
    if gender not in Gender.values:
        fail("gender", _("Velg kjønn."))
    if age_group not in AgeGroup.values:
        fail("age_group", _("Velg aldersgruppe."))
    if guided not in GuidedPerson.values:
        fail("guided", _("Velg hvem du veiledet."))

    if family is not None or new_family:
        if resolved is not None and resolved.scheme.code != Scheme.SPECIAL_ENVOYS:
            fail("family", _("Sakskompleks brukes bare av spesialutsendinger."))
        elif family is not None and resolved is not None and family.unit_id != resolved.pk:
            fail("family", _("Sakskomplekset hører til en annen enhet."))
    if errors or resolved is None:
        raise ValidationError(errors or {"registered_on": _("Ugyldig registreringsdato.")})
    return resolved


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


@contextmanager
def closed_years_writable(keys: Iterable[tuple[Scheme, int]]) -> Iterator[None]:
    """Let this transaction write cases of the given closed years.

    Must run inside ``transaction.atomic()``: the flag is set and reset within
    the transaction, so other connections never see it set (on PostgreSQL they
    read the committed row, and the UPDATE's row lock makes a concurrent reopen
    wait; SQLite lets one writer at a time). If the block fails, the rollback
    resets it too.
    """
    rows = [ClosedYear.objects.filter(scheme=scheme, year=year) for scheme, year in set(keys)]
    for row in rows:
        row.update(writable=True)
    yield
    for row in rows:
        row.update(writable=False)


@contextmanager
def _closed_meanwhile(scheme: Scheme, years: Iterable[int]) -> Iterator[None]:
    """Turn the trigger's refusal into the form's message if a year closed mid-request.

    The services check the year first; an analyst closing it between that check
    and the write makes the database trigger refuse the write instead, which
    would otherwise reach the user as a server error.
    """
    try:
        yield
    except IntegrityError:
        for year in years:
            if year_is_closed(scheme=scheme, year=year):
                raise ValidationError({"registered_on": _closed_message(scheme, year)}) from None
        raise


def _case_by_token(token: uuid.UUID) -> Case | None:
    return Case.objects.filter(submission_token=token).first()


def _replay(case: Case, user: User) -> Case:
    """A repeated submit returns the case the first one made, to its own author only."""
    if case.registered_by_id != user.pk:
        raise ValidationError(_("Dette skjemaet er allerede brukt. Last siden på nytt."))
    return case


REASON_MAX_LENGTH = 1000


def _reason(reason: str, *, required: bool) -> str:
    """A reason as the audit trail stores it: trimmed, bounded, no NUL (PostgreSQL refuses it)."""
    reason = reason.strip()
    if required and not reason:
        raise ValidationError({"reason": _("Skriv en begrunnelse.")})
    if "\x00" in reason or len(reason) > REASON_MAX_LENGTH:
        raise ValidationError(
            {
                "reason": _("Begrunnelsen kan ha høyst %(max)s vanlige tegn.")
                % {"max": REASON_MAX_LENGTH}
            }
        )
    return reason


def _reason_required(reason: str) -> str:
    return _reason(reason, required=True)


def _create(
    *,
    user: User,
    resolved: Unit,
    submission_token: uuid.UUID,
    secondaries: list[Category],
    new_family: bool,
    family: Family | None,
    action: str,
    reason: str = "",
    **fields: Any,
) -> Case:
    registered_on: datetime.date = fields["registered_on"]
    try:
        with transaction.atomic():
            if new_family:
                family = Family.objects.create(unit=resolved)
            with closed_years_writable(
                [(resolved.scheme, registered_on.year)] if action == Action.LATE_CREATE else []
            ):
                case = Case.objects.create(
                    scheme=resolved.scheme,
                    unit=resolved,
                    year=registered_on.year,
                    half_year=half_year_of(registered_on),
                    family=family,
                    registered_by=user,
                    submission_token=submission_token,
                    **fields,
                )
                case.secondary_categories.set(secondaries)
            audit_record(
                actor=user,
                action=action,
                target_type=AUDIT_TARGET,
                target_id=case.pk,
                changes=audit_diff({}, case_audit_values(case, secondaries)),
                reason=reason,
            )
    except IntegrityError:
        # The other request of a double submit committed first.
        if (existing := _case_by_token(submission_token)) is None:
            if year_is_closed(scheme=resolved.scheme, year=registered_on.year):
                # ... or the year was closed since the check: the trigger refused.
                raise ValidationError(
                    {"registered_on": _closed_message(resolved.scheme, registered_on.year)}
                ) from None
            raise
        return _replay(existing, user)
    return case


def case_register(
    *,
    user: User,
    unit: Unit | None,
    registered_on: datetime.date,
    main_category: Category,
    secondary_categories: Iterable[Category],
    gender: str,
    age_group: str,
    country: Country,
    reported_by: ReferralSource,
    guided: str,
    family: Family | None = None,
    new_family: bool = False,
    submission_token: uuid.UUID,
) -> Case:
    """Register a new case, once per submitted form.

    ``unit`` may be left out when the advisor had one unit on ``registered_on``.
    A second POST of the same form (double click, browser retry) carries the
    same ``submission_token`` and gets back the case the first one made; the
    unique constraint on the token settles a race between the two.
    """
    if (existing := _case_by_token(submission_token)) is not None:
        return _replay(existing, user)
    if not user.is_advisor:
        raise PermissionDenied
    secondaries = list(secondary_categories)
    resolved = validate_case(
        user=user,
        unit=unit,
        registered_on=registered_on,
        main_category=main_category,
        secondary_categories=secondaries,
        gender=gender,
        age_group=age_group,
        country=country,
        reported_by=reported_by,
        guided=guided,
        family=family,
        new_family=new_family,
    )
    return _create(
        user=user,
        resolved=resolved,
        submission_token=submission_token,
        secondaries=secondaries,
        new_family=new_family,
        family=family,
        action=Action.CREATE,
        registered_on=registered_on,
        main_category=main_category,
        gender=gender,
        age_group=age_group,
        country=country,
        reported_by=reported_by,
        guided=guided,
    )


def case_register_late(
    *,
    user: User,
    unit: Unit | None,
    registered_on: datetime.date,
    main_category: Category,
    secondary_categories: Iterable[Category],
    gender: str,
    age_group: str,
    country: Country,
    reported_by: ReferralSource,
    guided: str,
    reason: str,
    submission_token: uuid.UUID,
) -> Case:
    """An analyst registers a case in a closed year, with a reason that is logged.

    The analyst names the unit (they belong to none); the year must be closed,
    since an open year's cases are the advisors' own to register.
    """
    if (existing := _case_by_token(submission_token)) is not None:
        return _replay(existing, user)
    if not user_may_close_years(user):
        raise PermissionDenied
    reason = _reason_required(reason)
    secondaries = list(secondary_categories)
    resolved = validate_case(
        user=user,
        unit=unit,
        registered_on=registered_on,
        main_category=main_category,
        secondary_categories=secondaries,
        gender=gender,
        age_group=age_group,
        country=country,
        reported_by=reported_by,
        guided=guided,
        late=True,
    )
    return _create(
        user=user,
        resolved=resolved,
        submission_token=submission_token,
        secondaries=secondaries,
        new_family=False,
        family=None,
        action=Action.LATE_CREATE,
        reason=reason,
        registered_on=registered_on,
        main_category=main_category,
        gender=gender,
        age_group=age_group,
        country=country,
        reported_by=reported_by,
        guided=guided,
    )


def _write_update(
    *,
    case: Case,
    user: User,
    expected_version: int,
    secondaries: list[Category],
    family: Family | None,
    new_family: bool,
    action: str,
    reason: str = "",
    **fields: Any,
) -> Case:
    """The guarded UPDATE shared by the advisor's edit and the analyst's late change."""
    registered_on: datetime.date = fields["registered_on"]
    before = case_audit_values(case)
    unlock = (
        [(case.scheme, case.year), (case.scheme, registered_on.year)]
        if action == Action.LATE_UPDATE
        else []
    )
    with (
        _closed_meanwhile(case.scheme, [case.year, registered_on.year]),
        transaction.atomic(),
    ):
        if new_family:
            family = Family.objects.create(unit=case.unit)
        with closed_years_writable(unlock):
            updated = Case.objects.filter(pk=case.pk, version=expected_version).update(
                year=registered_on.year,
                half_year=half_year_of(registered_on),
                family=family,
                version=F("version") + 1,
                updated_at=timezone.now(),
                **fields,
            )
            if updated != 1:
                current = Case.objects.filter(pk=case.pk).first()
                raise CaseConflictError(current or case)
            case.secondary_categories.set(secondaries)
        case.refresh_from_db()
        audit_record(
            actor=user,
            action=action,
            target_type=AUDIT_TARGET,
            target_id=case.pk,
            changes=audit_diff(before, case_audit_values(case, secondaries)),
            reason=reason,
        )
    return case


def case_update(
    *,
    case: Case,
    user: User,
    expected_version: int,
    registered_on: datetime.date,
    main_category: Category,
    secondary_categories: Iterable[Category],
    gender: str,
    age_group: str,
    country: Country,
    reported_by: ReferralSource,
    guided: str,
    family: Family | None = None,
    new_family: bool = False,
) -> Case:
    """Change a case the user may change, if nobody changed it since they read it.

    The UPDATE only matches the row at ``expected_version``; if another save came
    first, nothing is written and :class:`CaseConflictError` says so, instead of
    silently overwriting the other person's change. A case of a closed year, or
    a move into one, is refused.
    """
    if not user_may_change_case(user=user, case=case):
        raise PermissionDenied
    if year_is_closed(scheme=case.scheme, year=case.year):
        raise ValidationError(_closed_message(case.scheme, case.year))
    secondaries = list(secondary_categories)
    validate_case(
        user=user,
        unit=case.unit,
        registered_on=registered_on,
        main_category=main_category,
        secondary_categories=secondaries,
        gender=gender,
        age_group=age_group,
        country=country,
        reported_by=reported_by,
        guided=guided,
        family=family,
        new_family=new_family,
        fixed_unit=True,
    )
    return _write_update(
        case=case,
        user=user,
        expected_version=expected_version,
        secondaries=secondaries,
        family=family,
        new_family=new_family,
        action=Action.UPDATE,
        registered_on=registered_on,
        main_category=main_category,
        gender=gender,
        age_group=age_group,
        country=country,
        reported_by=reported_by,
        guided=guided,
    )


def case_update_late(
    *,
    case: Case,
    user: User,
    expected_version: int,
    registered_on: datetime.date,
    main_category: Category,
    secondary_categories: Iterable[Category],
    gender: str,
    age_group: str,
    country: Country,
    reported_by: ReferralSource,
    guided: str,
    reason: str,
) -> Case:
    """An analyst corrects a case of a closed year, with a reason that is logged.

    The case keeps its unit and family; it must be in a closed year, and it may
    move only to another date in a closed year of its scheme.
    """
    if not user_may_close_years(user):
        raise PermissionDenied
    reason = _reason_required(reason)
    if not year_is_closed(scheme=case.scheme, year=case.year):
        raise ValidationError(_not_closed_message(case.year))
    secondaries = list(secondary_categories)
    validate_case(
        user=user,
        unit=case.unit,
        registered_on=registered_on,
        main_category=main_category,
        secondary_categories=secondaries,
        gender=gender,
        age_group=age_group,
        country=country,
        reported_by=reported_by,
        guided=guided,
        late=True,
    )
    return _write_update(
        case=case,
        user=user,
        expected_version=expected_version,
        secondaries=secondaries,
        family=case.family,
        new_family=False,
        action=Action.LATE_UPDATE,
        reason=reason,
        registered_on=registered_on,
        main_category=main_category,
        gender=gender,
        age_group=age_group,
        country=country,
        reported_by=reported_by,
        guided=guided,
    )


def case_delete(*, case: Case, user: User) -> None:
    """Delete a case the user may change (a wrongly registered one) in an open year."""
    if not user_may_change_case(user=user, case=case):
        raise PermissionDenied
    if year_is_closed(scheme=case.scheme, year=case.year):
        raise ValidationError(_closed_message(case.scheme, case.year))
    with _closed_meanwhile(case.scheme, [case.year]), transaction.atomic():
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


# --- closing a year -----------------------------------------------------------------------


def case_year_close(*, user: User, scheme: Scheme, year: int, reason: str = "") -> ClosedYear:
    """An analyst closes one year of one scheme; closing twice is refused.

    Only a year that is over may be closed: closing the running year would stop
    the advisors' registrations mid-year.
    """
    if not user_may_close_years(user):
        raise PermissionDenied
    if year >= timezone.localdate().year:
        raise ValidationError(_("%(year)s er ikke over ennå og kan ikke låses.") % {"year": year})
    reason = _reason(reason, required=False)
    with transaction.atomic():
        if ClosedYear.objects.filter(scheme=scheme, year=year).exists():
            raise ValidationError(_("%(year)s er allerede låst.") % {"year": year})
        try:
            with transaction.atomic():
                closed = ClosedYear.objects.create(
                    scheme=scheme,
                    year=year,
                    closed_at=timezone.now(),
                    closed_by=user,
                    reason=reason.strip(),
                )
        except IntegrityError as error:  # another analyst closed it a moment ago
            raise ValidationError(_("%(year)s er allerede låst.") % {"year": year}) from error
        audit_record(
            actor=user,
            action=Action.CLOSE,
            target_type=YEAR_TARGET,
            target_id=year_key(scheme, year),
            changes={"closed": [False, True]},
            reason=reason.strip(),
        )
    return closed


def case_year_reopen(*, user: User, scheme: Scheme, year: int, reason: str) -> None:
    """An analyst reopens a closed year; the reason is required and logged."""
    if not user_may_close_years(user):
        raise PermissionDenied
    reason = _reason_required(reason)
    with transaction.atomic():
        deleted, _rows = ClosedYear.objects.filter(scheme=scheme, year=year).delete()
        if not deleted:
            raise ValidationError(_("%(year)s er ikke låst.") % {"year": year})
        audit_record(
            actor=user,
            action=Action.REOPEN,
            target_type=YEAR_TARGET,
            target_id=year_key(scheme, year),
            changes={"closed": [True, False]},
            reason=reason,
        )
