"""The values old sheets hold: dates of every kind, old names, abbreviations, typos."""

from __future__ import annotations

import datetime

import pytest

from tallrapport.cases.imports.columns import find_header_row, fold, propose_columns
from tallrapport.cases.imports.reading import Sheet
from tallrapport.cases.imports.values import Lookups, Unreadable, parse_day, parse_half

D = datetime.date


@pytest.mark.parametrize(
    ("cell", "day"),
    [
        (D(2023, 3, 15), D(2023, 3, 15)),
        (datetime.datetime(2023, 3, 15, 0, 0), D(2023, 3, 15)),
        ("15.03.2023", D(2023, 3, 15)),
        ("15.3.2023", D(2023, 3, 15)),
        ("15.3.23", D(2023, 3, 15)),
        ("15/3/2023", D(2023, 3, 15)),
        ("15-03-2023", D(2023, 3, 15)),
        ("2023-03-15", D(2023, 3, 15)),
        ("150323", D(2023, 3, 15)),
        ("15032023", D(2023, 3, 15)),
        (45000, D(2023, 3, 15)),  # Excel's serial number
        (45000.0, D(2023, 3, 15)),
        ("45000", D(2023, 3, 15)),
    ],
)
def test_a_date_in_any_form_the_sheets_use(cell: object, day: D) -> None:
    found = parse_day(cell)  # type: ignore[arg-type]
    assert (found.day, found.half_only) == (day, False)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("1. halvår 2023", D(2023, 1, 1)),
        ("2. halvår 2023", D(2023, 7, 1)),
        ("2.halvår 2023", D(2023, 7, 1)),
        ("H1 2023", D(2023, 1, 1)),
        ("2023 H2", D(2023, 7, 1)),
        ("Vår 2023", D(2023, 1, 1)),
        ("høst 2023", D(2023, 7, 1)),
    ],
)
def test_only_a_half_year_dates_the_case_on_its_first_day(text: str, day: D) -> None:
    found = parse_day(text)
    assert (found.day, found.half_only) == (day, True)


def test_a_half_year_column_takes_its_year_from_the_year_column() -> None:
    assert parse_half("2", 2023) == (2023, 2)
    assert parse_half("1. halvår", 2022) == (2022, 1)


@pytest.mark.parametrize("text", ["31.02.2023", "15.13.2023", "i fjor", "2023"])
def test_a_date_that_is_none_is_refused_with_the_text(text: str) -> None:
    with pytest.raises(Unreadable, match=f"«{text}»"):
        parse_day(text)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Negativ sosial kontroll", "negativ-sosial-kontroll"),
        ("negativ  sosial KONTROLL", "negativ-sosial-kontroll"),
        ("Ekstrem kontroll", "negativ-sosial-kontroll"),
        ("NSK", "negativ-sosial-kontroll"),
        ("Etterlatt i utlandet", "ufrivillig-opphold-i-utlandet"),
        ("Frykt for å bli etterlatt i utlandet", "frykt-for-ufrivillig-opphold-i-utlandet"),
        ("Frykt for TVE", "frykt-for-tvangsekteskap"),
        ("Gjennomført TVE", "gjennomfort-tvangsekteskap"),
        ("Gjennomført KLL", "gjennomfort-kjonnslemlestelse"),
        ("Frykt for TVE og KLL", "frykt-for-tvangsekteskap-og-kjonnslemlestelse"),
        ("Trusler og vold", "trusler-vold"),
    ],
)
def test_categories_by_todays_name_old_names_and_the_2016_abbreviations(
    text: str, code: str
) -> None:
    category, note = Lookups.load().category(text, {})
    assert (category.code, note) == (code, None)


@pytest.mark.django_db
def test_a_category_that_could_be_two_is_refused_with_both_as_suggestions() -> None:
    with pytest.raises(Unreadable) as refusal:
        Lookups.load().category("Tvangsekteskap", {})
    codes = [code for code, _name in refusal.value.suggestions]
    assert {"frykt-for-tvangsekteskap", "gjennomfort-tvangsekteskap"} <= set(codes)
    assert "Mente du" in refusal.value.message


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "code"),
    [("Irak", "iq"), ("Iraq", "iq"), ("Turkey", "tr"), ("IQ", "iq"), ("DR Kongo", "cd")],
)
def test_countries_by_name_code_and_other_spelling(text: str, code: str) -> None:
    country, note = Lookups.load().countries.find(text, {})
    assert (country.code, note) == (code, None)


@pytest.mark.django_db
def test_a_country_a_letter_off_is_read_with_a_note() -> None:
    country, note = Lookups.load().countries.find("Somlia", {})
    assert country.code == "so"
    assert note == "«Somlia» er lest som «Somalia»."


@pytest.mark.django_db
def test_an_unsure_country_is_refused_with_a_suggestion_and_a_correction_settles_it() -> None:
    lookups = Lookups.load()
    with pytest.raises(Unreadable) as refusal:
        lookups.countries.find("Eritria", {})
    assert refusal.value.suggestions[0] == ("er", "Eritrea")
    assert "Mente du «Eritrea»" in refusal.value.message
    # the user's correction for the file reads it
    country, _note = lookups.countries.find("Eritria", {fold("Eritria"): "er"})
    assert country.code == "er"


def test_headers_of_any_reasonable_spelling_are_proposed() -> None:
    # given a header row under a title, with odd spellings and a typo
    sheet = Sheet(
        "Ark1",
        [
            ["Saker 2023"],
            [],
            ["DATO", "Sakskategori", "kjonn", "Alder:", "Landbakrunn", "Henvist fra", "Merknad"],
        ],
    )
    # when the header row is found and columns proposed
    row = find_header_row(sheet, "saker")
    assert row == 2
    proposed = propose_columns([str(c) for c in sheet.rows[2]], "saker")
    # then each field has its column and the free-text column none
    assert proposed == {
        "registered_on": 0,
        "main_category": 1,
        "gender": 2,
        "age_group": 3,
        "country": 4,
        "reported_by": 5,
    }


def test_a_saved_mapping_wins_where_its_header_is_still_there() -> None:
    texts = ["Dato", "Hva", "Kategori"]
    assert propose_columns(texts, "saker", {"main_category": "hva"})["main_category"] == 1
