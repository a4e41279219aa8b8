"""Protection of a report's case tables: one problem, the reader's knowledge, protect, audit.

All case tables of the report, both schemes, form **one** disclosure problem,
so that no table, margin or other scheme gives back a hidden cell. The cells
earlier editions printed (see :mod:`.knowledge`) are held as published. A
named country with no printable count at all would be a row of zeros and
stars, so it is folded into «Øvrige land» and the problem is protected again,
for a few rounds.

:func:`protect_cases` is the one entry: register counts, levels and the
earlier editions' cells in, the problem, its protection and the audit out.
Nothing here reads the register or renders anything.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from django.conf import settings
from django.utils.translation import gettext as _

from tallrapport.disclosure import (
    TOTAL,
    AuditResult,
    Dimension,
    KnownSum,
    Problem,
    Protection,
    Status,
    TableSpec,
    audit,
    cell_index,
    protect,
)
from tallrapport.disclosure.knowledge import PRINTED_PREFIX
from tallrapport.reports.catalogue import (
    DIMENSIONS,
    MAX_N,
    STRUCTURAL,
    TABLE_BY_KEY,
    TABLES,
    others_code,
)
from tallrapport.reports.history import OTHERS_ROW
from tallrapport.reports.knowledge import countries_named_before, edition_knowledge
from tallrapport.reports.models import EditionCell
from tallrapport.reports.report import PublicCount, TableDef
from tallrapport.reports.stated import Stated, countries_by_category, stated_knowledge
from tallrapport.reports.validity import existed
from tallrapport.stats import selectors as stats
from tallrapport.stats.selectors import CaseCounts

COUNTRY_ROUNDS = 5


class Plan:
    """The table set of one report for given named countries, and its problem."""

    def __init__(
        self,
        *,
        year: int,
        register: Mapping[str, list[str]],
        categories: Mapping[str, list[str]],
        named: Mapping[str, list[str]],
        levels: Mapping[str, list[str]],
        counts: CaseCounts,
        earlier: Sequence[EditionCell] = (),
        stated: Sequence[KnownSum] = (),
    ) -> None:
        self.year = str(year)
        self.register = register
        self.categories = categories
        self.named = named
        groups = {}
        for scheme, countries in named.items():
            rest = tuple(c for c in levels["country"] if c not in countries)
            if rest:
                groups[others_code(scheme)] = rest
        dims = [
            Dimension(name, tuple(levels[name]), groups if name == "country" else {})
            for name in DIMENSIONS
        ]
        freq = counts.frequencies([d.levels for d in dims])
        tables = self._specs(groups) + self._structural(dims, freq)
        without = Problem(dims, freq, tables)
        # The earlier editions are read against this problem's own tables:
        # whether a revised number's column is printed again decides its use.
        known = edition_knowledge(without, earlier) + self._outside_periods(without)
        self.problem = Problem(dims, freq, tables, [*known, *stated])

    def _outside_periods(self, problem: Problem) -> list[KnownSum]:
        """A category's years before it existed or after it ended, as zeros the reader has.

        The report prints «–» there with a footnote that the category did not
        exist, so every reader knows those counts are 0, printed or not.
        """
        periods = stats.category_periods()
        known = []
        for scheme, years in self.register.items():
            for category in self.categories[scheme]:
                for year in years:
                    item = KnownSum(
                        _("%(category)s fantes ikke i %(year)s")
                        % {"category": category, "year": year},
                        {"scheme": (scheme,), "category": (category,), "year": (year,)},
                        0,
                    )
                    if not existed(periods, category, int(year)) and not problem.sum_of(item):
                        known.append(item)
        return known

    def has_others(self, scheme: str) -> bool:
        """Whether the scheme's country table has an «Øvrige land» row."""
        return others_code(scheme) in self.problem.dimension("country").groups

    def _years(self, definition: TableDef, years: Sequence[str]) -> tuple[str, ...]:
        """The years a table prints: five, the last two (half-years) or the report year."""
        if definition.over_years:
            return tuple(years)
        if definition.key == "halvar":
            previous = str(int(self.year) - 1)
            return tuple(y for y in (previous, self.year) if y in years)
        return (self.year,) if self.year in years else ()

    def _specs(self, groups: Mapping[str, tuple[str, ...]]) -> list[TableSpec]:
        specs = []
        for scheme, years in self.register.items():
            for definition in TABLES:
                codes: dict[str, tuple[str, ...]] = {
                    "scheme": (scheme,),
                    "year": self._years(definition, years),
                }
                if not codes["year"] or not definition.printed_for(scheme):
                    continue
                if "category" in (definition.row_dim, definition.column_dim):
                    codes["category"] = tuple(self.categories[scheme])
                if definition.column_levels:
                    codes[definition.column_dim] = definition.column_levels
                if definition.row_dim == "country":
                    others = others_code(scheme)
                    codes["country"] = tuple(self.named[scheme]) + (
                        (others,) if others in groups else ()
                    )
                dims: tuple[str, ...] = ("scheme", definition.row_dim, definition.column_dim)
                if "year" not in dims:
                    dims = (*dims, "year")
                specs.append(
                    TableSpec(
                        f"{scheme}/{definition.key}",
                        dims,
                        codes,
                        without_total=("scheme", "year"),
                    )
                )
        return specs

    def _structural(
        self, dims: Sequence[Dimension], freq: npt.NDArray[np.int64]
    ) -> list[TableSpec]:
        """Categories a scheme cannot have, as known zeros the reader has.

        The envoys' own category (Andre familierelaterte saker) is not a row of
        the diversity advisors' table, yet it is a level of the category
        dimension, so their printed total covers it. A reader knows it is zero
        for that scheme; unless the problem knows it too, a hidden row would
        look protected while the printed rows and the total give it back. Such
        zeros are modelled as printed cells of a table no renderer prints.
        """
        specs = []
        categories = dims[DIMENSIONS.index("category")].levels
        for scheme, years in self.register.items():
            missing = tuple(c for c in categories if c not in self.categories[scheme])
            if not years or not missing:
                continue
            scheme_index = dims[0].levels.index(scheme)
            rows = [categories.index(c) for c in missing]
            if freq[scheme_index].take(rows, axis=DIMENSIONS.index("category") - 1).any():
                raise ValueError(f"{scheme}: cases in a category the scheme does not have")
            specs.append(
                TableSpec(
                    f"{scheme}/{STRUCTURAL}",
                    ("scheme", "category", "year"),
                    {"scheme": (scheme,), "category": missing, "year": tuple(years)},
                    without_total=("scheme", "category", "year"),
                )
            )
        return specs


