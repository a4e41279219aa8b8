"""The demo register's plan: exact counts per scheme and year, before any case exists.

For every scheme and year from 2019 the planner decides the counts per category,
per country, per gender, age group, referral source and half-year, and the
category × gender / age / referral cells the reports give. Published figures come
from the latest edition that prints the year (see ``published``); breakdowns and
years without published figures get plausible, seeded ones.

Pure: it reads no database and writes nothing. The classifications it needs are
handed in (``loader.classifications_load`` reads them), so the same inputs and
seed always give the same plan. ``loader`` turns the plan into rows.
"""

from __future__ import annotations

import calendar
import datetime
import math
import random
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from tallrapport.accounts.models import Scheme
from tallrapport.cases.models import AgeGroup, Category, Country, Gender, ReferralSource
from tallrapport.demo import published
from tallrapport.demo.fitting import (
    capped_spread,
    counts_from_percents,
    fit_table,
    jitter,
    largest_remainder,
)

FIRST_YEAR = 2019
# The last year the demo always fills; years after it are filled up to today.
LAST_PLANNED_YEAR = 2025
SEED = 20231231
SCHEMES = (Scheme.DIVERSITY_ADVISORS, Scheme.SPECIAL_ENVOYS)
# The key under which published percents that do not add up to 100 leave the rest.
_REST = "__rest__"

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


@dataclass
class Classifications:
    """Today's levels by code and every printed label (names and aliases) → code."""

    categories: dict[str, Category]
    countries: dict[str, Country]
    sources: dict[str, ReferralSource]
    category_names: dict[str, str]
    country_names: dict[str, str]
    source_names: dict[str, str]

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
    if counts:
        known = counts
        source = "antall"
    elif percents:
        known = counts_from_percents(total, percents, _REST)
        source = "prosent"
    else:
        known = {}
        source = ""
    left = total - sum(v for k, v in known.items() if k != _REST)
    missing = {label: w for label, w in plausible.items() if label not in known}
    if left < 0 or (left and not missing):
        raise ValueError(f"{scheme} {year} {subject}: published figures do not fit {total}")
    totals = {label: count for label, count in known.items() if label != _REST}
    totals.update(largest_remainder(left, jitter(missing, rng)) if missing else {})
    if source:
        notes.append(f"{subject}: publisert ({source}) {own[0].publication}")
    totals = {label: totals.get(label, 0) for label in plausible}
    return Margin(totals, _fixed_cells(subject, labels, facts, rows, cls))


def _fixed_cells(
    subject: str,
    labels: Mapping[str, str],
    facts: Sequence[published.Fact],
    rows: Mapping[str, int],
    cls: Classifications,
) -> dict[tuple[str, str], int]:
    """The (category, label) cells a "category x subject" fact prints, as counts
    of the category's row: a printed percent becomes its share of the row."""
    cross: dict[str, dict[str, tuple[int, str]]] = defaultdict(dict)
    for fact in facts:
        if fact.subject != f"category x {subject}":
            continue
        category_label, _, label = fact.breakdown.partition(": ")
        category = cls.category_names[category_label]
        cross[category][labels[label]] = (fact.value, fact.unit)
    fixed: dict[tuple[str, str], int] = {}
    for category, cells in cross.items():
        row_total = rows.get(category, 0)
        if not row_total:
            continue
        for label, value in _cell_counts(cells, row_total).items():
            fixed[(category, label)] = value
    return fixed


def _cell_counts(cells: Mapping[str, tuple[int, str]], row_total: int) -> dict[str, int]:
    """One category's printed cells as counts; percents are turned into counts of
    ``row_total`` and what they leave over is no cell of its own."""
    counts = {k: v for k, (v, unit) in cells.items() if unit == "count"}
    percents = {k: float(v) for k, (v, unit) in cells.items() if unit == "percent"}
    if percents:
        counts.update(
            {
                k: v
                for k, v in counts_from_percents(row_total, percents, _REST).items()
                if k != _REST
            }
        )
    return counts


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


def plan_register(today: datetime.date, cls: Classifications, seed: int = SEED) -> list[YearPlan]:
    """Plans for both schemes and every register year, in a fixed order."""
    plans: list[YearPlan] = []
    for scheme in SCHEMES:
        previous: YearPlan | None = None
        for year in register_years(today):
            rng = random.Random(f"{seed}:{scheme}:{year}")
            previous = plan_year(scheme, year, cls, today, previous, rng)
            plans.append(previous)
    return plans
