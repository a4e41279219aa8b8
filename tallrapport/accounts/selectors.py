"""Reads about people and units.

Who may register a case where, and who sees which case, follows from one
question: at which units did this user work on that date? It is answered here,
once, so that forms, services and the case selectors ask it the same way.
"""

from __future__ import annotations

import datetime

from django.db.models import Q, QuerySet

from tallrapport.accounts.models import Membership, Unit, User


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
