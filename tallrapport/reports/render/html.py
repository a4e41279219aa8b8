"""The report as HTML: the layout every visual output shares, and the standalone file.

:func:`report_layout` turns a :class:`~tallrapport.reports.report.Report` into
plain view data (topics with their text, tables, charts and footnotes) that
``reports/_report_body.html`` renders; the page in the app, the exported HTML
file and the PDF all go through it, so they print the same cells, the same
``*`` and the same notes. Nothing here reads the register: a chart is drawn
from the protected table it sits beside.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field, replace
from pathlib import Path

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from tallrapport.formatting import thousands as _number
from tallrapport.reports.history import TOTAL_ROW
from tallrapport.reports.parts import REPORT_TEXT_KEYS, REPORT_TEXT_TITLES
from tallrapport.reports.render.about import AboutView, about_view
from tallrapport.reports.render.charts import Orientation, Series, bar_chart_svg
from tallrapport.reports.render.marks import audit_reason, made_line, source_line, status_mark
from tallrapport.reports.report import (
    FROM_EDITION,
    NOT_APPLICABLE,
    REVISED,
    Report,
    Section,
    Table,
    draft_mark,
)
from tallrapport.reports.text import TEXT_TITLES, join, plural

REPORT_CSS = "reports/report.css"

HIDDEN_NOTE = (
    "* Tallet er skjult fordi det kan føre til at enkeltpersoner blir identifisert "
    "(færre enn 6 saker, eller et tall som ellers kunne regnes ut fra de andre)."
)
REVISED_MARK = "r"
PUBLISHED_MARK = "p"


@dataclass(frozen=True)
class TopicDef:
    """One heading of a scheme's part: its generated text and the tables under it."""

    key: str
    title: str
    tables: tuple[str, ...]


# The order of the 2023 report: each text is followed by the tables it speaks of.
TOPICS: tuple[TopicDef, ...] = (
    TopicDef("innledning", TEXT_TITLES["innledning"], ()),
    TopicDef("ordningen", TEXT_TITLES["ordningen"], ()),
    TopicDef("kategori", TEXT_TITLES["kategori"], ("kategori",)),
    TopicDef(
        "kategorier",
        TEXT_TITLES["kategorier"],
        ("kategori_kjonn", "kategori_alder", "kategori_meldt_av"),
    ),
    TopicDef("kjonn_alder", TEXT_TITLES["kjonn_alder"], ("kjonn", "alder")),
    TopicDef("landbakgrunn", TEXT_TITLES["landbakgrunn"], ("landbakgrunn",)),
    TopicDef("meldt_av", "Hvem meldte saken?", ("meldt_av",)),
    TopicDef("halvar", TEXT_TITLES["halvar"], ("halvar",)),
    TopicDef(
        "aktiviteter",
        TEXT_TITLES.get("aktiviteter", "Forebygging og kompetanseheving"),
        ("aktiviteter_type", "aktiviteter_malgruppe"),
    ),
)

# Which tables get a figure, and how: the five-year gender and age tables as
# columns per year, the categories of the report year as horizontal bars.
CHART_OVER_YEARS = ("kjonn", "alder")
CHART_REPORT_YEAR = ("kategori",)

# A two-column table is printed narrow unless a row label is longer than this.
NARROW_LABEL = 24
# A table up to this many rows is never split over two pages.
SHORT_TABLE_ROWS = 16

SCHEME_SHORT = {"mangfoldsradgiver": "MR", "spesialutsending": "SU"}


@dataclass(frozen=True)
class CellView:
    text: str
    hidden: bool
    mark: str = ""
    mark_label: str = ""
    # Read by screen readers after «–»: the category did not exist that year.
    not_applicable: bool = False


@dataclass(frozen=True)
class RowView:
    label: str
    total: bool
    cells: list[CellView]


