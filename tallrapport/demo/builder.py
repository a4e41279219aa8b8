"""The demo register: synthetic cases whose yearly figures are IMDi's published ones.

For every scheme and year from 2019 the builder makes a *plan* (exact counts per
category, per country, per gender, age group, referral source and half-year,
and the category × gender / age / referral cells the reports give), then turns
the plan into cases with dates, units and advisors. Published figures come from
the latest edition that prints the year (see ``published``); breakdowns and
years without published figures get plausible, seeded ones. The same seed gives
the same register, with the same ids, so a second load can see that it is there.

``generate_cases`` makes large registers (a million cases) for benchmarks; it
does not try to match anything, only to be plausible and fast.
"""

from __future__ import annotations

import calendar
import datetime
import math
import random
import time
import uuid
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Any, TypeVar

from django.db import transaction
from django.utils import timezone

from tallrapport.accounts.models import Membership, Scheme, Unit
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
from tallrapport.demo import published
from tallrapport.demo.fitting import (
    capped_spread,
    counts_from_percents,
    fit_table,
    jitter,
    largest_remainder,
    shuffled_labels,
)
from tallrapport.demo.organisation import (
    EMBASSY_WEIGHTS,
    NAMESPACE,
    SCHOOLS,
    Login,
    embassy_name,
    ensure_organisation,
    unit_id,
)

FIRST_YEAR = 2019
# The last year the demo always fills; years after it are filled up to today.
LAST_PLANNED_YEAR = 2025
SEED = 20231231
SCHEMES = (Scheme.DIVERSITY_ADVISORS, Scheme.SPECIAL_ENVOYS)

# Plausible yearly totals where nothing is published (2023's level, drifting).
PLAUSIBLE_TOTALS = {
    Scheme.DIVERSITY_ADVISORS: {2024: 915, 2025: 941},
    Scheme.SPECIAL_ENVOYS: {2024: 252, 2025: 238},
}
PLAUSIBLE_TOTAL_LATER = {Scheme.DIVERSITY_ADVISORS: 950, Scheme.SPECIAL_ENVOYS: 245}

F, M, U = Gender.FEMALE.value, Gender.MALE.value, Gender.UNKNOWN.value
CHILD, ADULT, UNKNOWN_AGE = AgeGroup.UNDER_18.value, AgeGroup.ADULT.value, AgeGroup.UNKNOWN.value

# Margins where no figure is published: ~70 % girls and ~75 % under 18 at the
# schools; the envoys meet more boys and more adults.
GENDER_WEIGHTS = {
    Scheme.DIVERSITY_ADVISORS: {F: 0.70, M: 0.28, U: 0.02},
    Scheme.SPECIAL_ENVOYS: {F: 0.60, M: 0.38, U: 0.02},
}
AGE_WEIGHTS = {
    Scheme.DIVERSITY_ADVISORS: {CHILD: 0.75, ADULT: 0.225, UNKNOWN_AGE: 0.025},
    Scheme.SPECIAL_ENVOYS: {CHILD: 0.62, ADULT: 0.36, UNKNOWN_AGE: 0.02},
}
# fmt: off
REFERRAL_WEIGHTS = {
    Scheme.DIVERSITY_ADVISORS: {
        "skoleansatt": 0.50, "den-utsatte-selv": 0.24, "skolehelsetjenesten": 0.07,
        "venner": 0.04, "familie-bekjente": 0.04, "utenriksstasjon": 0.003,
        "barnevern": 0.04, "politi": 0.01, "annen-hjelpetjeneste": 0.04, "annet": 0.02,
    },
    Scheme.SPECIAL_ENVOYS: {
        "skoleansatt": 0.05, "den-utsatte-selv": 0.25, "skolehelsetjenesten": 0.01,
        "venner": 0.02, "familie-bekjente": 0.15, "utenriksstasjon": 0.23,
        "barnevern": 0.10, "politi": 0.06, "annen-hjelpetjeneste": 0.10, "annet": 0.03,
    },
}
# fmt: on
FIRST_HALF_SHARE = {Scheme.DIVERSITY_ADVISORS: 0.52, Scheme.SPECIAL_ENVOYS: 0.51}
EMPLOYEE_GUIDED_SHARE = {Scheme.DIVERSITY_ADVISORS: 0.12, Scheme.SPECIAL_ENVOYS: 0.04}
# Schools are closed in July; envoys work all year.
MONTH_WEIGHTS = {
    Scheme.DIVERSITY_ADVISORS: (1.0, 1.0, 1.1, 0.9, 1.0, 0.7, 0.12, 0.8, 1.1, 1.0, 1.1, 0.6),
    Scheme.SPECIAL_ENVOYS: (1.0,) * 12,
}

