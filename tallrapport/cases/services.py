"""Writes of cases: register, update, delete.

Every rule that decides whether a case may be saved lives in
:func:`validate_case`, which the forms call to put each message at its field and
the services call again, so that no caller (a view, the demo loader, a future
API) can store a case the form would have refused. The database constraints are
the last line behind both.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from tallrapport.accounts.models import Scheme, Unit, User
from tallrapport.accounts.selectors import units_of_user_on
from tallrapport.cases.models import (
    AgeGroup,
    Case,
    Category,
    Country,
    Family,
    Gender,
    GuidedPerson,
    ReferralSource,
    half_year_of,
)
from tallrapport.cases.selectors import user_may_change_case


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
) -> Unit:
    """Check every rule for a case and return its unit.

    Raises one ``ValidationError`` whose dict maps each failing field to its
    message, so the form can show them all at once, each at its field.
    """
    errors: dict[str, list[str]] = {}

    def fail(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if registered_on > timezone.localdate():
        fail("registered_on", _("Registreringsdatoen kan ikke være fram i tid."))
        resolved: Unit | None = unit if fixed_unit else None
    else:
        try:
            resolved = resolve_unit(user=user, day=registered_on, unit=unit, fixed=fixed_unit)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                for message in messages:
                    fail(field, message)
            resolved = None

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


def _case_by_token(token: uuid.UUID) -> Case | None:
    return Case.objects.filter(submission_token=token).first()


def _replay(case: Case, user: User) -> Case:
    """A repeated submit returns the case the first one made, to its own author only."""
    if case.registered_by_id != user.pk:
        raise ValidationError(_("Dette skjemaet er allerede brukt. Last siden på nytt."))
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
    try:
        with transaction.atomic():
            if new_family:
                family = Family.objects.create(unit=resolved)
            case = Case.objects.create(
                scheme=resolved.scheme,
                unit=resolved,
                registered_on=registered_on,
                year=registered_on.year,
                half_year=half_year_of(registered_on),
                main_category=main_category,
                gender=gender,
                age_group=age_group,
                country=country,
                reported_by=reported_by,
                guided=guided,
                family=family,
                registered_by=user,
                submission_token=submission_token,
            )
            case.secondary_categories.set(secondaries)
    except IntegrityError:
        # The other request of a double submit committed first.
        if (existing := _case_by_token(submission_token)) is None:
            raise
        return _replay(existing, user)
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
    silently overwriting the other person's change.
    """
    if not user_may_change_case(user=user, case=case):
        raise PermissionDenied
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
    with transaction.atomic():
        if new_family:
            family = Family.objects.create(unit=case.unit)
        updated = Case.objects.filter(pk=case.pk, version=expected_version).update(
            registered_on=registered_on,
            year=registered_on.year,
            half_year=half_year_of(registered_on),
            main_category=main_category,
            gender=gender,
            age_group=age_group,
            country=country,
            reported_by=reported_by,
            guided=guided,
            family=family,
            version=F("version") + 1,
            updated_at=timezone.now(),
        )
        if updated != 1:
            current = Case.objects.filter(pk=case.pk).first()
            raise CaseConflictError(current or case)
        case.secondary_categories.set(secondaries)
    case.refresh_from_db()
    return case


def case_delete(*, case: Case, user: User) -> None:
    """Delete a case the user may change (a wrongly registered one)."""
    if not user_may_change_case(user=user, case=case):
        raise PermissionDenied
    case.delete()
