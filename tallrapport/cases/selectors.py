"""Reads of cases, scoped by who asks.

Every case query a user can reach starts from :func:`cases_visible_to`, the one
place that decides who sees which case: an advisor sees the cases of the units
they belonged to, dated within the period they belonged there; analysts and
administrators see all. Views never filter cases by user themselves.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Count, Exists, F, Max, OuterRef, Q, QuerySet, Subquery
from django.shortcuts import get_object_or_404

from tallrapport.accounts.models import Membership, Scheme, Unit, User
from tallrapport.cases.models import Case, Category, ClosedYear, Country, CountryAlias, Family


def cases_visible_to(user: User) -> QuerySet[Case]:
    """The cases ``user`` may see; the single scoping rule for cases."""
    if user.reads_every_unit:
        return Case.objects.all()
    if user.is_advisor:
        covering_membership = Membership.objects.filter(
            user=user,
            unit=OuterRef("unit"),
            valid_from__lte=OuterRef("registered_on"),
        ).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=OuterRef("registered_on")))
        return Case.objects.filter(Exists(covering_membership))
    return Case.objects.none()


def _with_relations(cases: QuerySet[Case]) -> QuerySet[Case]:
    return cases.select_related("unit", "scheme", "main_category", "country", "reported_by")


def cases_in_year(cases: QuerySet[Case], *, year: int | None) -> QuerySet[Case]:
    """An already scoped queryset in one year (all years when None), with what a row shows."""
    return _with_relations(cases if year is None else cases.filter(year=year))


def case_get_visible(*, user: User, case_id: uuid.UUID) -> Case:
    """One case the user may see, or 404 so that its existence is not revealed."""
    return get_object_or_404(_with_relations(cases_visible_to(user)), pk=case_id)


def user_may_change_cases(user: User) -> bool:
    """Only advisors change cases; analysts read, administrators use the admin."""
    return user.is_advisor


def case_get_for_change(*, user: User, case_id: uuid.UUID, late: bool = False) -> Case:
    """A case the user may edit or delete (``late``: change in a closed year, as an analyst).

    A role that may not change cases this way gets 403 (an analyst or
    administrator may see every case anyway). An advisor gets 404 for a case
    outside their units and periods, so that probing ids reveals nothing.
    """
    if not (user_may_close_years(user) if late else user_may_change_cases(user)):
        raise PermissionDenied
    return case_get_visible(user=user, case_id=case_id)


def user_may_change_case(*, user: User, case: Case) -> bool:
    """The service-side check behind :func:`case_get_for_change`."""
    return user_may_change_cases(user) and cases_visible_to(user).filter(pk=case.pk).exists()


def case_years(cases: QuerySet[Case], *, include: int | None = None) -> list[int]:
    """Years that have cases, newest first (plus ``include``, e.g. this year)."""
    years = set(cases.order_by().values_list("year", flat=True).distinct())
    if include is not None:
        years.add(include)
    return sorted(years, reverse=True)


@dataclass(frozen=True)
class CategoryCount:
    category: Category
    count: int


def category_counts(
    cases: QuerySet[Case], *, year: int | None = None, schemes: list[Scheme] | None = None
) -> list[CategoryCount]:
    """Cases per main category, counted by the database (one GROUP BY).

    Zeros are included for every category in use during ``year`` (for
    ``schemes``, if given), because a table that leaves out empty rows cannot be
    told apart from one that hides them.
    """
    counted = dict(
        cases.order_by()
        .values_list("main_category")
        .annotate(n=Count("id"))
        .values_list("main_category", "n")
    )
    categories = Category.objects.all()
    if year is not None:
        in_use = Q(valid_from__lte=datetime.date(year, 12, 31)) & (
            Q(valid_to__isnull=True) | Q(valid_to__gte=datetime.date(year, 1, 1))
        )
        if schemes is not None:
            in_use &= Q(scheme__isnull=True) | Q(scheme__in=schemes)
        categories = categories.filter(in_use | Q(pk__in=list(counted)))
    else:
        categories = categories.filter(pk__in=list(counted))
    return [CategoryCount(category, counted.get(category.pk, 0)) for category in categories]


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def country_from_text(text: str) -> Country | None:
    """The country an advisor typed, by its name, another name or ISO code.

    Matching is done in Python (about 250 rows) so that «østerrike» finds
    «Østerrike» on SQLite too, whose LIKE folds only ASCII letters.
    """
    # PostgreSQL refuses NUL in a text parameter; such input names no country.
    if "\x00" in text:
        return None
    wanted = _fold(text)
    if not wanted:
        return None
    # The common case: a name picked from the suggestion list, matched by one query.
    exact = Country.objects.filter(name=" ".join(text.split())).first()
    if exact is not None:
        return exact
    for pk, name, code in Country.objects.values_list("pk", "name", "code"):
        if wanted in (_fold(name), code.casefold()):
            return Country.objects.get(pk=pk)
    for alias_name, country_id in CountryAlias.objects.values_list("name", "country_id"):
        if _fold(alias_name) == wanted:
            return Country.objects.get(pk=country_id)
    return None


def country_names_on(day: datetime.date) -> list[str]:
    """Names offered in the country field's suggestion list."""
    return list(Country.objects.valid_on(day).values_list("name", flat=True))


def families_of_units(units: QuerySet[Unit]) -> QuerySet[Family]:
    """Family case complexes an advisor may link a new case to, newest first.

    Each comes with what tells it apart without reading a code: its latest
    case's date (``latest_on``), its first case's category (``category_name``)
    and its size (``case_count``).
    """
    first_case = Case.objects.filter(family=OuterRef("pk")).order_by("registered_on", "created_at")
    return (
        Family.objects.filter(unit__in=units)
        .annotate(
            case_count=Count("cases"),
            latest_on=Max("cases__registered_on"),
            category_name=Subquery(first_case.values("main_category__name")[:1]),
        )
        .select_related("unit")
        .order_by(F("latest_on").desc(nulls_last=True), "-created_at")
    )


