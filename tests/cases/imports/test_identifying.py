"""Nothing that identifies a person comes in: names, birth dates, identity numbers."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from tallrapport.cases.imports.columns import identifying_columns, looks_like_identity_number
from tallrapport.cases.imports.reading import Cell, Sheet


def _sheet(*rows: Sequence[Cell]) -> Sheet:
    return Sheet("Ark1", [list(r) for r in rows])


@pytest.mark.parametrize(
    "value",
    [
        "15030512345",  # 15.03.05
        "150305 12345",
        15030512345,
        15030512345.0,
        "55030512345",  # a D-number: day + 40
        "15430512345",  # an H-number: month + 40
    ],
)
def test_eleven_digits_that_start_with_a_date_look_like_an_identity_number(value: Cell) -> None:
    assert looks_like_identity_number(value)


@pytest.mark.parametrize("value", ["99999999999", "1503051234", "44995", "4712345678", "abc"])
def test_other_numbers_do_not(value: Cell) -> None:
    assert not looks_like_identity_number(value)


@pytest.mark.parametrize(
    ("header", "words"),
    [
        ("Navn", "navn"),
        ("Elevens navn", "navn"),
        ("Fornavn", "navn"),
        ("Fødselsdato", "fødselsdatoer"),
        ("Født", "fødselsdatoer"),
        ("Personnummer", "fødselsnumre"),
        ("Fnr.", "fødselsnumre"),
        ("D-nummer", "fødselsnumre"),
    ],
)
def test_a_header_that_names_who_someone_is_is_refused(header: str, words: str) -> None:
    found = identifying_columns([_sheet(["Dato", header], ["01.02.2023", "x"])])
    assert [(f.column, f.header) for f in found] == [("B", header)]
    assert words in found[0].message()


def test_an_identity_number_anywhere_in_a_column_is_found_with_its_row() -> None:
    found = identifying_columns(
        [_sheet(["Dato", "Merknad"], ["01.02.2023", ""], ["", "15030512345"])]
    )
    assert len(found) == 1
    assert "rad 3" in found[0].message()


def test_a_column_of_peoples_names_is_found_by_its_values() -> None:
    sheet = _sheet(
        ["Dato", "Hvem"],
        ["01.02.2023", "Amina Yusuf"],
        ["02.02.2023", "Ola Nordmann"],
        ["03.02.2023", "Kari Hansen"],
        ["04.02.2023", "Sara Ali"],
    )
    assert [f.column for f in identifying_columns([sheet])] == ["B"]


def test_a_school_name_repeated_on_every_row_and_the_known_columns_are_not_names() -> None:
    sheet = _sheet(
        ["Dato", "Kategori", "Skole", "Kommunenavn", "Landbakgrunn"],
        *[
            ["01.02.2023", "Negativ sosial kontroll", "Bergen Katedralskole", "Bergen", "Sri Lanka"]
            for _ in range(5)
        ],
    )
    assert identifying_columns([sheet]) == []
