"""The report's sentences, written from the protected tables.

The 2023 report's analysts wrote these by hand ("IMDis mangfoldsrådgivere ga i
2023 råd og veiledning i totalt 899 nye saker ..."). Here they are generated in
bokmål from the same protected cells the tables print, so a sentence can never
state a number a table hides: a clause whose number is hidden is left out, and
a hidden category is named without a count. The analyst edits the result
before publishing.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tallrapport.formatting import thousands
from tallrapport.reports.history import TOTAL_ROW
from tallrapport.reports.report import Report, Section, Table, text_share

TEXT_KEYS = (
    "innledning",
    "ordningen",
    "kategori",
    "kategorier",
    "kjonn_alder",
    "landbakgrunn",
    "halvar",
    "aktiviteter",
)
TEXT_TITLES = {
    "innledning": "Nye saker",
    "ordningen": "Om ordningen",
    "kategori": "Hva handler sakene om?",
    "kategorier": "Sakene kategori for kategori",
    "kjonn_alder": "Kjønn og alder",
    "landbakgrunn": "Landbakgrunn",
    "halvar": "Første og andre halvår",
    "aktiviteter": "Forebygging og kompetanseheving",
}


def number(value: int) -> str:
    """A count as Norwegian text: a no-break space between thousands (formatting.py's)."""
    return thousands(value)


def plural(title: str) -> str:
    """mangfoldsrådgiver → mangfoldsrådgivere, spesialutsending → spesialutsendinger."""
    return title + ("er" if title.endswith("ing") else "e")


def join(items: list[str]) -> str:
    """«a», «b» og «c»."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " " + _("og") + " " + items[-1]


def cases(n: int) -> str:
    """«1 sak», «12 saker», «ingen saker»: a count of cases as words."""
    if n == 0:
        return _("ingen saker")
    return ngettext("%(n)s sak", "%(n)s saker", n) % {"n": number(n)}


def _shown(table: Table | None, row: str, column: str) -> int | None:
    if table is None or (row, column) not in table.cells:
        return None
    return table.cells[(row, column)].value


def _intro(report: Report, section: Section) -> str:
    key = section.key_figures
    year = report.year
    if key.new_cases.value is None:
        return _("Antall nye saker i %(year)s kan ikke oppgis av personvernhensyn.") % {
            "year": year
        }
    new = key.new_cases.value
    if new == 0:
        text = _("IMDis %(title)s registrerte ingen nye saker i %(year)s.") % {
            "title": plural(section.advisor_title),
            "year": year,
        }
    else:
        text = ngettext(
            "IMDis %(title)s ga i %(year)s råd og veiledning i %(n)s ny sak.",
            "IMDis %(title)s ga i %(year)s råd og veiledning i totalt %(n)s nye saker.",
            new,
        ) % {"title": plural(section.advisor_title), "year": year, "n": number(new)}
    if key.change is not None and key.previous_cases.value is not None:
        if key.change > 0:
            text += " " + ngettext(
                "Det er %(n)s sak flere enn i %(prev)s.",
                "Det er %(n)s saker flere enn i %(prev)s.",
                key.change,
            ) % {"n": number(key.change), "prev": year - 1}
        elif key.change < 0:
            text += " " + ngettext(
                "Det er %(n)s sak færre enn i %(prev)s.",
                "Det er %(n)s saker færre enn i %(prev)s.",
                -key.change,
            ) % {"n": number(-key.change), "prev": year - 1}
        else:
            text += " " + _("Det er like mange som i %(prev)s.") % {"prev": year - 1}
    if section.year_closed is False:
        text += " " + _("Året er ikke låst ennå, så tallene kan endres av sene registreringer.")
    if key.advisors == 0:
        text += " " + _("Ved utgangen av året hadde ordningen ingen %(title)s.") % {
            "title": plural(section.advisor_title)
        }
    elif key.advisors is not None:
        text += " " + _("Ved utgangen av året hadde ordningen %(n)s %(title)s.") % {
            "n": number(key.advisors),
            "title": plural(section.advisor_title) if key.advisors != 1 else section.advisor_title,
        }
    return text


def _categories(report: Report, section: Section) -> str:
    table = section.tables.get("kategori")
    year = str(report.year)
    if table is None or not table.shares:
        return ""
    total = _shown(table, TOTAL_ROW, year)
    ranked = [
        (table.shares[row].value or 0, label, _shown(table, row, year))
        for row, label in table.rows
        if row != TOTAL_ROW and table.shares[row].value is not None and _shown(table, row, year)
    ]
    ranked.sort(key=lambda item: -item[0])
    top = [(share, label) for share, label, _n in ranked[:5] if share > 0]
    parts: list[str] = []
    if top and total and ranked[0][2] == total:
        # Every case in one category: a share «etterfulgt av» nothing reads oddly.
        parts.append(
            ngettext(
                "Den ene saken i %(year)s gjaldt «%(label)s».",
                "Alle de %(n)s sakene i %(year)s gjaldt «%(label)s».",
                total,
            )
            % {"year": year, "label": top[0][1], "n": number(total)}
        )
    elif top:
        first_share, first_label = top[0]
        sentence = _(
            "Den største andelen av sakene i %(year)s gjaldt «%(label)s» (%(share)s prosent av "
            "sakene)"
        ) % {"year": year, "label": first_label, "share": first_share}
        rest = [
            _("«%(label)s» (%(share)s prosent)") % {"label": label, "share": share}
            for share, label in top[1:]
        ]
        if rest:
            sentence += ", " + _("etterfulgt av") + " " + join(rest)
        parts.append(sentence + ".")
    hidden = [
        f"«{label}»"
        for row, label in table.rows
        if row != TOTAL_ROW and (row, year) in table.cells and table.cells[(row, year)].hidden
    ]
    if hidden:
        parts.append(
            ngettext(
                "Tallet for %(categories)s er skjult (*) fordi det kan føre til at enkeltpersoner "
                "blir identifisert.",
                "Tallene for %(categories)s er skjult (*) fordi de kan føre til at enkeltpersoner "
                "blir identifisert.",
                len(hidden),
            )
            % {"categories": join(hidden)}
        )
    return " ".join(parts)


def _split(year: str, total: int | None, parts: list[tuple[int, str]]) -> str:
    """«I 2023 gjaldt 30 saker jenter/kvinner og 12 saker gutter/menn.» from shown counts.

    ``parts`` are (count, what) of every level the sentence names; a level
    with no cases is said in words, and one level with every case is «alle».
    """
    whole = [what for n, what in parts if n and n == total]
    if total and whole:
        return ngettext(
            "Den ene saken i %(year)s gjaldt %(what)s.",
            "Alle de %(n)s sakene i %(year)s gjaldt %(what)s.",
            total,
        ) % {"year": year, "n": number(total), "what": whole[0]}
    some = [_("%(cases)s %(what)s") % {"cases": cases(n), "what": what} for n, what in parts if n]
    none = [what for n, what in parts if n == 0]
    sentences = []
    if some:
        sentences.append(_("I %(year)s gjaldt %(parts)s.") % {"year": year, "parts": join(some)})
    if none:
        sentences.append(_("Ingen saker gjaldt %(what)s.") % {"what": join(none)})
    return " ".join(sentences)


def _gender_age(report: Report, section: Section) -> str:
    year = str(report.year)
    gender, age = section.tables.get("kjonn"), section.tables.get("alder")
    parts: list[str] = []
    girls, boys = _shown(gender, "jente", year), _shown(gender, "gutt", year)
    unknown = _shown(gender, "ukjent", year)
    if girls is not None and boys is not None:
        sentence = _split(
            year,
            _shown(gender, TOTAL_ROW, year),
            [(girls, _("jenter/kvinner")), (boys, _("gutter/menn"))],
        )
        if unknown:
            sentence += " " + ngettext(
                "I %(n)s sak var kjønn ukjent.", "I %(n)s saker var kjønn ukjent.", unknown
            ) % {"n": number(unknown)}
        parts.append(sentence)
    under, over = _shown(age, "under_18", year), _shown(age, "18_og_over", year)
    unknown_age = _shown(age, "ukjent", year)
    if under is not None and over is not None:
        sentence = _split(
            year,
            _shown(age, TOTAL_ROW, year),
            [
                (under, _("personer under 18 år")),
                (over, _("personer som var 18 år eller eldre")),
            ],
        )
        if unknown_age:
            sentence += " " + ngettext(
                "I %(n)s sak var alder ukjent.", "I %(n)s saker var alder ukjent.", unknown_age
            ) % {"n": number(unknown_age)}
        parts.append(sentence)
    cross = section.tables.get("kategori_kjonn")
    category = section.tables.get("kategori")
    if cross is not None and category is not None and category.shares:
        ranked = sorted(
            (row for row, _l in category.rows if row != TOTAL_ROW),
            key=lambda row: -(category.shares[row].value or 0),
        )
        if ranked:
            row = ranked[0]
            label = dict(category.rows)[row]
            share = text_share(
                section,
                _("jenter/kvinner (%(label)s)") % {"label": label},
                ("kategori_kjonn", row, "jente"),
                ("kategori_kjonn", row, TOTAL_ROW),
            )
            if share is not None:
                parts.append(
                    _("Innenfor «%(label)s» gjaldt %(share)s prosent av sakene jenter/kvinner.")
                    % {"label": label, "share": share}
                )
    return " ".join(parts)


def _countries(report: Report, section: Section) -> str:
    year = str(report.year)
    table = section.tables.get("landbakgrunn")
    parts = []
    countries = section.key_figures.countries
    if countries:
        parts.append(
            ngettext(
                "I %(year)s gjaldt sakene personer med bakgrunn fra %(n)s land.",
                "I %(year)s gjaldt sakene personer med bakgrunn fra %(n)s ulike land.",
                countries,
            )
            % {"year": year, "n": number(countries)}
            + " "
            + _(
                "Med landbakgrunn menes eget, foreldres eller besteforeldres fødeland, ikke "
                "statsborgerskap."
            )
        )
    if table is not None:
        ranked = sorted(
            (
                (value, label)
                for row, label in table.rows
                if row not in (TOTAL_ROW, "ovrige", "xx", "xs")
                and (value := _shown(table, row, year)) is not None
                and value > 0
            ),
            key=lambda item: -item[0],
        )
        if len(ranked) == 1:
            parts.append(
                _("Flest saker gjaldt personer med bakgrunn fra %(country)s.")
                % {"country": ranked[0][1]}
            )
        elif ranked:
            parts.append(
                _("De fleste sakene gjaldt personer med bakgrunn fra %(countries)s.")
                % {"countries": join([label for _v, label in ranked[:5]])}
            )
    return " ".join(parts)


def _half_years(report: Report, section: Section) -> str:
    table = section.tables.get("halvar")
    year = str(report.year)
    first, second = _shown(table, "1", year), _shown(table, "2", year)
    if first is None or second is None:
        return ""
    return _(
        "I første halvår %(year)s ble det meldt inn %(first)s, og i andre halvår %(second)s."
    ) % {"year": year, "first": cases(first), "second": cases(second)}


def _activities(report: Report, section: Section) -> str:
    key = section.key_figures
    table = section.tables.get("aktiviteter_type")
    if table is None:
        return ""
    year, before = str(report.year), str(report.year - 1)
    title = plural(section.advisor_title)
    parts: list[str] = []
    total = _shown(table, TOTAL_ROW, year)
    if total == 0:
        parts.append(
            _("I %(year)s registrerte IMDis %(title)s ingen aktiviteter.")
            % {"year": year, "title": title}
        )
    elif total is not None:
        parts.append(
            ngettext(
                "I %(year)s registrerte IMDis %(title)s %(n)s forebyggende eller "
                "kompetansehevende aktivitet.",
                "I %(year)s registrerte IMDis %(title)s %(n)s forebyggende og "
                "kompetansehevende aktiviteter.",
                total,
            )
            % {"year": year, "title": title, "n": number(total)}
        )
    now = key.competence.value if key.competence else None
    then = key.competence_before.value if key.competence_before else None
    if now is None or total == 0:
        return " ".join(parts)
    if total is None:
        # The whole is hidden: the part stands alone, never «av disse».
        sentence = _(
            "I %(year)s hadde IMDis %(title)s %(n)s kompetansehevingsoppdrag for ansatte og "
            "tjenester"
        ) % {"year": year, "title": title, "n": number(now)}
    elif now == total:
        sentence = ngettext(
            "Den var et kompetansehevingsoppdrag for ansatte og tjenester",
            "Alle var kompetansehevingsoppdrag for ansatte og tjenester",
            total,
        )
    elif now == 0:
        sentence = _("Ingen av dem var kompetansehevingsoppdrag for ansatte og tjenester")
    else:
        sentence = _("Av disse var %(n)s kompetansehevingsoppdrag for ansatte og tjenester") % {
            "n": number(now)
        }
    if then:
        sentence += ", " + _("mot %(then)s i %(before)s") % {
            "then": number(then),
            "before": before,
        }
        if now >= 2 * then:
            sentence += " (" + _("mer enn en dobling") + ")"
    parts.append(sentence + ".")
    return " ".join(parts)


def generate_texts(report: Report, section: Section) -> dict[str, str]:
    """One paragraph per topic, keyed by ``TEXT_KEYS``."""
    return {
        "innledning": _intro(report, section),
        "kategori": _categories(report, section),
        "kjonn_alder": _gender_age(report, section),
        "landbakgrunn": _countries(report, section),
        "halvar": _half_years(report, section),
        "aktiviteter": _activities(report, section),
    }
