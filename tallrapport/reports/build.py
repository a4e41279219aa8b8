"""The yearly report (tallrapportering): every table of both schemes, protected as one.

The report has the shape of IMDi's 2023 report: per scheme, cases by category
and by country background over five years, gender and age group over five
years, category × gender and category × age group, who reported the cases and
the two half-years of the report year. Every count comes from the register by
one SQL aggregation, and all tables of the report, both schemes, form **one**
disclosure problem, so that no table, margin or other scheme gives back a
hidden cell. The cells that earlier editions printed are held as published
(the reader has them already) and a cell whose number has changed since is
marked revised. Years the register does not cover come from the newest
edition that printed them, marked as such.

The result is plain data (:class:`Report`); every renderer (page, PDF, XLSX,
CSV) reads the same cells, so a number hidden in one is hidden in all.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
from django.db.models import Q
from django.utils.translation import gettext as _

from tallrapport.accounts.models import Scheme, SchemeName
from tallrapport.cases.models import AgeGroup, Category, Country, Gender, ReferralSource
from tallrapport.cases.selectors import year_is_closed
from tallrapport.disclosure import (
    TOTAL,
    AuditResult,
    Dimension,
    Problem,
    Protection,
    Status,
    TableSpec,
    audit,
    cell_index,
    protect,
)
from tallrapport.reports.activity_tables import (
    COMPETENCE_ROW,
    ActivityProtection,
    group_label,
    protect_activities,
    type_label,
)
from tallrapport.reports.history import OTHERS_ROW, TOTAL_ROW
from tallrapport.reports.models import Edition, EditionCell, EditionSource
from tallrapport.reports.text import generate_texts
from tallrapport.stats import selectors as stats

MAX_N = 5
"""Counts of 1 to MAX_N are never printed (the reports' rule since 2023)."""
YEARS_SHOWN = 5
COUNTRY_ROUNDS = 5
DIMENSIONS = (
    "scheme",
    "year",
    "half_year",
    "category",
    "country",
    "gender",
    "age_group",
    "reported_by",
)
SHOWN = "shown"
HIDDEN = "hidden"
REVISED = "revidert"
FROM_EDITION = "publisert"


@dataclass(frozen=True)
class TableDef:
    """One printed table: its rows over one dimension, its columns over another."""

    key: str
    title: str
    row_dim: str
    column_dim: str
    row_title: str
    # Tables over five years versus tables of the report year only.
    over_years: bool = True


TABLES: tuple[TableDef, ...] = (
    TableDef("kategori", "Saker fordelt på kategori", "category", "year", "Kategori"),
    TableDef("landbakgrunn", "Saker fordelt på landbakgrunn", "country", "year", "Landbakgrunn"),
    TableDef("kjonn", "Saker fordelt på kjønn", "gender", "year", "Kjønn"),
    TableDef("alder", "Saker fordelt på alder", "age_group", "year", "Alder"),
    TableDef(
        "kategori_kjonn", "Kategori og kjønn", "category", "gender", "Kategori", over_years=False
    ),
    TableDef(
        "kategori_alder", "Kategori og alder", "category", "age_group", "Kategori", over_years=False
    ),
    TableDef("meldt_av", "Hvem meldte saken", "reported_by", "year", "Meldt av", over_years=False),
    TableDef("halvar", "Saker per halvår", "half_year", "year", "Halvår", over_years=False),
)
ACTIVITY_TABLES: tuple[TableDef, ...] = (
    TableDef(
        "aktiviteter_type",
        "Aktiviteter etter type",
        "activity_type",
        "year",
        "Type aktivitet",
        over_years=False,
    ),
    TableDef(
        "aktiviteter_malgruppe",
        "Aktiviteter etter målgruppe",
        "target_group",
        "year",
        "Målgruppe",
        over_years=False,
    ),
)
TABLE_BY_KEY = {t.key: t for t in TABLES}
HISTORY_TABLES = ("kategori", "landbakgrunn")
STRUCTURAL = "strukturelle_nuller"
"""Known zeros the protection must know about but no renderer prints."""
"""The only tables the published history holds."""


@dataclass(frozen=True)
class Cell:
    """One printed number: ``value`` is None when hidden."""

    value: int | None
    status: str
    note: str = ""
    # What earlier editions printed for this position, when it differs.
    previous: tuple[tuple[str, int], ...] = ()

    @property
    def shown(self) -> bool:
        return self.status == SHOWN

    @property
    def text(self) -> str:
        return "*" if self.value is None else f"{self.value:,}".replace(",", "\u00a0")


@dataclass
class Table:
    """A rendered table: labelled rows and columns and a cell for each pair."""

    scheme: str
    definition: TableDef
    title: str
    rows: list[tuple[str, str]]
    columns: list[tuple[str, str]]
    cells: dict[tuple[str, str], Cell]
    share_column: tuple[str, str] | None = None
    shares: dict[str, Cell] = field(default_factory=dict)

    @property
    def key(self) -> str:
        return self.definition.key

    def cell(self, row: str, column: str) -> Cell:
        return self.cells[(row, column)]

    def body(self) -> list[tuple[str, str, list[Cell]]]:
        """Rows with their cells in column order, for templates."""
        out = []
        for row, label in self.rows:
            cells = [self.cells[(row, column)] for column, _label in self.columns]
            if self.share_column is not None:
                cells.append(self.shares[row])
            out.append((row, label, cells))
        return out

    def header(self) -> list[str]:
        labels = [label for _c, label in self.columns]
        if self.share_column is not None:
            labels.append(self.share_column[1])
        return labels

    @property
    def has_revisions(self) -> bool:
        return any(c.note == REVISED for c in self.cells.values())

    @property
    def has_published(self) -> bool:
        return any(c.note == FROM_EDITION for c in self.cells.values())


@dataclass(frozen=True)
class KeyFigures:
    new_cases: Cell
    previous_cases: Cell
    change: int | None
    advisors: int
    countries: int
    # Competence-building assignments this year and the year before.
    competence: Cell | None = None
    competence_before: Cell | None = None


@dataclass
class Section:
    """One scheme's part of the report."""

    scheme: str
    name: str
    advisor_title: str
    key_figures: KeyFigures
    tables: dict[str, Table]
    texts: dict[str, str] = field(default_factory=dict)
    # Whether the analysts have closed the report year for this scheme: until
    # then late registrations may still change its numbers.
    year_closed: bool = False


@dataclass(frozen=True)
class Revision:
    scheme: str
    table: str
    row: str
    column: str
    value: int
    previous: tuple[tuple[str, int], ...]


@dataclass
class Report:
    """The yearly report: both schemes, their protection and its proof."""

    year: int
    years: list[int]
    sections: list[Section]
    protection: Protection | None
    audit: AuditResult | None
    reference_editions: list[Edition]
    generated_at: datetime.datetime
    unprotectable: list[str]
    already_published_small: int = 0
    activities: ActivityProtection | None = None

    @property
    def safe(self) -> bool:
        """Whether no hidden number of any table can be computed from what is printed."""
        cases_safe = self.audit is None or self.audit.safe
        return cases_safe and (self.activities is None or self.activities.safe)

    @property
    def revisions(self) -> list[Revision]:
        out = []
        for section in self.sections:
            for table in section.tables.values():
                for (row, column), cell in table.cells.items():
                    if cell.note == REVISED and cell.value is not None:
                        out.append(
                            Revision(
                                section.scheme,
                                table.key,
                                dict(table.rows)[row],
                                dict(table.columns)[column],
                                cell.value,
                                cell.previous,
                            )
                        )
        return out

    @property
    def hidden_count(self) -> int:
        return sum(
            1
            for section in self.sections
            for table in section.tables.values()
            for cell in table.cells.values()
            if not cell.shown
        )

    def section(self, scheme: str) -> Section:
        return next(s for s in self.sections if s.scheme == scheme)


# --- labels -----------------------------------------------------------------


def _labels(dimension: str) -> dict[str, str]:
    """Code → Norwegian label, in today's names."""
    if dimension == "category":
        return dict(Category.objects.values_list("code", "name"))
    if dimension == "country":
        return dict(Country.objects.values_list("code", "name"))
    if dimension == "reported_by":
        return dict(ReferralSource.objects.values_list("code", "name"))
    if dimension == "gender":
        return {g.value: str(g.label) for g in Gender}
    if dimension == "age_group":
        return {a.value: str(a.label) for a in AgeGroup}
    if dimension == "half_year":
        return {"1": _("1. halvår"), "2": _("2. halvår")}
    raise ValueError(dimension)


def _scheme_name(scheme: str, year: int) -> tuple[str, str]:
    """The scheme's name and advisor title as they were in ``year``."""
    day = datetime.date(year, 12, 31)
    name = (
        SchemeName.objects.filter(scheme__code=scheme, valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .first()
    )
    if name is None:
        return scheme, scheme
    return name.name, name.advisor_title


# --- the published history ----------------------------------------------------


def reference_editions(year: int) -> list[Edition]:
    """The editions a report for ``year`` is held to: every published report but
    the historical edition of ``year`` itself, which this report replaces."""
    return list(
        Edition.objects.exclude(source=EditionSource.HISTORICAL, year=year).order_by(
            "year", "published_at", "slug"
        )
    )


def _edition_cells(editions: Sequence[Edition], schemes: Iterable[str]) -> list[EditionCell]:
    return list(
        EditionCell.objects.filter(edition__in=editions, scheme__in=list(schemes))
        .select_related("edition")
        .order_by("edition__year", "edition__published_at")
    )


def _latest_history(
    scheme: str, table: str, year: int
) -> tuple[Edition, dict[str, EditionCell]] | None:
    """The newest edition that printed ``year`` in ``table``, and its cells by row."""
    cells = list(
        EditionCell.objects.filter(scheme=scheme, table=table, column=str(year))
        .select_related("edition")
        .order_by("-edition__year", "-edition__published_at")
    )
    if not cells:
        return None
    edition = cells[0].edition
    return edition, {c.row: c for c in cells if c.edition_id == edition.pk}


# --- building -------------------------------------------------------------------


def _problem_labels(definition: TableDef, scheme: str, row: str, column: str) -> dict[str, str]:
    labels = {"scheme": scheme}
    for dim, code in ((definition.row_dim, row), (definition.column_dim, column)):
        labels[dim] = TOTAL if code == TOTAL_ROW else code
    return labels


class _Plan:
    """The table set of one report for given named countries, and its problem."""

    def __init__(
        self,
        *,
        year: int,
        register: Mapping[str, list[str]],
        categories: Mapping[str, list[str]],
        named: Mapping[str, list[str]],
        levels: Mapping[str, list[str]],
        counts: stats.CaseCounts,
    ) -> None:
        self.year = str(year)
        self.register = register
        self.categories = categories
        self.named = named
        groups = {}
        for scheme, countries in named.items():
            rest = tuple(c for c in levels["country"] if c not in countries)
            if rest:
                groups[_others(scheme)] = rest
        dims = [
            Dimension(name, tuple(levels[name]), groups if name == "country" else {})
            for name in DIMENSIONS
        ]
        freq = counts.frequencies([d.levels for d in dims])
        self.problem = Problem(dims, freq, self._specs(groups) + self._structural(dims, freq))

    def _specs(self, groups: Mapping[str, tuple[str, ...]]) -> list[TableSpec]:
        specs = []
        for scheme, years in self.register.items():
            if not years:
                continue
            for definition in TABLES:
                codes: dict[str, tuple[str, ...]] = {"scheme": (scheme,)}
                if definition.over_years:
                    codes["year"] = tuple(years)
                elif definition.key == "halvar":
                    previous = str(int(self.year) - 1)
                    codes["year"] = tuple(y for y in (previous, self.year) if y in years)
                else:
                    codes["year"] = (self.year,) if self.year in years else ()
                if not codes["year"]:
                    continue
                if "category" in (definition.row_dim, definition.column_dim):
                    codes["category"] = tuple(self.categories[scheme])
                if definition.row_dim == "country":
                    others = _others(scheme)
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


def _in_country_order(codes: Iterable[str]) -> list[str]:
    order = {
        code: (position, name)
        for code, position, name in Country.objects.values_list("code", "sort_order", "name")
    }
    return sorted(codes, key=lambda code: order.get(code, (10_000, code)))


def _others(scheme: str) -> str:
    return f"{OTHERS_ROW}:{scheme}"


def build_report(*, year: int, today: datetime.date | None = None) -> Report:
    """The yearly report for ``year``: both schemes, protected as one problem."""
    years = list(range(year - YEARS_SHOWN + 1, year + 1))
    schemes = list(Scheme.objects.order_by("sort_order").values_list("code", flat=True))
    register = {s: [str(y) for y in stats.register_years(scheme=s, years=years)] for s in schemes}
    in_register = sorted({int(y) for ys in register.values() for y in ys})
    editions = reference_editions(year)
    earlier = _edition_cells(editions, schemes)

    protection: Protection | None = None
    result: AuditResult | None = None
    plan: _Plan | None = None
    fixed: list[dict[str, str]] = []
    unprotectable: list[str] = []
    if in_register:
        counts = stats.count_cases(by=DIMENSIONS, years=in_register)
        levels = {
            name: stats.dimension_levels(name, years=in_register)
            for name in DIMENSIONS
            if name != "country"
        }
        levels["year"] = [str(y) for y in in_register]
        levels["country"] = _in_country_order(counts.used("country"))
        categories = {
            s: stats.dimension_levels("category", years=in_register, scheme=s) for s in schemes
        }
        # Countries an earlier edition printed for a register year stay named:
        # their cells are public and must be held as published.
        must_name: dict[str, set[str]] = defaultdict(set)
        for cell in earlier:
            if (
                cell.table == "landbakgrunn"
                and cell.column in register[cell.scheme]
                and cell.value is not None
                and cell.row in levels["country"]
            ):
                must_name[cell.scheme].add(cell.row)
        used = {s: counts.used("country", scheme=s) for s in schemes}
        named = {
            s: [c for c in levels["country"] if c in used[s] or c in must_name[s]] for s in schemes
        }
        for _round in range(COUNTRY_ROUNDS):
            plan = _Plan(
                year=year,
                register=register,
                categories=categories,
                named=named,
                levels=levels,
                counts=counts,
            )
            fixed = _fixed_cells(plan.problem, earlier, register)
            protection = protect(plan.problem, max_n=MAX_N, fixed=fixed)
            folded = _countries_to_fold(protection, named, register, must_name)
            if not any(folded.values()):
                break
            named = {s: [c for c in named[s] if c not in folded[s]] for s in schemes}
        if protection is None or plan is None:
            raise RuntimeError("no protection was computed")
        result = audit(plan.problem, protection)
        unprotectable = [
            _unprotectable_text(u.labels, u.value, u.reason) for u in protection.unprotectable
        ]

    activities = protect_activities(schemes=schemes, year=year, max_n=MAX_N)
    scheme_objects = {s.code: s for s in Scheme.objects.all()}
    sections = []
    for scheme in schemes:
        previous = _previous_values(scheme, year, earlier)
        tables = _scheme_tables(
            scheme=scheme,
            year=year,
            years=years,
            plan=plan,
            protection=protection,
            history_of=_history_of(scheme, years, plan),
            previous=previous,
        )
        if activities is not None:
            tables.update(_activity_tables(scheme, activities, previous))
        name, title = _scheme_name(scheme, year)
        key = _key_figures(scheme, year, tables, today)
        sections.append(
            Section(
                scheme=scheme,
                name=name,
                advisor_title=title,
                key_figures=key,
                tables=tables,
                year_closed=year_is_closed(scheme=scheme_objects[scheme], year=year),
            )
        )
    report = Report(
        year=year,
        years=years,
        sections=sections,
        protection=protection,
        audit=result,
        reference_editions=editions,
        generated_at=datetime.datetime.now(tz=datetime.UTC),
        unprotectable=unprotectable,
        already_published_small=_small_fixed(protection),
        activities=activities,
    )
    for section in sections:
        section.texts = generate_texts(report, section)
    return report


def _small_fixed(protection: Protection | None) -> int:
    if protection is None:
        return 0
    return sum(1 for u in protection.unprotectable if u.reason == "it is fixed as published")


UNPROTECTABLE_REASONS = {
    "it is fixed as published": "trykt med samme tall i en tidligere utgave; ikke gjentatt her",
    "the fixed cells and printed zeros determine it": (
        "kan regnes ut fra tall som tidligere utgaver har trykt"
    ),
    "the fixed cells, printed zeros and non-negativity determine it": (
        "kan regnes ut fra tall som tidligere utgaver har trykt"
    ),
}


def _unprotectable_text(labels: tuple[str, ...], value: int, reason: str) -> str:
    where = ", ".join(label for label in labels if label != TOTAL)
    return f"{where} = {value}: {UNPROTECTABLE_REASONS.get(reason, reason)}"


def _fixed_cells(
    problem: Problem, earlier: Sequence[EditionCell], register: Mapping[str, list[str]]
) -> list[dict[str, str]]:
    """Positions an earlier edition printed with the number the register still has."""
    values = problem.layout.values
    fixed: dict[int, dict[str, str]] = {}
    for cell in earlier:
        definition = TABLE_BY_KEY.get(cell.table)
        if cell.value is None or definition is None or cell.row == OTHERS_ROW:
            continue
        if definition.column_dim == "year" and cell.column not in register.get(cell.scheme, []):
            continue
        labels = _problem_labels(definition, cell.scheme, cell.row, cell.column)
        if definition.column_dim != "year":
            # A report-year table of that edition: its year is the edition's.
            labels["year"] = str(cell.edition.year)
        try:
            index = cell_index(problem, labels)
        except KeyError:
            continue  # a position this report does not print
        if int(values[index]) == cell.value:
            fixed[index] = labels
    return list(fixed.values())


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
            and _others(scheme) not in protection.problem.dimension("country").groups
        ):
            # One country alone would make "Øvrige land" that country under another name.
            folded[scheme] = set()
    return folded


def _value(protection: Protection, labels: Mapping[str, str]) -> int:
    return int(protection.layout.values[cell_index(protection.problem, labels)])


def _previous_values(
    scheme: str, year: int, earlier: Sequence[EditionCell]
) -> dict[tuple[str, str, str], list[tuple[str, int]]]:
    """What earlier editions printed per (table, row, column), to mark revisions."""
    previous: dict[tuple[str, str, str], list[tuple[str, int]]] = defaultdict(list)
    for cell in earlier:
        # "Øvrige land" held other countries in every edition: not comparable.
        if cell.scheme != scheme or cell.value is None or cell.row == OTHERS_ROW:
            continue
        definition = TABLE_BY_KEY.get(cell.table)
        if definition is not None and definition.column_dim != "year" and cell.edition.year != year:
            continue  # a cross-table of another report year
        previous[(cell.table, cell.row, cell.column)].append((cell.edition.title, cell.value))
    return previous


def _history_of(
    scheme: str, years: list[int], plan: _Plan | None
) -> dict[str, dict[int, tuple[Edition, dict[str, EditionCell]]]]:
    """Per history table, the newest edition's column for each year the register lacks."""
    register = plan.register[scheme] if plan is not None else []
    out: dict[str, dict[int, tuple[Edition, dict[str, EditionCell]]]] = {}
    for table in HISTORY_TABLES:
        out[table] = {
            y: found
            for y in years
            if str(y) not in register and (found := _latest_history(scheme, table, y)) is not None
        }
    return out


def _activity_tables(
    scheme: str,
    activities: ActivityProtection,
    previous: dict[tuple[str, str, str], list[tuple[str, int]]],
) -> dict[str, Table]:
    counts = activities.by_scheme[scheme]
    tables = {}
    for definition, cells, label in (
        (ACTIVITY_TABLES[0], counts.types, type_label),
        (ACTIVITY_TABLES[1], counts.groups, group_label),
    ):
        rows = list(dict.fromkeys(row for row, _y in cells))
        table_cells = {}
        for (row, column), value in cells.items():
            if value is None:
                table_cells[(row, column)] = Cell(None, HIDDEN)
                continue
            before = [
                (title, old)
                for title, old in previous.get((definition.key, row, column), [])
                if old != value
            ]
            table_cells[(row, column)] = (
                Cell(value, SHOWN, REVISED, tuple(before)) if before else Cell(value, SHOWN)
            )
        tables[definition.key] = Table(
            scheme=scheme,
            definition=definition,
            title=f"{_(definition.title)} {activities.years[0]}–{activities.years[-1]}",
            rows=[(row, label(row)) for row in rows],
            columns=[(y, y) for y in activities.years],
            cells=table_cells,
        )
    return tables


def _scheme_tables(
    *,
    scheme: str,
    year: int,
    years: list[int],
    plan: _Plan | None,
    protection: Protection | None,
    history_of: dict[str, dict[int, tuple[Edition, dict[str, EditionCell]]]],
    previous: dict[tuple[str, str, str], list[tuple[str, int]]],
) -> dict[str, Table]:
    register = plan.register[scheme] if plan is not None else []
    tables: dict[str, Table] = {}
    for definition in TABLES:
        history = history_of.get(definition.key, {})
        if definition.over_years:
            column_codes = [str(y) for y in years if str(y) in register or y in history]
        elif definition.key == "halvar":
            column_codes = [y for y in (str(year - 1), str(year)) if y in register]
        elif definition.column_dim == "year":
            column_codes = [str(year)] if str(year) in register else []
        else:
            column_codes = (
                [*(_labels(definition.column_dim)), TOTAL_ROW] if str(year) in register else []
            )
        if not column_codes:
            continue
        row_codes = _row_codes(definition, scheme, plan, history)
        row_labels = _row_labels(definition, row_codes)
        column_labels = _column_labels(definition, column_codes)
        cells: dict[tuple[str, str], Cell] = {}
        for row in row_codes:
            for column in column_codes:
                if definition.column_dim == "year" and int(column) in history:
                    cells[(row, column)] = _history_cell(history[int(column)][1].get(row))
                    continue
                if plan is None or protection is None:
                    raise RuntimeError("a register column without a protection")
                cells[(row, column)] = _register_cell(
                    plan, protection, definition, scheme, row, column, year, previous
                )
        table = Table(
            scheme=scheme,
            definition=definition,
            title=_table_title(definition, years, year, column_codes),
            rows=list(zip(row_codes, row_labels, strict=True)),
            columns=list(zip(column_codes, column_labels, strict=True)),
            cells=cells,
        )
        if definition.key == "kategori" and str(year) in column_codes:
            _add_shares(table, str(year))
        tables[definition.key] = table
    return tables


def _history_cell(printed: EditionCell | None) -> Cell:
    """A position of a year the register does not hold: as its newest edition printed it.

    A small count that edition printed stays public there; this report does not
    repeat it.
    """
    if printed is None or printed.value is None or 0 < printed.value <= MAX_N:
        return Cell(None, HIDDEN, FROM_EDITION)
    return Cell(printed.value, SHOWN, FROM_EDITION)


def _row_codes(
    definition: TableDef,
    scheme: str,
    plan: _Plan | None,
    history: Mapping[int, tuple[Edition, dict[str, EditionCell]]],
) -> list[str]:
    if definition.row_dim == "category":
        codes = list(plan.categories[scheme]) if plan is not None else []
        for _edition, printed in history.values():
            codes += [r for r in printed if r not in codes and r not in (TOTAL_ROW,)]
        order = dict(Category.objects.values_list("code", "sort_order"))
        codes.sort(key=lambda c: order.get(c, 10_000))
        return [*codes, TOTAL_ROW]
    if definition.row_dim == "country":
        codes = list(plan.named[scheme]) if plan is not None else []
        for _edition, printed in history.values():
            codes += [r for r in printed if r not in codes and r not in (TOTAL_ROW, OTHERS_ROW)]
        order = dict(Country.objects.values_list("code", "sort_order"))
        codes.sort(key=lambda c: order.get(c, 10_000))
        has_others = (
            plan is not None and _others(scheme) in plan.problem.dimension("country").groups
        ) or any(OTHERS_ROW in printed for _e, printed in history.values())
        return [*codes, *([OTHERS_ROW] if has_others else []), TOTAL_ROW]
    return [*_labels(definition.row_dim), TOTAL_ROW]


def _row_labels(definition: TableDef, codes: Sequence[str]) -> list[str]:
    names = _labels(definition.row_dim)
    out = []
    for code in codes:
        if code == TOTAL_ROW:
            out.append(_("Totalt"))
        elif code == OTHERS_ROW:
            out.append(_("Øvrige land"))
        else:
            out.append(names.get(code, code))
    return out


def _column_labels(definition: TableDef, codes: Sequence[str]) -> list[str]:
    if definition.column_dim == "year":
        return list(codes)
    names = _labels(definition.column_dim)
    return [_("Totalt") if c == TOTAL_ROW else names[c] for c in codes]


def _table_title(definition: TableDef, years: list[int], year: int, columns: list[str]) -> str:
    if definition.over_years:
        return f"{_(definition.title)} {columns[0]}–{columns[-1]}"
    if definition.key == "halvar":
        return (
            f"{_(definition.title)} {columns[0]}–{columns[-1]}"
            if len(columns) > 1
            else (f"{_(definition.title)} {year}")
        )
    return f"{_(definition.title)} {year}"


def _register_cell(
    plan: _Plan,
    protection: Protection,
    definition: TableDef,
    scheme: str,
    row: str,
    column: str,
    year: int,
    previous: Mapping[tuple[str, str, str], list[tuple[str, int]]],
) -> Cell:
    labels = _problem_labels(definition, scheme, row, column)
    if row == OTHERS_ROW:
        labels["country"] = _others(scheme)
    if definition.column_dim != "year":
        labels["year"] = str(year)
    try:
        index = cell_index(plan.problem, labels)
    except KeyError:
        # A row that only an earlier edition's year has (a country or category
        # without a case in the register's years, or "Øvrige land" where the
        # register names every country): the register holds none of it.
        return Cell(0, SHOWN)
    value = int(plan.problem.layout.values[index])
    status = protection.status[index]
    # An earlier edition may have printed a small count; it stays public there,
    # but this report does not repeat it.
    shown = status is Status.SHOWN and not (0 < value <= MAX_N)
    if not shown:
        return Cell(None, HIDDEN)
    before = [
        (title, old)
        for title, old in previous.get((definition.key, row, column), [])
        if old != value
    ]
    if before:
        return Cell(value, SHOWN, REVISED, tuple(before))
    return Cell(value, SHOWN)


def _add_shares(table: Table, year: str) -> None:
    """The report year's share per row, from shown counts only."""
    total = table.cells[(TOTAL_ROW, year)]
    table.share_column = (f"andel_{year}", _("Andel %(year)s (%%)") % {"year": year})
    for row, _label in table.rows:
        cell = table.cells[(row, year)]
        if cell.value is None or total.value is None or total.value == 0:
            table.shares[row] = Cell(None, HIDDEN)
        else:
            table.shares[row] = Cell(round(100 * cell.value / total.value), SHOWN)


def _key_figures(
    scheme: str, year: int, tables: Mapping[str, Table], today: datetime.date | None
) -> KeyFigures:
    categories = tables.get("kategori")
    empty = Cell(None, HIDDEN)
    new = categories.cells.get((TOTAL_ROW, str(year)), empty) if categories else empty
    before = categories.cells.get((TOTAL_ROW, str(year - 1)), empty) if categories else empty
    change = None
    if new.value is not None and before.value is not None:
        change = new.value - before.value
    return KeyFigures(
        new_cases=new,
        previous_cases=before,
        change=change,
        advisors=stats.advisor_count(scheme=scheme, year=year, today=today),
        countries=stats.distinct_countries(scheme=scheme, year=year),
        competence=_cell_or_none(tables, "aktiviteter_type", COMPETENCE_ROW, str(year)),
        competence_before=_cell_or_none(tables, "aktiviteter_type", COMPETENCE_ROW, str(year - 1)),
    )


def _cell_or_none(tables: Mapping[str, Table], table: str, row: str, column: str) -> Cell | None:
    found = tables.get(table)
    return None if found is None else found.cells.get((row, column))
