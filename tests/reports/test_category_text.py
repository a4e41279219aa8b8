"""A paragraph per category in bokmål: one, several, all, none and hidden counts.

Hand-built sections, no register: each test gives the printed cells a
paragraph is written from and reads it as a reader would.
"""

from __future__ import annotations

from collections.abc import Mapping

from tallrapport.reports.catalogue import TABLE_BY_KEY
from tallrapport.reports.category_text import category_paragraphs
from tallrapport.reports.history import TOTAL_ROW
from tallrapport.reports.report import (
    HIDDEN,
    NOT_APPLICABLE,
    SHOWN,
    Cell,
    KeyFigures,
    Report,
    Section,
    Table,
    share_problems,
)

YEAR = 2023
NSK = "negativ-sosial-kontroll"


def _cell(value: int | None) -> Cell:
    return Cell(None, HIDDEN) if value is None else Cell(value, SHOWN)


def _table(key: str, cells: Mapping[tuple[str, str], int | Cell | None]) -> Table:
    definition = TABLE_BY_KEY[key]
    rows = list(dict.fromkeys(r for r, _c in cells))
    columns = list(dict.fromkeys(c for _r, c in cells))
    return Table(
        "mangfoldsradgiver",
        definition,
        definition.title,
        [(r, "Negativ sosial kontroll" if r == NSK else r.capitalize()) for r in rows],
        [(c, c) for c in columns],
        {k: v if isinstance(v, Cell) else _cell(v) for k, v in cells.items()},
    )


def _section(
    count: int | Cell | None,
    *,
    before: int | None = None,
    girls: int | None = None,
    under: int | None = None,
    staff: int | None = None,
) -> tuple[Report, Section]:
    whole = count.value if isinstance(count, Cell) else count
    tables = {
        "kategori": _table(
            "kategori",
            {
                (NSK, str(YEAR - 1)): before,
                (NSK, str(YEAR)): count,
                (TOTAL_ROW, str(YEAR - 1)): 100,
                (TOTAL_ROW, str(YEAR)): 100,
            },
        ),
        "kategori_kjonn": _table(
            "kategori_kjonn", {(NSK, "jente"): girls, (NSK, TOTAL_ROW): whole}
        ),
        "kategori_alder": _table(
            "kategori_alder", {(NSK, "under_18"): under, (NSK, TOTAL_ROW): whole}
        ),
        "kategori_meldt_av": _table(
            "kategori_meldt_av", {(NSK, "skoleansatt"): staff, (NSK, TOTAL_ROW): whole}
        ),
    }
    key = KeyFigures(_cell(100), _cell(100), 0, None, None)
    section = Section("mangfoldsradgiver", "Ordningen", "mangfoldsrådgiver", key, tables)
    return Report(YEAR, [YEAR], [section], None, None, [], None, []), section


def _paragraph(count: int | Cell | None, **kwargs: int | None) -> str:
    report, section = _section(count, **kwargs)
    return category_paragraphs(report, section)


def test_several_cases_with_shares_of_girls_under_18_and_school_staff() -> None:
    text = _paragraph(40, before=30, girls=28, under=10, staff=20)
    assert text == (
        "IMDis mangfoldsrådgivere registrerte 40 saker om «Negativ sosial kontroll» i 2023. "
        "Det er 10 saker flere enn i 2022. "
        "Av disse gjaldt 70 prosent jenter/kvinner og 25 prosent personer under 18 år. "
        "50 prosent av sakene ble meldt av skoleansatte."
    )


def test_one_case_is_singular() -> None:
    text = _paragraph(1, before=2, girls=1, under=0, staff=1)
    assert "registrerte 1 sak om «Negativ sosial kontroll»" in text
    assert "Det er 1 sak færre enn i 2022." in text
    assert "Saken gjaldt alle jenter/kvinner og ingen personer under 18 år." in text
    assert "Alle sakene ble meldt av skoleansatte." in text


def test_all_and_none_are_said_in_words_never_as_100_or_0_prosent() -> None:
    text = _paragraph(12, before=12, girls=12, under=0, staff=0)
    assert "Det er like mange som i 2022." in text
    assert "Av disse gjaldt alle jenter/kvinner og ingen personer under 18 år." in text
    assert "Ingen av sakene ble meldt av skoleansatte." in text
    assert "100 prosent" not in text and "0 prosent" not in text


def test_no_case_and_a_hidden_count_get_one_sentence_each_without_a_number() -> None:
    assert _paragraph(0) == "Ingen saker i 2023 gjaldt «Negativ sosial kontroll»."
    hidden = _paragraph(None)
    assert hidden == (
        "Antallet saker om «Negativ sosial kontroll» i 2023 oppgis ikke, av personvernhensyn."
    )


def test_a_hidden_share_cell_leaves_its_clause_out() -> None:
    # the girls' count is hidden: no share of girls, yet the age share is given
    text = _paragraph(40, girls=None, under=10, staff=None)
    assert "jenter/kvinner" not in text
    assert "Av disse gjaldt 25 prosent personer under 18 år." in text
    assert "skoleansatte" not in text


def test_a_category_that_did_not_exist_gets_no_sentence() -> None:
    assert _paragraph(Cell(None, NOT_APPLICABLE)) == ""


def test_every_share_the_paragraph_prints_passes_the_share_audit() -> None:
    report, section = _section(40, before=30, girls=28, under=10, staff=20)
    category_paragraphs(report, section)
    assert [use.value for use in section.shares] == [70, 25, 50]
    assert share_problems(report) == []
