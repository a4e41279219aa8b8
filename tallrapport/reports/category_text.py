"""A paragraph per category: its count, the change from last year, and its shares.

The 2023 report gives each category a paragraph («IMDis mangfoldsrådgivere
mottok 594 henvendelser om «Negativ sosial kontroll» i 2023. Av disse gjaldt
70 prosent av sakene jenter/kvinner …»). Here it is written from the protected
tables: the count from the category table, the shares of girls, of under-18s
and of cases reported by school staff from the cross tables, each share only
when both its cells are shown (and recorded for the share audit). Hidden,
empty and not-yet-existing categories get one sentence together instead of a
paragraph each.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tallrapport.reports.history import TOTAL_ROW
from tallrapport.reports.report import NOT_APPLICABLE, Report, Section, Table, text_share
from tallrapport.reports.text import join, number, plural
from tallrapport.stats import selectors as stats

SCHOOL_STAFF = "skoleansatt"
GIRLS = "jente"
UNDER_18 = "under_18"


def _count(table: Table | None, row: str, column: str) -> int | None:
    if table is None or (row, column) not in table.cells:
        return None
    cell = table.cells[(row, column)]
    return cell.value if cell.shown else None


def _share_clause(section: Section, table_key: str, row: str, column: str, label: str) -> str:
    """«70 prosent jenter/kvinner», «alle jenter/kvinner», «ingen jenter/kvinner» or ''."""
    table = section.tables.get(table_key)
    part, whole = _count(table, row, column), _count(table, row, TOTAL_ROW)
    if part is None or not whole:
        return ""
    share = text_share(
        section,
        f"{label} ({dict(table.rows)[row] if table else row})",
        (table_key, row, column),
        (table_key, row, TOTAL_ROW),
    )
    if share is None:
        return ""
    if part == whole:
        return _("alle %(what)s") % {"what": label}
    if part == 0:
        return _("ingen %(what)s") % {"what": label}
    return _("%(share)s prosent %(what)s") % {"share": share, "what": label}


def _staff_sentence(section: Section, row: str) -> str:
    """Who reported: the share of the category's cases school staff reported."""
    table = section.tables.get("kategori_meldt_av")
    part, whole = _count(table, row, SCHOOL_STAFF), _count(table, row, TOTAL_ROW)
    if part is None or not whole:
        return ""
    share = text_share(
        section,
        _("meldt av skoleansatte (%(row)s)") % {"row": dict(table.rows)[row] if table else row},
        ("kategori_meldt_av", row, SCHOOL_STAFF),
        ("kategori_meldt_av", row, TOTAL_ROW),
    )
    if share is None:
        return ""
    if part == whole:
        return _("Alle sakene ble meldt av skoleansatte.")
    if part == 0:
        return _("Ingen av sakene ble meldt av skoleansatte.")
    return _("%(share)s prosent av sakene ble meldt av skoleansatte.") % {"share": share}


def _change(count: int, before: int | None, previous_year: int) -> str:
    if before is None:
        return ""
    if count == before:
        return _("Det er like mange som i %(year)s.") % {"year": previous_year}
    if count > before:
        return ngettext(
            "Det er %(n)s sak flere enn i %(year)s.",
            "Det er %(n)s saker flere enn i %(year)s.",
            count - before,
        ) % {"n": number(count - before), "year": previous_year}
    return ngettext(
        "Det er %(n)s sak færre enn i %(year)s.",
        "Det er %(n)s saker færre enn i %(year)s.",
        before - count,
    ) % {"n": number(before - count), "year": previous_year}


def _paragraph(report: Report, section: Section, row: str, label: str, count: int) -> str:
    year = str(report.year)
    title = plural(section.advisor_title)
    sentences = [
        ngettext(
            "IMDis %(title)s registrerte %(n)s sak om «%(label)s» i %(year)s.",
            "IMDis %(title)s registrerte %(n)s saker om «%(label)s» i %(year)s.",
            count,
        )
        % {"title": title, "n": number(count), "label": label, "year": year}
    ]
    before = _count(section.tables.get("kategori"), row, str(report.year - 1))
    sentences.append(_change(count, before, report.year - 1))
    clauses = [
        c
        for c in (
            _share_clause(section, "kategori_kjonn", row, GIRLS, _("jenter/kvinner")),
            _share_clause(section, "kategori_alder", row, UNDER_18, _("personer under 18 år")),
        )
        if c
    ]
    if clauses:
        lead = _("Saken gjaldt") if count == 1 else _("Av disse gjaldt")
        sentences.append(f"{lead} {join(clauses)}.")
    sentences.append(_staff_sentence(section, row))
    sentences.append(_countries_sentence(section, row))
    return " ".join(s for s in sentences if s)


def _countries_sentence(section: Section, row: str) -> str:
    """«De største landbakgrunnene var Syria, Somalia og Irak.» (each with many cases)."""
    codes = section.countries.get(row, ())
    if not codes:
        return ""
    names = stats.labels("country")
    return ngettext(
        "Den største landbakgrunnen var %(countries)s.",
        "De største landbakgrunnene var %(countries)s.",
        len(codes),
    ) % {"countries": join([names.get(c, c) for c in codes])}


def category_paragraphs(report: Report, section: Section) -> str:
    """One paragraph per category with cases (blank lines between), largest first, then the
    empty and hidden ones together."""
    table = section.tables.get("kategori")
    year = str(report.year)
    if table is None or (TOTAL_ROW, year) not in table.cells:
        return ""
    paragraphs: list[tuple[int, str]] = []
    hidden: list[str] = []
    empty: list[str] = []
    for row, label in table.rows:
        cell = table.cells.get((row, year))
        if row == TOTAL_ROW or cell is None or cell.status == NOT_APPLICABLE:
            continue
        if cell.hidden:
            hidden.append(f"«{label}»")
        elif cell.value == 0:
            empty.append(f"«{label}»")
        elif cell.value is not None:
            paragraphs.append((cell.value, _paragraph(report, section, row, label, cell.value)))
    rest = []
    if empty:
        rest.append(
            _("Ingen saker i %(year)s gjaldt %(categories)s.")
            % {"year": year, "categories": join(empty)}
        )
    if hidden:
        rest.append(
            ngettext(
                "Antallet saker om %(categories)s i %(year)s oppgis ikke, av personvernhensyn.",
                "Antallene saker om %(categories)s i %(year)s oppgis ikke, av personvernhensyn.",
                len(hidden),
            )
            % {"year": year, "categories": join(hidden)}
        )
    # The largest categories first, as the 2023 report tells them.
    ordered = [text for _n, text in sorted(paragraphs, key=lambda item: -item[0])]
    if rest:
        ordered.append(" ".join(rest))
    return "\n\n".join(ordered)
