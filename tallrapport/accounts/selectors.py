"""Reads about people and units.

Who may register a case where, and who sees which case, follows from one
question: at which units did this user work on that date? It is answered here,
once, so that forms, services and the case selectors ask it the same way.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from tallrapport.accounts.models import Membership, Scheme, Unit, User


def _valid_on(day: datetime.date, prefix: str = "") -> Q:
    """Rows whose [valid_from, valid_to] period covers ``day`` (open end = still valid)."""
    return Q(**{f"{prefix}valid_from__lte": day}) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": day})
    )


def memberships_on(*, user: User, day: datetime.date) -> QuerySet[Membership]:
    """The user's memberships that cover ``day``, at units that existed that day."""
    return (
        Membership.objects.filter(user=user)
        .filter(_valid_on(day))
        .filter(_valid_on(day, "unit__"))
        .select_related("unit", "unit__scheme")
    )


def units_of_user_on(*, user: User, day: datetime.date) -> QuerySet[Unit]:
    """Units where ``user`` may register a case dated ``day``.

    An advisor who moved from one school to another registers a case at the
    school they worked at on the case's date, not where they work today.
    """
    if not user.is_advisor:
        return Unit.objects.none()
    return (
        Unit.objects.filter(_valid_on(day))
        .filter(
            pk__in=Membership.objects.filter(user=user).filter(_valid_on(day)).values("unit_id")
        )
        .select_related("scheme")
    )


def units_of_user(*, user: User) -> QuerySet[Unit]:
    """Every unit the user has ever belonged to (the choices of a unit field)."""
    if not user.is_advisor:
        return Unit.objects.none()
    return Unit.objects.filter(memberships__user=user).distinct().select_related("scheme")


def user_is_member_on(*, user: User, unit: Unit, day: datetime.date) -> bool:
    """Whether ``user`` worked at ``unit`` on ``day`` (and the unit existed then)."""
    return units_of_user_on(user=user, day=day).filter(pk=unit.pk).exists()


def resolve_unit(
    *, user: User, day: datetime.date, unit: Unit | None, fixed: bool = False, field: str
) -> Unit:
    """The unit a record dated ``day`` belongs to (a case, or an activity).

    It comes from the user's memberships on that date: chosen by the user if
    they worked at several units then, otherwise the only one. ``fixed`` is for
    an edit, where the unit stays and only the date is checked against it.
    ``field`` names the date field that gets the message.
    """
    units = list(units_of_user_on(user=user, day=day))
    if fixed and unit is not None:
        if unit not in units:
            message = _("Datoen ligger utenfor perioden du var rådgiver ved %(unit)s.")
            raise ValidationError({field: message % {"unit": unit.name}})
        return unit
    if not units:
        raise ValidationError({field: _("Du var ikke rådgiver ved noen enhet på denne datoen.")})
    if unit is None:
        if len(units) > 1:
            raise ValidationError({"unit": _("Velg hvilken enhet det gjelder.")})
        return units[0]
    if unit not in units:
        raise ValidationError({"unit": _("Du var ikke rådgiver ved denne enheten på datoen.")})
    return unit


def unit_existing_on(*, unit: Unit | None, day: datetime.date) -> Unit:
    """The unit an analyst named for a late registration, if it existed that day."""
    if unit is None:
        raise ValidationError({"unit": _("Velg enheten det gjelder.")})
    if not (unit.valid_from <= day and (unit.valid_to is None or day <= unit.valid_to)):
        raise ValidationError({"unit": _("Enheten fantes ikke på datoen.")})
    return unit


def units_visible_to(user: User) -> QuerySet[Unit]:
    """The units whose records ``user`` may list: every unit for analysts and
    administrators, the units an advisor has belonged to; a list's unit filter
    offers these and no other."""
    if user.is_analyst or user.is_administrator:
        return Unit.objects.select_related("scheme")
    return units_of_user(user=user)


def schemes_visible_to(user: User) -> QuerySet[Scheme]:
    """The schemes whose records ``user`` may list (a list's scheme filter offers these)."""
    if user.is_analyst or user.is_administrator:
        return Scheme.objects.all()
    return Scheme.objects.filter(units__in=units_of_user(user=user)).distinct()