def case_sibling_source(*, user: User, case_id: uuid.UUID) -> Case | None:
    """The case whose family, unit and date a new sibling's form starts from:
    one the user may change and that is in a family; otherwise none (the form
    then starts empty, as a stale or forged link deserves)."""
    if not user_may_change_cases(user):
        return None
    return (
        cases_visible_to(user)
        .filter(pk=case_id, family__isnull=False)
        .select_related("family", "unit")
        .first()
    )


def case_duplicate(
    *,
    unit: Unit,
    registered_on: datetime.date,
    main_category: Category,
    gender: str,
    age_group: str,
    country: Country,
    family: Family | None = None,
    submission_token: uuid.UUID | None = None,
) -> Case | None:
    """An earlier case of the unit with the same date, category, gender, age and
    country: most likely the same case registered twice.

    A case of the same family is a sibling, registered on purpose, not a
    duplicate. A repeated submit of a form that already made its case is not
    one either: the service gives that case back.
    """
    if (
        submission_token is not None
        and Case.objects.filter(submission_token=submission_token).exists()
    ):
        return None
    same = Case.objects.filter(
        unit=unit,
        registered_on=registered_on,
        main_category=main_category,
        gender=gender,
        age_group=age_group,
        country=country,
    )
    if family is not None:
        same = same.exclude(family=family)
    return same.order_by("created_at").first()


# --- closed years -------------------------------------------------------------------------


def year_is_closed(*, scheme: Scheme, year: int) -> bool:
    """Whether the analysts have closed ``year`` of ``scheme`` (for reports and forms)."""
    return ClosedYear.objects.filter(scheme=scheme, year=year).exists()


def in_closed_year(rows: QuerySet[Any]) -> bool:
    """Whether any of ``rows`` (cases or activities: rows with a scheme and a year)
    lies in a closed year."""
    closed = ClosedYear.objects.filter(scheme=OuterRef("scheme"), year=OuterRef("year"))
    return rows.filter(Exists(closed)).exists()


R = TypeVar("R", bound=models.Model)


def with_closed_year_flag(rows: QuerySet[R]) -> QuerySet[R]:
    """``rows`` (cases or activities) annotated with ``in_closed_year``, so a list can
    leave out a closed year's edit and delete links (one EXISTS per row, by index)."""
    closed = ClosedYear.objects.filter(scheme=OuterRef("scheme"), year=OuterRef("year"))
    flagged: QuerySet[R] = rows.annotate(in_closed_year=Exists(closed))
    return flagged


def closed_years_of_list(
    rows: QuerySet[Any], *, year: int | None, schemes: Iterable[Scheme]
) -> list[ClosedYear]:
    """The closed years a list should explain: with a year chosen, that year of each
    of ``schemes`` (even when no row is shown); without, those the rows lie in."""
    if year is not None:
        found = closed_years().filter(year=year, scheme__in=list(schemes))
    else:
        listed = rows.filter(scheme=OuterRef("scheme"), year=OuterRef("year"))
        found = closed_years().filter(Exists(listed.order_by().values("pk")))
    return list(found.prefetch_related("scheme__names").order_by("-year", "scheme__sort_order"))


def closed_years(*, scheme: Scheme | None = None) -> QuerySet[ClosedYear]:
    """The closed years, of one scheme or all, with who closed them."""
    years = ClosedYear.objects.select_related("scheme", "closed_by")
    if scheme is not None:
        years = years.filter(scheme=scheme)
    return years


def user_may_download_lists(user: User) -> bool:
    """Analysts download a filtered list (of cases or activities) as a spreadsheet;
    nobody else does."""
    return user.is_analyst


def user_may_close_years(user: User) -> bool:
    """Analysts close and reopen years and register late; nobody else does."""
    return user.is_analyst


def lock_state(*, user: User, scheme: Scheme, year: int, may_change: bool) -> dict[str, Any]:
    """What a case's or an activity's page offers in its year: whether the year is
    closed (the row, with when), the scheme's name that year, the owner's change
    (open years only) and the analyst's late change."""
    closed = closed_years(scheme=scheme).filter(year=year).first()
    return {
        "closed": closed,
        "scheme_name": scheme.name_in(year),
        "may_change": may_change and closed is None,
        "may_change_late": closed is not None and user_may_close_years(user),
    }


@dataclass(frozen=True)
class YearStatus:
    scheme: Scheme
    year: int
    case_count: int
    closed: ClosedYear | None

    @property
    def scheme_name(self) -> str:
        return self.scheme.name_in(self.year)


def year_statuses(*, this_year: int) -> list[YearStatus]:
    """Per scheme, every year that has cases or is closed, plus last year; newest first."""
    counts: dict[tuple[int, int], int] = {
        (scheme_id, year): n
        for scheme_id, year, n in Case.objects.order_by()
        .values_list("scheme_id", "year")
        .annotate(n=Count("id"))
        .values_list("scheme_id", "year", "n")
    }
    closed = {(c.scheme_id, c.year): c for c in closed_years()}
    statuses: list[YearStatus] = []
    for scheme in Scheme.objects.prefetch_related("names"):
        years = {y for (s, y) in [*counts, *closed] if s == scheme.pk} | {this_year - 1}
        for year in sorted(years, reverse=True):
            key = (scheme.pk, year)
            statuses.append(YearStatus(scheme, year, counts.get(key, 0), closed.get(key)))
    return statuses