# Within-category shapes (girls, boys, unknown) and (under 18, adult, unknown):
# mutilation concerns girls; marriage categories are more often adults.
CATEGORY_GENDER = {
    "negativ-sosial-kontroll": (0.70, 0.27, 0.03),
    "trusler-vold": (0.65, 0.33, 0.02),
    "frykt-for-tvangsekteskap": (0.82, 0.16, 0.02),
    "gjennomfort-tvangsekteskap": (0.85, 0.13, 0.02),
    "tvunget-til-a-forbli-i-ekteskap": (0.85, 0.13, 0.02),
    "frykt-for-barneekteskap": (0.85, 0.13, 0.02),
    "gjennomfort-barneekteskap": (0.9, 0.08, 0.02),
    "frykt-for-kjonnslemlestelse": (0.97, 0.0, 0.03),
    "gjennomfort-kjonnslemlestelse": (0.97, 0.0, 0.03),
    "frykt-for-tvangsekteskap-og-kjonnslemlestelse": (0.97, 0.0, 0.03),
    "frykt-for-ufrivillig-opphold-i-utlandet": (0.66, 0.32, 0.02),
    "ufrivillig-opphold-i-utlandet": (0.55, 0.43, 0.02),
    "andre-familierelaterte-saker": (0.55, 0.40, 0.05),
}
CATEGORY_AGE = {
    "negativ-sosial-kontroll": (0.85, 0.13, 0.02),
    "trusler-vold": (0.45, 0.53, 0.02),
    "frykt-for-tvangsekteskap": (0.6, 0.38, 0.02),
    "gjennomfort-tvangsekteskap": (0.2, 0.78, 0.02),
    "tvunget-til-a-forbli-i-ekteskap": (0.1, 0.88, 0.02),
    "frykt-for-barneekteskap": (0.95, 0.03, 0.02),
    "gjennomfort-barneekteskap": (0.6, 0.38, 0.02),
    "frykt-for-kjonnslemlestelse": (0.9, 0.08, 0.02),
    "gjennomfort-kjonnslemlestelse": (0.6, 0.38, 0.02),
    "frykt-for-tvangsekteskap-og-kjonnslemlestelse": (0.8, 0.18, 0.02),
    "frykt-for-ufrivillig-opphold-i-utlandet": (0.7, 0.28, 0.02),
    "ufrivillig-opphold-i-utlandet": (0.7, 0.28, 0.02),
    "andre-familierelaterte-saker": (0.6, 0.37, 0.03),
}
MUTILATION = frozenset(
    {
        "frykt-for-kjonnslemlestelse",
        "gjennomfort-kjonnslemlestelse",
        "frykt-for-tvangsekteskap-og-kjonnslemlestelse",
    }
)
MUTILATION_COUNTRIES = frozenset({"so", "er", "et", "sd", "eg", "gm", "ml", "sl", "gn", "dj"})

# Countries the reports fold into "Øvrige land", most frequent first.
# fmt: off
OTHER_COUNTRIES = (
    "et", "sd", "ye", "lb", "xk", "eg", "ly", "dz", "tn", "ke", "ug", "gm", "ba", "al",
    "in", "bd", "lk", "xs", "xx", "cd", "bi", "ss", "dj", "ng", "gh", "az", "ge", "tj",
    "uz", "mk", "rs", "ua", "pl", "lt", "ph", "th", "vn", "mm", "kw", "sa", "ae", "ml",
    "sn", "gn", "sl", "lr", "cm", "rw", "td", "ne", "mr", "cn", "kz", "kg", "tm", "am",
    "ro", "bg", "co", "cl", "br", "ee", "lv", "se", "dk", "de", "gb", "np", "id", "my",
)
# fmt: on
# How a synthetic benchmark register splits between the schemes (~ the reports).
GENERATE_SCHEME_SHARE = {Scheme.DIVERSITY_ADVISORS: 0.78, Scheme.SPECIAL_ENVOYS: 0.22}