@dataclass(frozen=True)
class CaseProtection:
    """The protected case tables of one report, with the proof and what could not be hidden."""

    plan: Plan
    protection: Protection
    audit: AuditResult
    # Sentences for the analyst: counts the new tables give away and no hiding saves.
    unprotectable: list[str]
    public: list[PublicCount]
    # The country backgrounds each category's sentence names (held as knowledge above).
    stated: Stated


NOT_SENSITIVE = {"gender": ("ukjent",), "age_group": ("ukjent",)}
"""«Ukjent» says something was not recorded; a small count of it identifies nobody."""


def protect_cases(
    *,
    year: int,
    register: Mapping[str, list[str]],
    counts: CaseCounts,
    levels: Mapping[str, list[str]],
    categories: Mapping[str, list[str]],
    earlier: Sequence[EditionCell],
) -> CaseProtection:
    """Protect every case table of the report for ``year`` as one problem, and audit it.

    ``register`` gives, per scheme, the years the register holds; ``levels``
    every level of each dimension (countries in printed order); ``categories``
    each scheme's categories; ``earlier`` the cells of every earlier edition.
    """
    schemes = list(register)
    must_name = countries_named_before(earlier, register, levels["country"])
    named = {
        s: [
            c
            for c in levels["country"]
            if c in must_name[s] or counts.total(scheme=s, year=str(year), country=c) >= NAMED_FROM
        ]
        for s in schemes
    }
    not_sensitive = {} if settings.REPORT_UNKNOWN_IS_SENSITIVE else NOT_SENSITIVE
    stated = countries_by_category(
        counts, year=year, categories=categories, countries=levels["country"]
    )
    plan: Plan | None = None
    protection: Protection | None = None
    for _round in range(COUNTRY_ROUNDS):
        plan = Plan(
            year=year,
            register=register,
            categories=categories,
            named=named,
            levels=levels,
            counts=counts,
            earlier=earlier,
            stated=stated_knowledge(stated, year=year),
        )
        protection = protect(
            plan.problem, max_n=MAX_N, not_sensitive=not_sensitive, hide_zeros_if_needed=True
        )
        folded = _countries_to_fold(protection, named, register, must_name)
        if not any(folded.values()):
            break
        named = {s: [c for c in named[s] if c not in folded[s]] for s in schemes}
    if protection is None or plan is None:
        raise RuntimeError("no protection was computed")
    labels = _cell_labels(year)
    return CaseProtection(
        plan=plan,
        protection=protection,
        audit=audit(plan.problem, protection),
        unprotectable=[
            _("%(where)s = %(value)s kan regnes ut av %(cells)s")
            % {
                "where": _where(u.labels, labels),
                "value": u.value,
                "cells": "; ".join(_where(c, labels) for c in u.given_by)
                or _("tallene som er trykt og tidligere utgaver"),
            }
            for u in protection.unprotectable
        ],
        public=[
            PublicCount(
                p.labels[0],
                _where(p.labels, labels),
                p.value,
                _sources(p.sources),
                _tables_of(plan.problem, p.cell),
            )
            for p in protection.public
        ],
        stated=stated,
    )


