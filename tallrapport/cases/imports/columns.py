"""Which column holds what: the fields an import fills, the header row, the
proposed mapping, and the columns that must never come in (names, birth dates,
national identity numbers).

Headers are compared folded: case, spaces, punctuation and diacritics do not
count, «å» and «aa» are one letter, so «Kjønn», «KJONN» and «kjønn:» are one
header. A header a few letters off a known one («Landbakrunn») is still found.
"""

from __future__ import annotations

import datetime
import difflib
import functools
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tallrapport.cases.imports.models import ImportKind
from tallrapport.cases.imports.reading import Cell, Sheet, column_letter, is_blank

_FOLDS = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "ß": "ss"})


@functools.lru_cache(maxsize=65536)
def _fold(text: str) -> str:
    lowered = text.casefold().translate(_FOLDS)
    plain = unicodedata.normalize("NFKD", lowered)
    letters = "".join(c for c in plain if c.isalnum() and not unicodedata.combining(c))
    return letters.replace("aa", "a")


def fold(text: object) -> str:
    """Text as compared: lower case, Norwegian letters spelled out, accents and
    everything but letters and digits dropped, «aa» as «a»."""
    return _fold(str(text))


def fold_words(text: object) -> list[str]:
    """The folded words of a header, for matching whole words («Elevens navn»)."""
    return [w for w in (fold(part) for part in re.split(r"[\s/_\-.,:;()]+", str(text))) if w]


@dataclass(frozen=True)
class Field:
    """A field the import fills: its name in the services' input, its label, and
    the headers that name it in the sheets people keep."""

    name: str
    label: str
    headers: tuple[str, ...]
    # Whether the field may instead have one value for every row (chosen in the form).
    fixable: bool = False
    required: bool = True

    @property
    def optional(self) -> bool:
        """Whether the form may say «valgfritt»: not for the date, which a half-year
        (with its year) may stand in for."""
        return not self.required and self.name not in ("registered_on", "date", "year", "half_year")


_LABEL = gettext_lazy

CASE_FIELDS: tuple[Field, ...] = (
    Field(
        "registered_on",
        str(_LABEL("Dato")),
        (
            "dato",
            "registreringsdato",
            "registrert",
            "dato registrert",
            "mottatt",
            "dato mottatt",
            "henvendelsesdato",
            "dato for henvendelse",
            "saksdato",
        ),
        required=False,
    ),
    Field("year", str(_LABEL("År")), ("år", "aar", "årstall"), required=False),
    Field("half_year", str(_LABEL("Halvår")), ("halvår", "halvaar", "periode"), required=False),
    Field(
        "main_category",
        str(_LABEL("Kategori")),
        ("kategori", "hovedkategori", "sakskategori", "sakstype", "type sak", "tema"),
    ),
    Field(
        "secondary_categories",
        str(_LABEL("Andre kategorier")),
        ("andre kategorier", "tilleggskategori", "tilleggskategorier", "bikategori"),
        required=False,
    ),
    Field("gender", str(_LABEL("Kjønn")), ("kjønn", "kjonn", "kj"), fixable=True),
    Field(
        "age_group",
        str(_LABEL("Alder")),
        ("alder", "aldersgruppe", "under 18", "alder under 18", "over under 18"),
        fixable=True,
    ),
    Field(
        "country",
        str(_LABEL("Landbakgrunn")),
        ("landbakgrunn", "land", "opprinnelsesland", "bakgrunn", "landbakgrunn utsatt"),
    ),
    Field(
        "reported_by",
        str(_LABEL("Meldt av")),
        ("meldt av", "henvist fra", "henvist av", "meldt fra", "hvem meldte", "kilde"),
        fixable=True,
    ),
    Field(
        "guided",
        str(_LABEL("Veiledet")),
        ("veiledet", "hvem veiledet", "veiledning av", "veiledet hvem", "utsatt ansatt"),
        fixable=True,
    ),
)