@dataclass(frozen=True)
class FigureView:
    id: str
    caption: str
    svg: SafeString
    note: str = ""
    alt: str = ""
    # The chart's data, for a renderer that draws it again (the DOCX's PNG).
    groups: tuple[str, ...] = ()
    series: tuple[Series, ...] = ()
    orientation: Orientation = "horizontal"

    @property
    def data_uri(self) -> str:
        """The SVG as an image source, for the PDF: WeasyPrint tags an ``<img>`` as a
        Figure with its alternative text (PDF/UA), but not an inline ``<svg>``."""
        return "data:image/svg+xml;base64," + base64.b64encode(self.svg.encode()).decode()


@dataclass(frozen=True)
class TableView:
    id: str
    key: str
    caption: str
    row_title: str
    header: list[str]
    rows: list[RowView]
    has_hidden: bool
    revised_notes: list[str]
    has_published: bool
    figure: FigureView | None = None
    footnotes: tuple[str, ...] = ()

    @property
    def short(self) -> bool:
        """Short enough to keep on one page with its notes (and its figure)."""
        return len(self.rows) <= SHORT_TABLE_ROWS

    @property
    def narrow(self) -> bool:
        """Two columns of short rows: a full-width table would spread them apart."""
        return len(self.header) <= 2 and all(len(row.label) <= NARROW_LABEL for row in self.rows)

    @property
    def caption_id(self) -> str:
        return f"{self.id}-tekst"


@dataclass(frozen=True)
class KeyFigure:
    label: str
    value: str


@dataclass
class TopicView:
    id: str
    title: str
    text: str
    tables: list[TableView] = field(default_factory=list)

    @property
    def paragraphs(self) -> list[str]:
        """The text's paragraphs: an analyst separates them with a blank line."""
        return [p.strip() for p in self.text.split("\n\n") if p.strip()]


@dataclass
class SectionView:
    id: str
    scheme: str
    name: str
    key_figures: list[KeyFigure]
    topics: list[TopicView]


@dataclass
class ReportLayout:
    year: int
    title: str
    subtitle: str
    made: str
    sections: list[SectionView]
    about: AboutView
    hidden_note: str = HIDDEN_NOTE
    # "Laget" for a fresh report, "Publisert" for an edition.
    made_label: str = ""
    # Set when the audit failed: every file says so on its first page.
    draft_mark: str = ""
    # Why the audit failed, in the alert on the cover and the first page.
    audit_reason: str = ""
    # «Utkast – ikke publisert», or the edition's name and date: on every page.
    status_mark: str = ""
    published: bool = False
    # «Kilde: …» under every table and figure, as the published reports print it.
    source: str = ""
    # The report's own parts before the schemes («Innledning», «Hva er en sak?» …).
    parts: list[TopicView] = field(default_factory=list)


def _signed(value: int) -> str:
    if value > 0:
        return f"+{_number(value)}"
    if value < 0:
        return f"\u2212{_number(-value)}"
    return "0"


def scheme_short(scheme: str) -> str:
    """MR, SU: the prefix of sheet names and of nothing a reader must decode."""
    return SCHEME_SHORT.get(scheme, scheme[:3].upper())


def _cell_view(cell_text: str, hidden: bool, note: str, status: str = "") -> CellView:
    if status == NOT_APPLICABLE:
        return CellView(cell_text, hidden, not_applicable=True)
    if note == REVISED and not hidden:
        return CellView(cell_text, hidden, REVISED_MARK, _("revidert"))
    if note == FROM_EDITION and not hidden:
        return CellView(cell_text, hidden, PUBLISHED_MARK, _("fra tidligere utgave"))
    return CellView(cell_text, hidden)


def _revised_notes(table: Table) -> list[str]:
    rows, columns = dict(table.rows), dict(table.columns)
    notes = []
    for (row, column), cell in table.cells.items():
        if cell.note != REVISED or cell.value is None:
            continue
        before = "; ".join(
            _("%(value)s i «%(edition)s»") % {"value": _number(old), "edition": title}
            for title, old in cell.previous
        )
        notes.append(
            _("%(row)s, %(column)s: %(value)s (tidligere %(before)s).")
            % {
                "row": rows[row],
                "column": columns[column],
                "value": _number(cell.value),
                "before": before,
            }
        )
    return notes


