"""The generated sentences in bokmål for one, several, all, none and hidden counts.

Hand-built sections, no register: each test gives the printed cells a sentence
is written from and reads the sentence as a reader would.
"""

from __future__ import annotations

from collections.abc import Mapping

from tallrapport.reports.activity_tables import COMPETENCE_ROW
from tallrapport.reports.assemble import add_shares
from tallrapport.reports.catalogue import ACTIVITY_TABLES, TABLE_BY_KEY
from tallrapport.reports.history import TOTAL_ROW
from tallrapport.reports.report import HIDDEN, SHOWN, Cell, KeyFigures, Report, Section, Table
from tallrapport.reports.text import generate_texts

YEAR = 2023


def _cell(value: int | None) -> Cell:
    return Cell(None, HIDDEN) if value is None else Cell(value, SHOWN)


def _table(key: str, counts: Mapping[str, int | None], column: str = str(YEAR)) -> Table:
    definition = TABLE_BY_KEY.get(key) or next(t for t in ACTIVITY_TABLES if t.key == key)
    return Table(
        "mangfoldsradgiver",
        definition,
        definition.title,
        [(row, row.capitalize()) for row in counts],
        [(column, column)],
        {(row, column): _cell(value) for row, value in counts.items()},
    )


def _texts(
    tables: Mapping[str, Table], *, new: int | None = None, advisors: int | None = 4
) -> dict[str, str]:
    competence = tables.get("aktiviteter_type")
    key = KeyFigures(
        _cell(new),
        Cell(None, HIDDEN),
        None,
        advisors,
        None,
        competence=competence.cells.get((COMPETENCE_ROW, str(YEAR))) if competence else None,
    )
    section = Section("mangfoldsradgiver", "Ordningen", "mangfoldsrådgiver", key, dict(tables))
    report = Report(YEAR, [YEAR], [section], None, None, [], None, [])
    return generate_texts(report, section)


def _activities(total: int | None, competence: int | None) -> str:
    table = _table("aktiviteter_type", {COMPETENCE_ROW: competence, TOTAL_ROW: total})
    return _texts({"aktiviteter_type": table})["aktiviteter"]


def test_all_activities_are_competence_building_said_as_all() -> None:
    # given 36 activities, all of them competence-building assignments
    text = _activities(36, 36)
    # then the text says «alle», never «Av disse var 36»
    assert "36 forebyggende og kompetansehevende aktiviteter." in text
    assert "Alle var kompetansehevingsoppdrag" in text
    assert "Av disse var 36" not in text


def test_one_some_none_and_hidden_activities() -> None:
    # one activity, which is an assignment: singular throughout
    one = _activities(1, 1)
    assert "1 forebyggende eller kompetansehevende aktivitet." in one
    assert "Den var et kompetansehevingsoppdrag" in one
    # several, some of them assignments
    assert "Av disse var 12 kompetansehevingsoppdrag" in _activities(40, 12)
    # none of them
    assert "Ingen av dem var kompetansehevingsoppdrag" in _activities(40, 0)
    # no activities at all: no «Av disse» after nothing
    assert _activities(0, 0) == "I 2023 registrerte IMDis mangfoldsrådgivere ingen aktiviteter."
    # the total hidden: the part stands alone, no «Av disse» pointing at a hidden number
    hidden_total = _activities(None, 12)
    assert "Av disse" not in hidden_total and "12 kompetansehevingsoppdrag" in hidden_total
    # the part hidden: no number for it at all
    assert "kompetansehevingsoppdrag" not in _activities(40, None)


def test_new_cases_one_none_and_several() -> None:
    assert "råd og veiledning i 1 ny sak." in _texts({}, new=1)["innledning"]
    assert "registrerte ingen nye saker i 2023." in _texts({}, new=0)["innledning"]
    assert "i totalt 899 nye saker." in _texts({}, new=899)["innledning"]
    # and a scheme without advisors says «ingen», never «0 mangfoldsrådgivere»
    assert (
        "hadde ordningen ingen mangfoldsrådgivere." in _texts({}, new=3, advisors=0)["innledning"]
    )


def test_gender_for_all_some_and_hidden() -> None:
    def gender(girls: int | None, boys: int | None, unknown: int | None, total: int | None) -> str:
        table = _table("kjonn", {"jente": girls, "gutt": boys, "ukjent": unknown, TOTAL_ROW: total})
        return _texts({"kjonn": table})["kjonn_alder"]

    # every case is a girl: «alle», and no «0 saker gutter/menn»
    assert gender(30, 0, 0, 30) == "Alle de 30 sakene i 2023 gjaldt jenter/kvinner."
    # one case
    assert gender(1, 0, 0, 1) == "Den ene saken i 2023 gjaldt jenter/kvinner."
    # several of each, one unknown: singular «sak»
    assert gender(30, 12, 1, 43) == (
        "I 2023 gjaldt 30 saker jenter/kvinner og 12 saker gutter/menn. I 1 sak var kjønn ukjent."
    )
    # boys hidden: no sentence that would give them back
    assert gender(30, None, 0, 36) == ""


def test_categories_all_in_one_and_one_hidden() -> None:
    def categories(counts: dict[str, int | None]) -> str:
        table = _table("kategori", counts)
        add_shares(table, str(YEAR))
        return _texts({"kategori": table})["kategori"]

    # every case in one category
    assert categories({"nsk": 14, "vold": 0, TOTAL_ROW: 14}) == (
        "Alle de 14 sakene i 2023 gjaldt «Nsk»."
    )
    # one hidden category: singular, named without a number
    text = categories({"nsk": 30, "vold": 12, "kll": None, TOTAL_ROW: 45})
    assert "Tallet for «Kll» er skjult (*) fordi det kan" in text
    assert "«Kll» (" not in text


def test_half_years_with_none_in_one() -> None:
    table = _table("halvar", {"1": 0, "2": 1})
    text = _texts({"halvar": table})["halvar"]
    assert text == "I første halvår 2023 ble det meldt inn ingen saker, og i andre halvår 1 sak."
