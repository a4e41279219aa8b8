"""The report's own parts: the envoys' weeks in Norway for every count, the scheme's units."""

from __future__ import annotations

import pytest

from tallrapport.accounts.models import Unit
from tallrapport.reports.catalogue import ACTIVITY_TABLES
from tallrapport.reports.parts import COMPETENCE_WEEK, competence_weeks, scheme_description
from tallrapport.reports.report import HIDDEN, SHOWN, Cell, KeyFigures, Report, Section, Table
from tests.factories import EmbassyFactory

YEAR = 2023


def _report(weeks: Cell | None, *, scheme: str = "spesialutsending") -> tuple[Report, Section]:
    tables = {}
    if weeks is not None:
        definition = ACTIVITY_TABLES[0]
        tables[definition.key] = Table(
            scheme,
            definition,
            definition.title,
            [(COMPETENCE_WEEK, "Kompetansehevingsuke")],
            [(str(YEAR), str(YEAR))],
            {(COMPETENCE_WEEK, str(YEAR)): weeks},
        )
    key = KeyFigures(Cell(40, SHOWN), Cell(None, HIDDEN), None, 4, None)
    section = Section(scheme, "Ordningen", "spesialutsending", key, tables)
    return Report(YEAR, [YEAR], [section], None, None, [], None, []), section


def _weeks(weeks: Cell | None) -> str:
    return competence_weeks(*_report(weeks))


def test_the_envoys_weeks_in_norway_for_one_several_none_and_hidden() -> None:
    assert _weeks(Cell(1, SHOWN)) == (
        "IMDis spesialutsendinger hadde 1 kompetansehevingsuke i Norge i 2023, med fagdager "
        "for tjenestene."
    )
    assert "hadde 3 kompetansehevingsuker i Norge i 2023" in _weeks(Cell(3, SHOWN))
    assert _weeks(Cell(0, SHOWN)) == ""
    assert _weeks(None) == ""
    hidden = _weeks(Cell(None, HIDDEN))
    assert hidden == (
        "IMDis spesialutsendinger hadde også kompetansehevingsuker i Norge i 2023; antallet er "
        "skjult (*)."
    )


@pytest.mark.django_db
def test_the_envoys_scheme_names_its_embassies() -> None:
    # given two embassies open at the end of the year
    EmbassyFactory(city="Nairobi")
    EmbassyFactory(city="Amman", host_country_code="jo")
    # then the scheme's part names them, in alphabetical order
    text = scheme_description(*_report(None))
    assert "Ved utgangen av 2023 var de utstasjonert på ambassadene i Amman og Nairobi." in text


@pytest.mark.django_db
def test_the_advisors_scheme_counts_its_schools_and_counties(school: Unit) -> None:
    # given one upper secondary school in one county and one advisor
    report, section = _report(None, scheme=school.scheme.code)
    section.key_figures = KeyFigures(Cell(40, SHOWN), Cell(None, HIDDEN), None, 1, None)
    section.advisor_title = "mangfoldsrådgiver"
    # then the part says so in the singular
    text = scheme_description(report, section)
    assert "hadde ordningen 1 mangfoldsrådgiver ved 1 videregående skole i 1 fylke." in text