def _figure(
    table: Table, table_id: str, caption_id: str, year: int, number: int, table_number: int
) -> FigureView | None:
    inner_rows = [(code, label) for code, label in table.rows if code != TOTAL_ROW]
    figure_id = f"{table_id}-figur"
    orientation: Orientation
    shares = False
    if table.key in CHART_OVER_YEARS:
        groups = [label for _code, label in table.columns]
        # Drawn as shares of each year's cases, as the 2023 report does, when the table has
        # them (computed from shown cells only); else as counts.
        shares = bool(table.column_shares)
        series = [
            Series(
                label,
                [
                    (table.column_shares if shares else table.cells)[(code, column)].value
                    for column, _l in table.columns
                ],
                "\u00a0%" if shares else "",
            )
            for code, label in inner_rows
        ]
        caption = (
            _("Figur %(n)s. %(title)s, andel av sakene hvert år (%%)")
            if shares
            else _("Figur %(n)s. %(title)s")
        ) % {"n": number, "title": table.title}
        orientation = "vertical"
    elif table.key in CHART_REPORT_YEAR and str(year) in dict(table.columns):
        # A category that no longer existed gets no bar (and no «*» in its place).
        inner_rows = [
            (code, label)
            for code, label in inner_rows
            if table.cells[(code, str(year))].status != NOT_APPLICABLE
        ]
        groups = [label for _code, label in inner_rows]
        series = [
            Series(str(year), [table.cells[(code, str(year))].value for code, _l in inner_rows])
        ]
        caption = _("Figur %(n)s. %(title)s %(year)s") % {
            "n": number,
            "title": table.definition.title,
            "year": year,
        }
        orientation = "horizontal"
    else:
        return None
    svg = bar_chart_svg(
        chart_id=figure_id,
        title=_("Stolpediagram. Tallene står i tabellen:"),
        groups=groups,
        series=series,
        labelledby=caption_id,
        orientation=orientation,
    )
    note = (
        _(
            "Andelene er regnet av tallene i tabell %(n)s. * betyr at tallet er skjult, og "
            "at andelen derfor ikke er tegnet."
        )
        if shares
        else _("Tallene i figuren står i tabell %(n)s. * betyr at tallet er skjult og ikke tegnet.")
    ) % {"n": table_number}
    alt = _("Stolpediagram: %(caption)s. Tallene står i tabell %(n)s.") % {
        "caption": caption,
        "n": table_number,
    }
    # Built from escaped parts only (charts.py escapes every label).
    return FigureView(
        figure_id,
        caption,
        mark_safe(svg),  # noqa: S308
        note,
        alt,
        groups=tuple(groups),
        series=tuple(series),
        orientation=orientation,
    )


def _table_view(section: Section, table: Table, year: int, counters: dict[str, int]) -> TableView:
    counters["table"] += 1
    table_id = f"{section.scheme}-{table.key}"
    rows = []
    has_hidden = False
    for code, label, cells in table.body():
        views = []
        for cell in cells:
            hidden = cell.hidden
            has_hidden = has_hidden or hidden
            views.append(_cell_view(cell.text, hidden, cell.note, cell.status))
        rows.append(RowView(label, code == TOTAL_ROW, views))
    view = TableView(
        id=table_id,
        key=table.key,
        caption=_("Tabell %(n)s. %(title)s") % {"n": counters["table"], "title": table.title},
        row_title=table.definition.row_title,
        header=table.header(),
        rows=rows,
        has_hidden=has_hidden,
        revised_notes=_revised_notes(table),
        has_published=any(c.note == FROM_EDITION and c.shown for c in table.cells.values()),
        footnotes=tuple(table.footnotes),
    )
    if table.key in (*CHART_OVER_YEARS, *CHART_REPORT_YEAR):
        figure = _figure(
            table, table_id, view.caption_id, year, counters["figure"] + 1, counters["table"]
        )
        if figure is not None:
            counters["figure"] += 1
            view = replace(view, figure=figure)
    return view