NAMED_FROM = 3 * MAX_N
"""A country gets its own row when an earlier edition named it for these years, or when the
report year has this many of its cases: as in IMDi's reports, the large countries by name
and the rest in «Øvrige land». Well above the hiding limit, so that a named country's
other years are seldom small and its row is not a row of stars."""


def _cell_labels(year: int) -> dict[str, dict[str, str]]:
    labels = {name: stats.labels(name) for name in DIMENSIONS if name not in ("scheme", "year")}
    labels["scheme"] = {code: stats.scheme_name(code, year)[0] for code in stats.scheme_codes()}
    return labels


def _where(cell: tuple[str, ...], labels: Mapping[str, Mapping[str, str]]) -> str:
    """A cell's labels in words: scheme, then every level it is restricted to."""
    if len(cell) != len(DIMENSIONS):
        return cell[0] if cell else ""
    parts = []
    for dim, label in zip(DIMENSIONS, cell, strict=True):
        if label == TOTAL:
            continue
        if dim == "country" and label.startswith(f"{OTHERS_ROW}:"):
            parts.append(_("Øvrige land"))
            continue
        parts.append(labels.get(dim, {}).get(label, label))
    return " · ".join(parts)


def _tables_of(problem: Problem, cell: int) -> tuple[str, ...]:
    """The titles of the tables that print a cell («mangfoldsradgiver/kategori» → its title)."""
    keys = dict.fromkeys(r.table.split("/")[-1] for r in problem.layout.rows if r.cell == cell)
    return tuple(_(TABLE_BY_KEY[k].title) for k in keys if k in TABLE_BY_KEY)


def _sources(sources: Sequence[str]) -> tuple[str, ...]:
    return tuple(
        source.removeprefix(PRINTED_PREFIX) if source.startswith(PRINTED_PREFIX) else source
        for source in sources
    )


def _countries_to_fold(
    protection: Protection,
    named: Mapping[str, list[str]],
    register: Mapping[str, list[str]],
    must_name: Mapping[str, set[str]],
) -> dict[str, set[str]]:
    """Named countries with no printable cell at all: they go to Øvrige land."""
    folded: dict[str, set[str]] = {}
    for scheme, countries in named.items():
        years = register[scheme]
        folded[scheme] = set()
        if not years:
            continue
        for country in countries:
            if country in must_name.get(scheme, set()):
                continue
            # A country is named when at least one of its counts can be printed;
            # a row of zeros and stars tells the reader nothing.
            printable = [
                protection.status_of({"scheme": scheme, "country": country, "year": y})
                is Status.SHOWN
                and _value(protection, {"scheme": scheme, "country": country, "year": y}) > 0
                for y in years
            ]
            if not any(printable):
                folded[scheme].add(country)
        if (
            len(folded[scheme]) == 1
            and others_code(scheme) not in protection.problem.dimension("country").groups
        ):
            # One country alone would make "Øvrige land" that country under another name.
            folded[scheme] = set()
    return folded


def _value(protection: Protection, labels: Mapping[str, str]) -> int:
    return int(protection.layout.values[cell_index(protection.problem, labels)])