ACTIVITY_FIELDS: tuple[Field, ...] = (
    Field("date", str(_LABEL("Dato")), ("dato", "aktivitetsdato", "gjennomført"), required=False),
    Field("year", str(_LABEL("År")), ("år", "aar"), required=False),
    Field("half_year", str(_LABEL("Halvår")), ("halvår", "halvaar", "periode"), required=False),
    Field(
        "activity_type",
        str(_LABEL("Type aktivitet")),
        ("type", "aktivitet", "aktivitetstype", "type aktivitet", "tiltak"),
        fixable=True,
    ),
    Field(
        "target_groups",
        str(_LABEL("Målgrupper")),
        ("målgruppe", "målgrupper", "målgruppe r", "for hvem"),
        fixable=True,
    ),
    Field("topics", str(_LABEL("Temaer")), ("tema", "temaer", "emne"), fixable=True),
    Field(
        "partners",
        str(_LABEL("Samarbeidspartnere")),
        ("samarbeidspartner", "samarbeidspartnere", "samarbeid med", "i samarbeid med"),
        required=False,
    ),
    Field(
        "participants",
        str(_LABEL("Antall deltakere")),
        ("antall deltakere", "deltakere", "antall", "antall deltagere", "deltagere"),
        required=False,
    ),
    Field("hours", str(_LABEL("Timer")), ("timer", "antall timer", "tidsbruk", "tid timer")),
    Field("municipality", str(_LABEL("Kommune")), ("kommune", "sted"), required=False),
)


def fields_of(kind: str) -> tuple[Field, ...]:
    return CASE_FIELDS if kind == ImportKind.CASES else ACTIVITY_FIELDS


def date_field(kind: str) -> str:
    return "registered_on" if kind == ImportKind.CASES else "date"


# How alike a header must be to a known one to count as that one (difflib's ratio).
HEADER_CUTOFF = 0.85


def _header_score(header: Cell, field: Field) -> float:
    """1 for a known header, less for one a few letters off, 0 for anything else."""
    if is_blank(header) or not isinstance(header, str):
        return 0.0
    folded = fold(header)
    known = {fold(h) for h in field.headers} | {fold(field.label)}
    if folded in known:
        return 1.0
    close = difflib.get_close_matches(folded, known, n=1, cutoff=HEADER_CUTOFF)
    return difflib.SequenceMatcher(None, folded, close[0]).ratio() if close else 0.0


def find_header_row(sheet: Sheet, kind: str, *, look: int = 20) -> int | None:
    """The 0-based index of the row that names most of the fields (at least two),
    among the first ``look`` rows: a title or a blank line may stand above it."""
    best, best_score = None, 1.0
    for index, row in enumerate(sheet.rows[:look]):
        score = sum(
            max((_header_score(cell, f) for f in fields_of(kind)), default=0) for cell in row
        )
        if score > best_score + 1e-9:
            best, best_score = index, score
    return best


def headers(sheet: Sheet, header_row: int) -> list[str]:
    """The header of each column as written (empty for a column without one)."""
    row = sheet.rows[header_row] if header_row < len(sheet.rows) else []
    return [
        "" if is_blank(cell) else str(cell).strip()
        for cell in row + [None] * (sheet.width - len(row))
    ]


def propose_columns(
    header_texts: list[str], kind: str, saved: dict[str, str] | None = None
) -> dict[str, int]:
    """Field → column index: a unit's saved choice where its header is still there,
    then the best remaining match of each field's headers, each column once."""
    chosen: dict[str, int] = {}
    by_folded = {fold(text): index for index, text in enumerate(header_texts) if text}
    for name, text in (saved or {}).items():
        if (index := by_folded.get(fold(text))) is not None and index not in chosen.values():
            chosen[name] = index
    candidates = sorted(
        (
            (-_header_score(text, field), order, field.name, index)
            for order, field in enumerate(fields_of(kind))
            for index, text in enumerate(header_texts)
            if field.name not in chosen
        ),
    )
    for score, _order, name, index in candidates:
        if score < 0 and name not in chosen and index not in chosen.values():
            chosen[name] = index
    return chosen


# --- what must never come in ------------------------------------------------------------

