"""Closed years: closing and reopening one scheme's year, and the lock they put on writes.

A closed year locks the scheme's cases *and* activities of that year, since the
yearly report counts both: the services refuse an advisor's write with a
message at the date field, the database triggers refuse every other writer
(cases migration 0004, activities migration 0002), and the analysts' late
registrations are the one way in, each with a logged reason, through
:func:`closed_years_writable`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tallrapport.accounts.models import Scheme, User
from tallrapport.audit.models import Action
from tallrapport.audit.services import audit_record
from tallrapport.cases.models import ClosedYear
from tallrapport.cases.selectors import user_may_close_years, year_is_closed

YEAR_TARGET = "aar"
REASON_MAX_LENGTH = 1000


def year_key(scheme: Scheme, year: int) -> str:
    """The audit trail's id of one scheme's year."""
    return f"{scheme.code}:{year}"


def closed_message(scheme: Scheme, year: int, *, activities: bool = False) -> str:
    """Why an advisor may not write in ``year``, and who can."""
    values = {"year": year, "scheme": scheme.name_in(year)}
    if activities:
        return (
            _(
                "%(year)s er låst for %(scheme)s, og aktiviteter for året kan ikke lenger "
                "registreres, endres eller slettes her. Ta kontakt med en analytiker, som kan "
                "etterregistrere aktiviteten med begrunnelse."
            )
            % values
        )
    return (
        _(
            "%(year)s er låst for %(scheme)s, og saker for året kan ikke lenger registreres, "
            "endres eller slettes her. Ta kontakt med en analytiker, som kan etterregistrere "
            "saken med begrunnelse."
        )
        % values
    )


def closed_refusal(scheme: Scheme, year: int, *, activities: bool = False) -> dict[str, Any]:
    """For a delete page: in a closed year, the refusal at once (and no delete
    button), rather than only after the advisor has pressed it."""
    if not year_is_closed(scheme=scheme, year=year):
        return {}
    return {"closed": True, "errors": [closed_message(scheme, year, activities=activities)]}


def not_closed_message(year: int) -> str:
    return _(
        "%(year)s er ikke låst. Det registreres og endres av rådgiveren, ikke som "
        "etterregistrering."
    ) % {"year": year}


def clean_reason(reason: str | None, *, required: bool) -> str:
    """A reason as the audit trail stores it: trimmed, bounded, no NUL (PostgreSQL refuses it)."""
    reason = (reason or "").strip()
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


def check_year_open(
    *, user: User, scheme: Scheme, years: Iterable[int], late: bool, activities: bool = False
) -> None:
    """An advisor writes in open years only; an analyst's late write in closed years only."""
    for year in set(years):
        closed = year_is_closed(scheme=scheme, year=year)
        if closed and not late:
            raise ValidationError(closed_message(scheme, year, activities=activities))
        if late and not closed:
            raise ValidationError(not_closed_message(year))
    if late and not user_may_close_years(user):
        raise PermissionDenied


@contextmanager
def closed_years_writable(keys: Iterable[tuple[Scheme, int]]) -> Iterator[None]:
    """Let this transaction write rows of the given closed years.

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
def closed_meanwhile(
    scheme: Scheme, years: Iterable[int], *, field: str, activities: bool = False
) -> Iterator[None]:
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
                message = closed_message(scheme, year, activities=activities)
                raise ValidationError({field: message}) from None
        raise


def _audit_lock(user: User, scheme: Scheme, year: int, *, closed: bool, reason: str) -> None:
    audit_record(
        actor=user,
        action=Action.CLOSE if closed else Action.REOPEN,
        target_type=YEAR_TARGET,
        target_id=year_key(scheme, year),
        changes={"closed": [not closed, closed]},
        reason=reason,
    )


def case_year_close(*, user: User, scheme: Scheme, year: int, reason: str = "") -> ClosedYear:
    """An analyst closes one year of one scheme; closing twice is refused.

    Only a year that is over may be closed: closing the running year would stop
    the advisors' registrations mid-year.
    """
    if not user_may_close_years(user):
        raise PermissionDenied
    if year >= timezone.localdate().year:
        raise ValidationError(_("%(year)s er ikke over ennå og kan ikke låses.") % {"year": year})
    reason = clean_reason(reason, required=False)
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
                    reason=reason,
                )
        except IntegrityError as error:  # another analyst closed it a moment ago
            raise ValidationError(_("%(year)s er allerede låst.") % {"year": year}) from error
        _audit_lock(user, scheme, year, closed=True, reason=reason)
    return closed


def case_year_reopen(*, user: User, scheme: Scheme, year: int, reason: str) -> None:
    """An analyst reopens a closed year; the reason is required and logged."""
    if not user_may_close_years(user):
        raise PermissionDenied
    reason = clean_reason(reason, required=True)
    with transaction.atomic():
        deleted, _rows = ClosedYear.objects.filter(scheme=scheme, year=year).delete()
        if not deleted:
            raise ValidationError(_("%(year)s er ikke låst.") % {"year": year})
        _audit_lock(user, scheme, year, closed=False, reason=reason)
