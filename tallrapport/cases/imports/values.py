"""Reading the values the old sheets really hold.

- Dates as date cells, as text (``15.03.2023``, ``15.3.23``, ``2023-03-15``,
  ``15/3/2023``, ``150323``), as Excel's serial numbers (``44995``), or only a
  half-year (``1. halvår 2023``, ``H2 2023``, ``vår 2023``, or the year and
  half-year in two columns): such a case is dated the first day of its
  half-year, as retention dates a reduced case.
- Categories by today's name, an old name from the category history
  (*Ekstrem kontroll*, *Etterlatt i utlandet*) or the 2016 abbreviations
  (TVE, KLL, NSK); countries and referral sources by name, ISO code or another
  name (the aliases). A value a few letters off one name is read as that name,
  with a note; one less sure is refused with a suggestion (difflib), which the
  user can accept as a correction for the whole file.
"""

from __future__ import annotations

import datetime
import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Generic, TypeVar

from django.db import models
from django.utils.translation import gettext as _

from tallrapport.cases.imports.columns import fold
from tallrapport.cases.imports.reading import Cell, is_blank
from tallrapport.cases.models import (
    AgeGroup,
    Category,
    CategoryAlias,
    Country,
    CountryAlias,
    Gender,
    GuidedPerson,
    ReferralSource,
    ReferralSourceAlias,
)


