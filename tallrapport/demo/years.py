"""Close the demo's finished years, as IMDi's analysts have after each report.

A demo where every past year is still open would show the yearly report saying
"not closed yet" for 2023 and let advisors change 2019; closing through the
service also puts the closes in the audit trail, as a real close would.
"""

from __future__ import annotations

import datetime

from tallrapport.accounts.models import Scheme, User
from tallrapport.cases.models import Case, ClosedYear
from tallrapport.cases.years import case_year_close

REASON = "Demo: året er rapportert."


def close_reported_years(*, analyst: User, today: datetime.date | None = None) -> int:
    """Close every finished year that has demo cases; returns how many were closed now."""
    current = (today or datetime.date.today()).year
    closed = 0
    for scheme in Scheme.objects.all():
        years = (
            Case.objects.filter(scheme=scheme, year__lt=current)
            .order_by()
            .values_list("year", flat=True)
            .distinct()
        )
        for year in sorted(years):
            if not ClosedYear.objects.filter(scheme=scheme, year=year).exists():
                case_year_close(user=analyst, scheme=scheme, year=year, reason=REASON)
                closed += 1
    return closed