@dataclass
class Classifications:
    """Today's levels by code and every printed label (names and aliases) → code."""

    categories: dict[str, Category]
    countries: dict[str, Country]
    sources: dict[str, ReferralSource]
    category_names: dict[str, str]
    country_names: dict[str, str]
    source_names: dict[str, str]

    @classmethod
    def load(cls) -> Classifications:
        categories = {c.code: c for c in Category.objects.select_related("scheme")}
        countries = {c.code: c for c in Country.objects.all()}
        sources = {s.code: s for s in ReferralSource.objects.all()}
        category_names = {c.name: c.code for c in categories.values()}
        for category in categories.values():
            for alias in category.aliases.all():
                category_names[alias.name] = category.code
        country_names = {c.name: c.code for c in countries.values()}
        for country in countries.values():
            for country_alias in country.aliases.all():
                country_names[country_alias.name] = country.code
        source_names = {s.name.lower(): s.code for s in sources.values()}
        for source in sources.values():
            for source_alias in source.aliases.all():
                source_names[source_alias.name.lower()] = source.code
        return cls(categories, countries, sources, category_names, country_names, source_names)

    def category_valid(self, code: str, scheme: str, year: int) -> bool:
        """Whether a category could be a main category somewhere in ``year``."""
        category = self.categories[code]
        if category.scheme is not None and category.scheme.code != scheme:
            return False
        return category.valid_from <= datetime.date(year, 12, 31) and (
            category.valid_to is None or category.valid_to >= datetime.date(year, 1, 1)
        )


@dataclass
class YearPlan:
    """Every count one scheme's year must show, before any case exists."""

    scheme: str
    year: int
    period_end: datetime.date
    categories: dict[str, int]
    countries: dict[str, int]
    gender: dict[str, dict[str, int]]
    age: dict[str, dict[str, int]]
    referral: dict[str, dict[str, int]]
    half_years: dict[int, int]
    notes: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.categories.values())


@dataclass
class Margin:
    """A published (or plausible) margin and the published cross cells inside it."""

    totals: dict[str, int]
    fixed: dict[tuple[str, str], int]


def _uuid(*parts: object) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, ":".join(str(part) for part in parts))


def marker_case_id() -> uuid.UUID:
    """The id of the first demo case; the load writes all cases in one transaction,
    so if this one exists, the demo register is complete."""
    return _uuid("case", Scheme.DIVERSITY_ADVISORS, FIRST_YEAR, 0)


def register_years(today: datetime.date) -> list[int]:
    return list(range(FIRST_YEAR, max(LAST_PLANNED_YEAR, today.year) + 1))


# --- plans -----------------------------------------------------------------


def _year_fraction(year: int, today: datetime.date) -> tuple[datetime.date, float]:
    """The last day cases may have in ``year`` and the share of the year it covers."""
    end = min(datetime.date(year, 12, 31), today)
    days = 366 if calendar.isleap(year) else 365
    return end, (end - datetime.date(year, 1, 1)).days / days if end.year == year else 0.0


def _plausible_categories(
    scheme: str,
    year: int,
    total: int,
    base: Mapping[str, int],
    cls: Classifications,
    rng: random.Random,
) -> dict[str, int]:
    weights = {
        code: max(count, 1.5)
        for code, count in base.items()
        if cls.category_valid(code, scheme, year)
    }
    return largest_remainder(total, jitter(weights, rng))


def _spread_others(
    column: published.Column, total_countries: int | None, rng: random.Random
) -> dict[str, int]:
    """Spread "Øvrige land" over unnamed countries, none bigger than the smallest
    named one (the reports list the largest countries)."""
    others = column.counts[published.OTHERS]
    if not others:
        return {}
    printed = [
        count
        for code, count in column.counts.items()
        if code in column.named and code not in column.hidden and count > 0
    ]
    cap = max(1, min(printed)) if printed else published.HIDDEN_MAX
    pool = [code for code in OTHER_COUNTRIES if code not in column.named]
    if total_countries is not None:
        present = sum(1 for code in column.named if column.counts.get(code, 0) > 0)
        k = total_countries - present
    else:
        per_country = 4.0 if column.scheme == Scheme.DIVERSITY_ADVISORS else 3.5
        k = round(others / per_country)
    k = max(k, math.ceil(others / cap))
    k = min(k, len(pool), others)
    weights = jitter({code: 1 / (i + 1) ** 0.6 for i, code in enumerate(pool[:k])}, rng, 0.4)
    return capped_spread(others, weights, cap)


def _countries(
    column: published.Column | None,
    scheme: str,
    year: int,
    total: int,
    base: Mapping[str, int],
    rng: random.Random,
) -> dict[str, int]:
    if column is None:
        return largest_remainder(total, jitter({c: max(n, 0.5) for c, n in base.items()}, rng))
    count_facts = [
        fact.value for fact in published.facts_for(scheme, year) if fact.subject == "country_count"
    ]
    counts = {code: n for code, n in column.counts.items() if code != published.OTHERS}
    counts.update(_spread_others(column, count_facts[0] if count_facts else None, rng))
    return {code: n for code, n in counts.items() if n}