# Whole header words that say a column holds who a person is.
_NAME_WORDS = {"navn", "fornavn", "etternavn", "mellomnavn", "elevnavn", "fulltnavn", "name"}
_BIRTH_WORDS = {"fodselsdato", "fodt", "fodselsar", "fodselsdag", "birthdate", "dob"}
_ID_WORDS = {
    "fodselsnummer",
    "fodselsnr",
    "personnummer",
    "personnr",
    "fnr",
    "pnr",
    "dnummer",
    "dnr",
    "idnummer",
    "ssn",
}
_ID_PATTERN = re.compile(r"^\d{6}\s?\d{5}$")
_NAME_PATTERN = re.compile(r"^[^\W\d_]+(?:[-'][^\W\d_]+)?(?:\s+[^\W\d_]+(?:[-'][^\W\d_]+)?){1,3}$")


def looks_like_identity_number(cell: Cell) -> bool:
    """Eleven digits whose first six are a date (a D-number adds 4 to the day's
    first digit, an H-number 4 to the month's): the shape of a Norwegian
    fødselsnummer, checked digits or not."""
    if isinstance(cell, bool) or cell is None:
        return False
    if isinstance(cell, float):
        if not cell.is_integer():
            return False
        cell = int(cell)
    text = str(cell).strip()
    if not _ID_PATTERN.match(text):
        return False
    digits = text.replace(" ", "")
    day, month, year = int(digits[:2]), int(digits[2:4]), int(digits[4:6])
    day = day - 40 if day > 40 else day
    month = month - 40 if month > 40 else month
    try:
        datetime.date(2000 + year, month, day)
    except ValueError:
        return False
    return True


def _looks_like_names(values: list[Cell]) -> bool:
    """Most values are two to four capitalised words and nearly all differ: people's
    names (a school's or a municipality's name repeats on every row)."""
    texts = [str(v).strip() for v in values if isinstance(v, str) and v.strip()]
    if len(texts) < 3:
        return False
    shaped = [t for t in texts if _NAME_PATTERN.match(t) and all(w[0].isupper() for w in t.split())]
    distinct = len(set(texts)) / len(texts)
    return len(shaped) >= 0.6 * len(texts) and distinct >= 0.8


@dataclass(frozen=True)
class Identifying:
    """A column that looks like it holds who someone is, with the reason in Norwegian."""

    sheet: str
    column: str
    header: str
    reason: str

    def message(self) -> str:
        return _("Arket «%(sheet)s», kolonne %(column)s («%(header)s»): %(reason)s") % {
            "sheet": self.sheet,
            "column": self.column,
            "header": self.header or "–",
            "reason": self.reason,
        }


def _identifying_header(header: str) -> str | None:
    words = set(fold_words(header))
    if words & _ID_WORDS or fold(header) in _ID_WORDS:
        return _("overskriften tyder på fødselsnumre eller personnumre.")
    if words & _BIRTH_WORDS or fold(header) in _BIRTH_WORDS:
        return _("overskriften tyder på fødselsdatoer.")
    if words & _NAME_WORDS:
        return _("overskriften tyder på navn.")
    return None


def identifying_columns(sheets: list[Sheet]) -> list[Identifying]:
    """Every column, in every sheet, that looks like names, birth dates or national
    identity numbers, by its header or by its values."""
    found: list[Identifying] = []
    for sheet in sheets:
        columns: list[list[Cell]] = [[] for _column in range(sheet.width)]
        for row in sheet.rows:
            for index, cell in enumerate(row):
                columns[index].append(cell)
        for index, values in enumerate(columns):
            header = next(
                (str(v).strip() for v in values[:20] if isinstance(v, str) and v.strip()), ""
            )
            reason = _identifying_header(header) if header else None
            if reason is None:
                numbers = [n for n, v in enumerate(values) if looks_like_identity_number(v)]
                if numbers:
                    reason = _(
                        "rad %(row)s ser ut som et fødselsnummer "
                        "(11 sifre som begynner med en dato)."
                    ) % {"row": numbers[0] + 1}
                elif _looks_like_names(values):
                    reason = _("verdiene ser ut som navn på personer.")
            if reason is not None:
                found.append(Identifying(sheet.name, column_letter(index), header, reason))
    return found


def repeated(values: list[str]) -> list[int]:
    """For each value, how many times it came before (0 for the first): the same
    content twice in one file is two records."""
    seen: Counter[str] = Counter()
    counts: list[int] = []
    for value in values:
        counts.append(seen[value])
        seen[value] += 1
    return counts