def _key_figures(report: Report, section: Section) -> list[KeyFigure]:
    key = section.key_figures
    figures = [
        KeyFigure(_("Nye saker i %(year)s") % {"year": report.year}, key.new_cases.text),
        KeyFigure(
            _("Endring fra %(year)s") % {"year": report.year - 1},
            "–" if key.change is None else _signed(key.change),
        ),
    ]
    # An edition froze its tables, not its staff and country counts or the year's lock.
    if key.advisors is not None:
        figures.append(KeyFigure(plural(section.advisor_title).capitalize(), _number(key.advisors)))
    if key.countries is not None:
        figures.append(KeyFigure(_("Land (landbakgrunn)"), _number(key.countries)))
    if section.year_closed is not None:
        figures.append(
            KeyFigure(
                _("Året %(year)s") % {"year": report.year},
                _("låst") if section.year_closed else _("ikke låst ennå"),
            )
        )
    if key.competence is not None:
        figures.append(
            KeyFigure(
                # Soft hyphens let the long word break inside a narrow key-figure box.
                _("Kompetanse\u00adhevings\u00adoppdrag i %(year)s") % {"year": report.year},
                key.competence.text,
            )
        )
    return figures


def _section_view(report: Report, section: Section, counters: dict[str, int]) -> SectionView:
    topics = []
    placed: set[str] = set()
    for topic in TOPICS:
        tables = [
            _table_view(section, section.tables[key], report.year, counters)
            for key in topic.tables
            if key in section.tables
        ]
        placed.update(topic.tables)
        text = section.texts.get(topic.key, "")
        if not text and not tables:
            continue
        topics.append(TopicView(f"{section.scheme}-{topic.key}", _(topic.title), text, tables))
    # Tables a later report adds before this layout knows them still get printed.
    rest = [
        _table_view(section, table, report.year, counters)
        for key, table in section.tables.items()
        if key not in placed
    ]
    if rest:
        topics.append(TopicView(f"{section.scheme}-andre", _("Andre tabeller"), "", rest))
    return SectionView(
        id=section.scheme,
        scheme=section.scheme,
        name=section.name,
        key_figures=_key_figures(report, section),
        topics=topics,
    )


def report_layout(report: Report) -> ReportLayout:
    """Everything the templates print, in print order."""
    counters = {"table": 0, "figure": 0}
    sections = [_section_view(report, section, counters) for section in report.sections]
    names = [s.name for s in report.sections]
    subtitle = join(names)
    made_label, made = made_line(report, "j. F Y")
    return ReportLayout(
        year=report.year,
        title=report.title,
        subtitle=subtitle,
        made=made,
        sections=sections,
        about=about_view(report),
        made_label=made_label,
        draft_mark=draft_mark(report),
        audit_reason=audit_reason(report),
        status_mark=status_mark(report),
        published=report.edition is not None,
        source=source_line(report),
        parts=[
            TopicView(f"del-{key}", _(REPORT_TEXT_TITLES[key]), report.texts[key])
            for key in REPORT_TEXT_KEYS
            if report.texts.get(key)
        ],
    )


def stylesheet_path() -> Path:
    found = finders.find(REPORT_CSS)
    if not found or isinstance(found, list):
        raise FileNotFoundError(REPORT_CSS)
    return Path(found)


def render_document(
    report: Report, *, embed_css: bool = True, charts_as_images: bool = False
) -> str:
    """A complete standalone HTML document (``lang="nb"``, no scripts).

    The exported file must open offline, so its stylesheet travels inside it in
    a ``<style>`` element; the PDF passes the same stylesheet to WeasyPrint
    instead (``embed_css=False``) and the app's page links it.
    """
    css = stylesheet_path().read_text(encoding="utf-8") if embed_css else ""
    return render_to_string(
        "reports/document.html",
        {
            "report": report,
            "report_view": report_layout(report),
            "embedded_css": css,
            "charts_as_images": charts_as_images,
        },
    )