def _margin(
    subject: str,
    labels: Mapping[str, str],
    scheme: str,
    year: int,
    total: int,
    plausible: Mapping[str, float],
    rows: Mapping[str, int],
    cls: Classifications,
    rng: random.Random,
    notes: list[str],
) -> Margin:
    """A margin (e.g. gender) from the newest edition's facts, completed plausibly,
    with the cells its cross-tabulation facts ("category x gender") fix."""
    facts = published.facts_for(scheme, year)
    own = [fact for fact in facts if fact.subject == subject and fact.breakdown in labels]
    if own:
        newest = own[0].publication
        own = [fact for fact in own if fact.publication == newest]
    counts = {labels[f.breakdown]: f.value for f in own if f.unit == "count"}
    percents = {labels[f.breakdown]: float(f.value) for f in own if f.unit == "percent"}
    rest = "__rest__"
    if counts:
        known = counts
        source = "antall"
    elif percents:
        known = counts_from_percents(total, percents, rest)
        source = "prosent"
    else:
        known = {}
        source = ""
    left = total - sum(v for k, v in known.items() if k != rest)
    missing = {label: w for label, w in plausible.items() if label not in known}
    if left < 0 or (left and not missing):
        raise ValueError(f"{scheme} {year} {subject}: published figures do not fit {total}")
    totals = {label: count for label, count in known.items() if label != rest}
    totals.update(largest_remainder(left, jitter(missing, rng)) if missing else {})
    if source:
        notes.append(f"{subject}: publisert ({source}) {own[0].publication}")
    totals = {label: totals.get(label, 0) for label in plausible}

    fixed: dict[tuple[str, str], int] = {}
    cross: dict[str, dict[str, tuple[int, str]]] = defaultdict(dict)
    for fact in facts:
        if fact.subject != f"category x {subject}":
            continue
        category_label, _, label = fact.breakdown.partition(": ")
        category = cls.category_names[category_label]
        cross[category][labels[label]] = (fact.value, fact.unit)
    for category, cells in cross.items():
        row_total = rows.get(category, 0)
        if not row_total:
            continue
        cell_counts = {k: v for k, (v, unit) in cells.items() if unit == "count"}
        cell_percents = {k: float(v) for k, (v, unit) in cells.items() if unit == "percent"}
        if cell_percents:
            cell_counts.update(
                {
                    k: v
                    for k, v in counts_from_percents(row_total, cell_percents, rest).items()
                    if k != rest
                }
            )
        for label, value in cell_counts.items():
            fixed[(category, label)] = value
    return Margin(totals, fixed)


def _fit(
    rows: Mapping[str, int],
    margin: Margin,
    shapes: Mapping[str, tuple[float, ...]] | None,
    labels: Sequence[str],
) -> dict[str, dict[str, int]]:
    weights: dict[str, dict[str, float]] = {}
    for row in rows:
        shape = shapes.get(row) if shapes else None
        weights[row] = (
            dict(zip(labels, shape, strict=True)) if shape else dict.fromkeys(labels, 1.0)
        )
    live_rows = {row: count for row, count in rows.items() if count}
    return fit_table(live_rows, margin.totals, weights, margin.fixed)