class Unreadable(ValueError):
    """A value that cannot be read; the message says why, in Norwegian. ``suggestions``
    are the names the user probably meant (by their code)."""

    def __init__(self, message: str, suggestions: Iterable[tuple[str, str]] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.suggestions = list(suggestions)


def text_of(cell: Cell) -> str:
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return "" if cell is None else " ".join(str(cell).split())


# --- dates ------------------------------------------------------------------------------

EXCEL_EPOCH = datetime.date(1899, 12, 30)
# Excel serial numbers of 1 January 2000 and 31 December 2100.
FIRST_SERIAL, LAST_SERIAL = 36526, 73415

_TEXT_DATE = re.compile(r"^(\d{1,2})[./\-](\d{1,2})[./\-](\d{2}|\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")
_PACKED_DATE = re.compile(r"^(\d{2})(\d{2})(\d{2}|\d{4})$")
_HALF = re.compile(
    r"^(?:(?P<n1>[12])\.?\s*(?:halvår|halvaar|halvar|h)|h(?P<n2>[12])|(?P<season>vår|var|høst|host))"
    r"\s*(?P<year>\d{4})?$"
    r"|^(?P<year2>\d{4})\s*[-/]?\s*(?:h(?P<n3>[12])|(?P<n4>[12])\.?\s*(?:halvår|halvaar|halvar)"
    r"|(?P<season2>vår|var|høst|host))$"
)


@dataclass(frozen=True)
class Day:
    """A date read from the sheet; ``half_only`` if the sheet gave only the half-year."""

    day: datetime.date
    half_only: bool = False


def _year(text: str) -> int:
    year = int(text)
    return year + 2000 if year < 100 else year


def _date(year: int, month: int, day: int, written: str) -> datetime.date:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise Unreadable(_("«%(text)s» er ikke en gyldig dato.") % {"text": written}) from None


def half_year_start(year: int, half: int) -> datetime.date:
    return datetime.date(year, 1 if half == 1 else 7, 1)


def parse_half(text: str, year: int | None = None) -> tuple[int | None, int] | None:
    """(year, half) from «1. halvår 2023», «H2», «vår 2023», «2023 H1», «1», or None."""
    plain = text.strip().casefold()
    if plain in ("1", "2"):
        return year, int(plain)
    match = _HALF.match(plain)
    if not match:
        return None
    groups = match.groupdict()
    number = groups["n1"] or groups["n2"] or groups["n3"] or groups["n4"]
    season = groups["season"] or groups["season2"]
    half = int(number) if number else (1 if season in ("vår", "var") else 2)
    written_year = groups["year"] or groups["year2"]
    return (int(written_year) if written_year else year), half


def parse_day(cell: Cell) -> Day:
    """A date in any of the forms the sheets use (see the module's docstring)."""
    if isinstance(cell, datetime.datetime):
        return Day(cell.date())
    if isinstance(cell, datetime.date):
        return Day(cell)
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        if FIRST_SERIAL <= cell <= LAST_SERIAL:
            return Day(EXCEL_EPOCH + datetime.timedelta(days=int(cell)))
        cell = text_of(cell)
    text = text_of(cell)
    if match := _TEXT_DATE.match(text):
        day, month, year = match.groups()
        return Day(_date(_year(year), int(month), int(day), text))
    if match := _ISO_DATE.match(text):
        year, month, day = match.groups()
        return Day(_date(int(year), int(month), int(day), text))
    if match := _PACKED_DATE.match(text):
        day, month, year = match.groups()
        return Day(_date(_year(year), int(month), int(day), text))
    if text.isdigit() and FIRST_SERIAL <= int(text) <= LAST_SERIAL:
        return Day(EXCEL_EPOCH + datetime.timedelta(days=int(text)))
    if (half := parse_half(text)) is not None and half[0] is not None:
        return Day(half_year_start(half[0], half[1]), half_only=True)
    raise Unreadable(
        _(
            "«%(text)s» er ikke en dato. Skriv den som dd.mm.åååå, "
            "eller halvåret som «1. halvår 2023»."
        )
        % {"text": text}
    )


def parse_year(cell: Cell) -> int:
    text = text_of(cell)
    if re.fullmatch(r"\d{4}", text) and 2000 <= int(text) <= 2100:
        return int(text)
    raise Unreadable(_("«%(text)s» er ikke et årstall.") % {"text": text})


# --- coded values with a few spellings ----------------------------------------------------

GENDERS: dict[str, tuple[str, ...]] = {
    Gender.FEMALE: (
        "jente",
        "kvinne",
        "j",
        "k",
        "f",
        "jenter",
        "female",
        "kvinnelig",
        "jente kvinne",
    ),
    Gender.MALE: ("gutt", "mann", "g", "m", "gutter", "male", "mannlig", "gutt mann"),
    Gender.UNKNOWN: ("ukjent", "u", "vet ikke", "ikke oppgitt"),
}
AGE_GROUPS: dict[str, tuple[str, ...]] = {
    AgeGroup.UNDER_18: ("under 18", "u18", "under 18 år", "barn", "ja"),
    AgeGroup.ADULT: (
        "18 og over",
        "over 18",
        "voksen",
        "18 år og over",
        "o18",
        "nei",
        "over 18 år",
    ),
    AgeGroup.UNKNOWN: ("ukjent", "vet ikke", "ikke oppgitt"),
}
GUIDED: dict[str, tuple[str, ...]] = {
    GuidedPerson.EXPOSED: ("utsatt", "den utsatte", "den utsatte selv", "utsatte", "elev", "selv"),
    GuidedPerson.EMPLOYEE: ("ansatt", "en ansatt", "ansatte", "kollega", "fagperson"),
}


def labels_of(choices: type[models.TextChoices]) -> dict[str, str]:
    return {str(choice.value): str(choice.label) for choice in choices}


def choice_table(options: dict[str, tuple[str, ...]], labels: dict[str, str]) -> dict[str, str]:
    """Folded spelling → code, from the spellings above and each code's label."""
    table = {fold(label): code for code, label in labels.items()}
    table.update({fold(code): code for code in options})
    for code, spellings in options.items():
        table.update({fold(s): code for s in spellings})
    return table


def parse_choice(cell: Cell, table: dict[str, str], what: str, choices: Iterable[str]) -> str:
    text = text_of(cell)
    if (code := table.get(fold(text))) is not None:
        return code
    raise Unreadable(
        _("«%(text)s» er ikke et gyldig svar for %(what)s. Bruk %(choices)s.")
        % {"text": text, "what": what, "choices": ", ".join(f"«{c}»" for c in choices)}
    )


def parse_age_group(cell: Cell, table: dict[str, str]) -> str:
    """An age group, or an age in years read as its group (the age is not kept)."""
    text = text_of(cell)
    if text.isdigit() and 0 < int(text) < 120:
        return AgeGroup.UNDER_18 if int(text) < 18 else AgeGroup.ADULT
    if text.replace(" ", "") in ("<18", "-18"):
        return AgeGroup.UNDER_18
    if text.replace(" ", "") in (">18", "18+", ">=18", "≥18"):
        return AgeGroup.ADULT
    return parse_choice(cell, table, _("alder"), labels_of(AgeGroup).values())


# The 2016 abbreviations, written out before a category is looked up.
ABBREVIATIONS = {
    "tve": "tvangsekteskap",
    "kll": "kjønnslemlestelse",
    "nsk": "negativ sosial kontroll",
    "uuo": "ufrivillig opphold i utlandet",
}
_WORD = re.compile(r"[^\W\d_]+")

# How alike a value must be to a name to be read as it without asking, and to be
# suggested at all (difflib's ratio of the folded texts).
SURE, SUGGEST, MARGIN = 0.9, 0.6, 0.15


@dataclass(frozen=True)
class Level:
    """A level of a fixed list (an activity type, a target group): a code and its label."""

    code: str
    name: str


C = TypeVar("C")


@dataclass
class Names(Generic[C]):
    """A classification's levels by every folded name they go by."""

    what: str
    by_name: dict[str, C] = field(default_factory=dict)
    by_code: dict[str, C] = field(default_factory=dict)
    label: dict[str, str] = field(default_factory=dict)
    code_of: dict[int, str] = field(default_factory=dict)
    # What near spellings were read as (or why not), once per spelling and file.
    near: dict[str, tuple[C, str | None] | Unreadable] = field(default_factory=dict)

    def add(self, spelling: str, level: C, *, code: str, label: str) -> None:
        self.by_name.setdefault(fold(spelling), level)
        self.by_code[code] = level
        self.label[code] = label
        self.code_of[id(level)] = code

    def exact(self, text: str, corrections: dict[str, str]) -> C | None:
        """The level ``text`` (or the user's correction of it) names exactly, if any."""
        folded = fold(text)
        if (code := corrections.get(folded)) is not None and code in self.by_code:
            return self.by_code[code]
        return self.by_name.get(folded)

    def find(self, text: str, corrections: dict[str, str]) -> tuple[C, str | None]:
        """The level ``text`` names and, if read from a near spelling, a note saying so."""
        if (level := self.exact(text, corrections)) is not None:
            return level, None
        folded = fold(text)
        if folded not in self.near:
            try:
                self.near[folded] = self._near(folded, text)
            except Unreadable as refusal:
                self.near[folded] = refusal
        found = self.near[folded]
        if isinstance(found, Unreadable):
            raise found
        return found

    def _near(self, folded: str, text: str) -> tuple[C, str | None]:
        close = difflib.get_close_matches(folded, self.by_name, n=6, cutoff=SUGGEST)
        ratios: dict[str, float] = {}
        for name in close:
            code = self.code_of[id(self.by_name[name])]
            ratio = difflib.SequenceMatcher(None, folded, name).ratio()
            ratios[code] = max(ratio, ratios.get(code, 0.0))
        ranked = sorted(ratios, key=lambda code: -ratios[code])
        # Suggested: the nearest, and those about as near; sure: one very near, alone.
        codes = [c for c in ranked if ratios[c] > ratios[ranked[0]] - MARGIN][:3]
        if len(codes) == 1 and ratios[codes[0]] >= SURE:
            note = _("«%(text)s» er lest som «%(name)s».") % {
                "text": text,
                "name": self.label[codes[0]],
            }
            return self.by_code[codes[0]], note
        message = _("Fant ikke %(what)s «%(text)s».") % {"what": self.what, "text": text}
        if codes:
            message += " " + _("Mente du %(names)s?") % {
                "names": _(" eller ").join(f"«{self.label[code]}»" for code in codes)
            }
        raise Unreadable(message, [(code, self.label[code]) for code in codes])


def expand_abbreviations(text: str) -> str:
    return _WORD.sub(lambda m: ABBREVIATIONS.get(m.group(0).casefold(), m.group(0)), text)


@dataclass
class Lookups:
    """Every classification the import reads, loaded once per file."""

    categories: Names[Category]
    countries: Names[Country]
    sources: Names[ReferralSource]
    genders: dict[str, str]
    ages: dict[str, str]
    guided: dict[str, str]

    @classmethod
    def load(cls) -> Lookups:
        categories: Names[Category] = Names(_("kategorien"))
        for category in Category.objects.select_related("scheme"):
            for spelling in (category.name, category.code):
                categories.add(spelling, category, code=category.code, label=category.name)
        for alias in CategoryAlias.objects.select_related("category"):
            level = alias.category
            categories.add(alias.name, level, code=level.code, label=level.name)
        countries: Names[Country] = Names(_("landet"))
        for country in Country.objects.all():
            for spelling in (country.name, country.code):
                countries.add(spelling, country, code=country.code, label=country.name)
        for country_alias in CountryAlias.objects.select_related("country"):
            land = country_alias.country
            countries.add(country_alias.name, land, code=land.code, label=land.name)
        sources: Names[ReferralSource] = Names(_("«meldt av»"))
        for source in ReferralSource.objects.all():
            sources.add(source.name, source, code=source.code, label=source.name)
        for source_alias in ReferralSourceAlias.objects.select_related("source"):
            kind = source_alias.source
            sources.add(source_alias.name, kind, code=kind.code, label=kind.name)
        return cls(
            categories=categories,
            countries=countries,
            sources=sources,
            genders=choice_table(GENDERS, labels_of(Gender)),
            ages=choice_table(AGE_GROUPS, labels_of(AgeGroup)),
            guided=choice_table(GUIDED, labels_of(GuidedPerson)),
        )

    def category(self, text: str, corrections: dict[str, str]) -> tuple[Category, str | None]:
        """A category by today's name, an old one, or with the abbreviations written out."""
        if (level := self.categories.exact(text, corrections)) is not None:
            return level, None
        expanded = expand_abbreviations(text)
        if expanded != text and (level := self.categories.exact(expanded, {})) is not None:
            return level, None
        return self.categories.find(text, corrections)


def split_list(cell: Cell) -> list[str]:
    """The values of a cell that lists several («Elever, foreldre»; one per line)."""
    parts = re.split(
        r"[;,\n]+|\s+og\s+|\s*\+\s*", text_of(cell) if not isinstance(cell, str) else cell
    )
    return [" ".join(p.split()) for p in parts if p.strip()]


def parse_decimal(cell: Cell, what: str) -> Decimal:
    """A number with a decimal comma or point, and spaces between thousands («1 200,5»)."""
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        return Decimal(str(cell))
    text = re.sub(r"\s*(timer|time|t)\.?$", "", text_of(cell).casefold())
    text = text.replace("\u00a0", " ").replace(" ", "").replace(",", ".")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise Unreadable(
            _("«%(text)s» er ikke et tall for %(what)s.") % {"text": text_of(cell), "what": what}
        ) from None
    if not value.is_finite():
        raise Unreadable(
            _("«%(text)s» er ikke et tall for %(what)s.") % {"text": text_of(cell), "what": what}
        )
    return value


def parse_count(cell: Cell, what: str) -> int:
    value = parse_decimal(cell, what)
    if value != value.to_integral_value():
        raise Unreadable(
            _("«%(text)s» er ikke et helt tall for %(what)s.")
            % {"text": text_of(cell), "what": what}
        )
    return int(value)


def blank(cell: Cell) -> bool:
    return is_blank(cell) or text_of(cell) in ("-", "–", "—")