def plan_year(
    scheme: str,
    year: int,
    cls: Classifications,
    today: datetime.date,
    previous: YearPlan | None,
    rng: random.Random,
) -> YearPlan:
    """The exact counts for one scheme and year: published where published."""
    notes: list[str] = []
    period_end, fraction = _year_fraction(year, today)
    valid = {code: cls.category_valid(code, scheme, year) for code in cls.categories}
    category_column = published.category_column(scheme, year, cls.category_names, valid)
    country_column = published.country_column(scheme, year, cls.country_names)
    if category_column is not None:
        categories = category_column.counts
        total = category_column.total
        notes += category_column.notes
        if country_column is not None and country_column.total != total:
            raise ValueError(f"{scheme} {year}: category and country totals differ")
    else:
        if previous is None:
            raise ValueError(f"{scheme} {year}: no published year to continue from")
        planned = PLAUSIBLE_TOTALS[scheme].get(year, PLAUSIBLE_TOTAL_LATER[scheme])
        total = planned if year <= LAST_PLANNED_YEAR else round(planned * fraction)
        categories = _plausible_categories(scheme, year, total, previous.categories, cls, rng)
        notes.append("kategorier: plausible (ingen publiserte tall)")
    if country_column is not None:
        notes += country_column.notes
    categories = {code: n for code, n in categories.items() if n}
    countries = _countries(
        country_column, scheme, year, total, previous.countries if previous else {}, rng
    )

    gender_labels = {
        "jenter": F,
        "jenter/kvinner": F,
        "gutter": M,
        "gutter/menn": M,
        "ukjent": U,
    }
    age_labels = {"under 18": CHILD, "over 18": ADULT, "ukjent": UNKNOWN_AGE}
    half_labels = {"første halvår": "1", "andre halvår": "2"}
    source_labels = cls.source_names
    gender = _margin(
        "gender",
        gender_labels,
        scheme,
        year,
        total,
        GENDER_WEIGHTS[scheme],
        categories,
        cls,
        rng,
        notes,
    )
    age = _margin(
        "age", age_labels, scheme, year, total, AGE_WEIGHTS[scheme], categories, cls, rng, notes
    )
    referral = _margin(
        "referral",
        source_labels,
        scheme,
        year,
        total,
        REFERRAL_WEIGHTS[scheme],
        categories,
        cls,
        rng,
        notes,
    )
    first_half = FIRST_HALF_SHARE[scheme]
    if period_end < datetime.date(year, 7, 1):
        first_half = 1.0
    elif year > LAST_PLANNED_YEAR and fraction < 1:
        first_half = 181 / (period_end - datetime.date(year, 1, 1)).days
    halves = _margin(
        "half_year",
        half_labels,
        scheme,
        year,
        total,
        {"1": first_half, "2": 1 - first_half},
        {},
        cls,
        rng,
        notes,
    )
    return YearPlan(
        scheme=scheme,
        year=year,
        period_end=period_end,
        categories=categories,
        countries=countries,
        gender=_fit(categories, gender, CATEGORY_GENDER, (F, M, U)),
        age=_fit(categories, age, CATEGORY_AGE, (CHILD, ADULT, UNKNOWN_AGE)),
        referral=_fit(categories, referral, None, list(REFERRAL_WEIGHTS[scheme])),
        half_years={int(k): v for k, v in halves.totals.items()},
        notes=notes,
    )


def plan_register(today: datetime.date, seed: int = SEED) -> list[YearPlan]:
    """Plans for both schemes and every register year, in a fixed order."""
    cls = Classifications.load()
    plans: list[YearPlan] = []
    for scheme in SCHEMES:
        previous: YearPlan | None = None
        for year in register_years(today):
            rng = random.Random(f"{seed}:{scheme}:{year}")
            previous = plan_year(scheme, year, cls, today, previous, rng)
            plans.append(previous)
    return plans


# --- cases -----------------------------------------------------------------


@dataclass(frozen=True)
class Posting:
    """That a user could register cases at a unit between two dates."""

    unit_id: uuid.UUID
    user_id: int
    valid_from: datetime.date
    valid_to: datetime.date | None

    def covers(self, day: datetime.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


@dataclass
class Staffing:
    """Units of one scheme with their case weights and who worked there when."""

    units: list[Unit]
    weights: dict[uuid.UUID, float]
    postings: dict[uuid.UUID, list[Posting]]

    @classmethod
    def load(cls, scheme: str, unit_weights: Mapping[str, float]) -> Staffing:
        units = list(Unit.objects.filter(scheme__code=scheme).order_by("name"))
        postings: dict[uuid.UUID, list[Posting]] = defaultdict(list)
        for membership in Membership.objects.filter(unit__scheme__code=scheme).order_by(
            "unit_id", "valid_from", "user_id"
        ):
            postings[membership.unit_id].append(
                Posting(
                    membership.unit_id,
                    membership.user_id,
                    membership.valid_from,
                    membership.valid_to,
                )
            )
        weights = {unit.id: unit_weights.get(unit.name, 0.0) for unit in units}
        return cls(units, weights, dict(postings))

    def staffed_on(self, day: datetime.date) -> list[tuple[Unit, list[Posting]]]:
        """Units open on ``day`` that had at least one advisor that day."""
        result = []
        for unit in self.units:
            if not (unit.valid_from <= day and (unit.valid_to is None or day <= unit.valid_to)):
                continue
            staff = [p for p in self.postings.get(unit.id, []) if p.covers(day)]
            if staff:
                result.append((unit, staff))
        return result


def _days(
    scheme: str, year: int, half: int, end: datetime.date
) -> tuple[list[datetime.date], list[float]]:
    first = datetime.date(year, 1 if half == 1 else 7, 1)
    last = min(datetime.date(year, 6 if half == 1 else 12, 30 if half == 1 else 31), end)
    days: list[datetime.date] = []
    weights: list[float] = []
    day = first
    while day <= last:
        # Fewer cases at weekends: they arrive through school and embassy staff.
        weekday = 1.0 if day.weekday() < 5 else 0.15
        days.append(day)
        weights.append(MONTH_WEIGHTS[scheme][day.month - 1] * weekday)
        day += datetime.timedelta(days=1)
    return days, weights


@contextmanager
def historical_timestamps() -> Iterator[None]:
    """Let bulk_create keep the created_at/updated_at we set (the registration time
    of a synthetic historical case), instead of stamping every row with now."""
    fields: list[Any] = [Case._meta.get_field("created_at"), Case._meta.get_field("updated_at")]
    saved = [(f.auto_now, f.auto_now_add) for f in fields]
    for f in fields:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, (auto_now, auto_now_add) in zip(fields, saved, strict=True):
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


def _stamp(day: datetime.date, rng: random.Random) -> datetime.datetime:
    moment = datetime.datetime.combine(
        day, datetime.time(rng.randint(8, 15), rng.randint(0, 59), rng.randint(0, 59))
    )
    return timezone.make_aware(moment)


def cases_for(
    plan: YearPlan, staffing: Staffing, scheme_id: int, seed: int = SEED
) -> tuple[list[Case], list[Family]]:
    """Turn a plan into unsaved cases (and envoy family links) with exact counts."""
    rng = random.Random(f"{seed}:cases:{plan.scheme}:{plan.year}")
    cls_ids = _classification_ids()
    categories = shuffled_labels(plan.categories, rng)
    # Countries: mutilation cases take countries where it is practised, the
    # rest of the column goes to the other categories at random.
    country_rows = fit_table(
        plan.categories,
        plan.countries,
        {
            code: {
                country: (
                    (20.0 if country in MUTILATION_COUNTRIES else 0.05)
                    if code in MUTILATION
                    else 1.0
                )
                for country in plan.countries
            }
            for code in plan.categories
        },
    )
    per_category = {
        code: {
            "gender": shuffled_labels(plan.gender.get(code, {}), rng),
            "age": shuffled_labels(plan.age.get(code, {}), rng),
            "referral": shuffled_labels(plan.referral.get(code, {}), rng),
            "country": shuffled_labels(country_rows.get(code, {}), rng),
        }
        for code in plan.categories
    }
    halves = shuffled_labels(plan.half_years, rng)
    day_tables = {
        half: _days(plan.scheme, plan.year, half, plan.period_end) for half in plan.half_years
    }
    staff_cache: dict[datetime.date, list[tuple[Unit, list[Posting]]]] = {}
    employee_share = EMPLOYEE_GUIDED_SHARE[plan.scheme]
    cases: list[Case] = []
    for index, code in enumerate(categories):
        labels = per_category[code]
        half = halves[index]
        days, weights = day_tables[half]
        day = rng.choices(days, weights=weights, k=1)[0]
        if day not in staff_cache:
            staff_cache[day] = staffing.staffed_on(day)
        staffed = staff_cache[day]
        unit, staff = rng.choices(
            staffed, weights=[staffing.weights[u.id] or 0.5 for u, _ in staffed], k=1
        )[0]
        posting = rng.choice(staff)
        stamp = _stamp(day, rng)
        cases.append(
            Case(
                id=_uuid("case", plan.scheme, plan.year, index),
                submission_token=_uuid("token", plan.scheme, plan.year, index),
                scheme_id=scheme_id,
                unit_id=unit.id,
                registered_on=day,
                year=day.year,
                half_year=half_year_of(day),
                main_category_id=cls_ids["category"][code],
                gender=labels["gender"].pop(),
                age_group=labels["age"].pop(),
                country_id=cls_ids["country"][labels["country"].pop()],
                reported_by_id=cls_ids["source"][labels["referral"].pop()],
                guided=(
                    GuidedPerson.EMPLOYEE if rng.random() < employee_share else GuidedPerson.EXPOSED
                ),
                registered_by_id=posting.user_id,
                created_at=stamp,
                updated_at=stamp,
            )
        )
    families = _link_families(plan, cases, rng) if plan.scheme == Scheme.SPECIAL_ENVOYS else []
    return cases, families


def _link_families(plan: YearPlan, cases: list[Case], rng: random.Random) -> list[Family]:
    """Envoys count each person in a family as a case; link some siblings.

    Cases of one unit, half-year and country background are grouped in twos and
    threes and given the date of the first, so the counts do not move.
    """
    groups: dict[tuple[uuid.UUID, int, int], list[Case]] = defaultdict(list)
    for case in cases:
        groups[(case.unit_id, case.half_year, case.country_id)].append(case)
    families: list[Family] = []
    for key in sorted(groups, key=str):
        members = groups[key]
        while len(members) >= 2 and rng.random() < 0.35:
            size = min(len(members), rng.choice((2, 2, 3)))
            linked, members = members[:size], members[size:]
            family = Family(
                id=_uuid("family", plan.scheme, plan.year, len(families)), unit_id=key[0]
            )
            families.append(family)
            first = min(case.registered_on for case in linked)
            registrar = next(c for c in linked if c.registered_on == first).registered_by_id
            for case in linked:
                case.family_id = family.id
                case.registered_on = first
                case.registered_by_id = registrar
    return families


def _classification_ids() -> dict[str, dict[str, int]]:
    return {
        "category": dict(Category.objects.values_list("code", "id")),
        "country": dict(Country.objects.values_list("code", "id")),
        "source": dict(ReferralSource.objects.values_list("code", "id")),
    }


def _unit_weights() -> dict[str, float]:
    weights = {spec.name: spec.weight for spec in SCHOOLS}
    weights.update({embassy_name(city): w for city, w in EMBASSY_WEIGHTS.items()})
    return weights


@dataclass
class LoadResult:
    created: bool
    cases: int
    families: int
    seconds: float
    logins: list[Login]
    notes: list[str]


def load_demo_data(today: datetime.date | None = None, seed: int = SEED) -> LoadResult:
    """Create the demo organisation and register, unless the register is there.

    Everything happens in one transaction, so an interrupted load leaves
    nothing behind and the marker case means "complete".
    """
    started = time.monotonic()
    today = today or timezone.localdate()
    with transaction.atomic():
        logins = ensure_organisation()
        if Case.objects.filter(id=marker_case_id()).exists():
            return LoadResult(False, 0, 0, time.monotonic() - started, logins, [])
        plans = plan_register(today, seed)
        schemes = dict(Scheme.objects.values_list("code", "id"))
        weights = _unit_weights()
        staffing = {scheme: Staffing.load(scheme, weights) for scheme in SCHEMES}
        all_cases: list[Case] = []
        all_families: list[Family] = []
        notes: list[str] = []
        for plan in plans:
            cases, families = cases_for(plan, staffing[plan.scheme], schemes[plan.scheme], seed)
            all_cases += cases
            all_families += families
            notes += [f"{plan.scheme} {plan.year}: {note}" for note in plan.notes]
        Family.objects.bulk_create(all_families, batch_size=1000)
        with historical_timestamps():
            Case.objects.bulk_create(all_cases, batch_size=1000)
    return LoadResult(
        True, len(all_cases), len(all_families), time.monotonic() - started, logins, notes
    )


# --- large synthetic registers ----------------------------------------------


def iter_synthetic_cases(
    n: int, seed: int = 0, *, years: Sequence[int] | None = None
) -> Iterator[Case]:
    """``n`` plausible, unsaved cases spread over the demo units and ``years``.

    Meant for benchmarks: no published figure is matched, but every case obeys
    the register's rules (category valid at its date for its scheme, registered
    by a member of its unit on that day, never in the future). Ids come from the
    seeded generator, so the same ``(n, seed)`` gives the same cases.
    """
    rng = random.Random(seed)
    today = timezone.localdate()
    years = list(years or range(FIRST_YEAR, min(LAST_PLANNED_YEAR, today.year) + 1))
    ids = _classification_ids()
    cls = Classifications.load()
    scheme_ids = dict(Scheme.objects.values_list("code", "id"))
    weights = _unit_weights()
    staffing = {scheme: Staffing.load(scheme, weights) for scheme in SCHEMES}
    # Everything drawn per case is prepared once as (values, cumulative weights):
    # random.choices recomputes the cumulation on every call otherwise.
    scheme_codes = list(SCHEMES)
    scheme_cum = list(accumulate(GENERATE_SCHEME_SHARE[s] for s in scheme_codes))
    # fmt: off
    country_codes = [
        "sy", "iq", "pk", "so", "af", "tr", "ir", "ps", "ma", "ru", "no", "er", "jo",
        *OTHER_COUNTRIES,
    ]
    # fmt: on
    country_ids = [ids["country"][c] for c in country_codes]
    country_cum = list(accumulate(1 / (i + 1) ** 0.9 for i in range(len(country_codes))))
    genders, gender_cum = _cumulated(GENDER_WEIGHTS[Scheme.DIVERSITY_ADVISORS])
    ages, age_cum = _cumulated(AGE_WEIGHTS[Scheme.DIVERSITY_ADVISORS])
    referrals = {
        scheme: _cumulated({ids["source"][c]: w for c, w in REFERRAL_WEIGHTS[scheme].items()})
        for scheme in SCHEMES
    }
    categories: dict[tuple[str, int], tuple[list[int], list[float]]] = {}
    for scheme in SCHEMES:
        for year in years:
            # Categories change on 1 January, so validity per year is validity per day.
            categories[(scheme, year)] = _cumulated(
                {
                    ids["category"][code]: 8.0 if code == "negativ-sosial-kontroll" else 1.0
                    for code in CATEGORY_GENDER
                    if cls.category_valid(code, scheme, year)
                }
            )
    days: list[datetime.date] = []
    for year in years:
        day, last = datetime.date(year, 1, 1), min(datetime.date(year, 12, 31), today)
        while day <= last:
            days.append(day)
            day += datetime.timedelta(days=1)
    # (unit id, the user ids posted there) for every scheme and day, and the day's
    # start as an aware datetime: both are slow to compute per case.
    staffed: dict[tuple[str, datetime.date], list[tuple[uuid.UUID, list[int]]]] = {}
    for scheme in SCHEMES:
        for day in days:
            staffed[(scheme, day)] = [
                (unit.id, [posting.user_id for posting in posts])
                for unit, posts in staffing[scheme].staffed_on(day)
            ]
        if not any(staffed[(scheme, day)] for day in days):
            raise ValueError(f"no {scheme} unit is staffed in {years}")
    midnight = {
        day: timezone.make_aware(datetime.datetime.combine(day, datetime.time(8))) for day in days
    }
    made = 0
    while made < n:
        scheme = rng.choices(scheme_codes, cum_weights=scheme_cum)[0]
        day = rng.choice(days)
        units = staffed[(scheme, day)]
        if not units:
            continue
        unit_id_, users = rng.choice(units)
        made += 1
        category_ids, category_cum = categories[(scheme, day.year)]
        referral_ids, referral_cum = referrals[scheme]
        stamp = midnight[day] + datetime.timedelta(seconds=rng.randrange(8 * 3600))
        yield Case(
            id=uuid.UUID(int=rng.getrandbits(128), version=4),
            submission_token=uuid.UUID(int=rng.getrandbits(128), version=4),
            scheme_id=scheme_ids[scheme],
            unit_id=unit_id_,
            registered_on=day,
            year=day.year,
            half_year=1 if day.month <= 6 else 2,
            main_category_id=rng.choices(category_ids, cum_weights=category_cum)[0],
            gender=rng.choices(genders, cum_weights=gender_cum)[0],
            age_group=rng.choices(ages, cum_weights=age_cum)[0],
            country_id=rng.choices(country_ids, cum_weights=country_cum)[0],
            reported_by_id=rng.choices(referral_ids, cum_weights=referral_cum)[0],
            guided=GuidedPerson.EXPOSED,
            registered_by_id=rng.choice(users),
            created_at=stamp,
            updated_at=stamp,
        )


KeyT = TypeVar("KeyT")


def _cumulated(weights: Mapping[KeyT, float]) -> tuple[list[KeyT], list[float]]:
    return list(weights), list(accumulate(weights.values()))


def generate_cases(
    n: int, seed: int = 0, *, batch_size: int = 10_000, years: Sequence[int] | None = None
) -> int:
    """Insert ``n`` synthetic cases in batches of ``batch_size``; returns ``n``.

    Needs the demo organisation (it is created if missing). Re-running with the
    same seed inserts nothing new: conflicting ids are ignored.
    """
    if not Unit.objects.filter(id=unit_id(SCHOOLS[0].name)).exists():
        ensure_organisation()
    offered = 0
    batch: list[Case] = []
    with historical_timestamps():
        for case in iter_synthetic_cases(n, seed, years=years):
            batch.append(case)
            if len(batch) >= batch_size:
                Case.objects.bulk_create(batch, ignore_conflicts=True)
                offered += len(batch)
                batch = []
        if batch:
            Case.objects.bulk_create(batch, ignore_conflicts=True)
            offered += len(batch)
    return offered
