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

from tallrapport.reports.history import TOTAL_ROW
from tallrapport.reports.report import Report, Section, Table

TEXT_KEYS = ("innledning", "kategori", "kjonn_alder", "landbakgrunn", "halvar", "aktiviteter")
TEXT_TITLES = {
    "innledning": "Nye saker",
    "kategori": "Hva handler sakene om?",
    "kjonn_alder": "Kjønn og alder",
    "landbakgrunn": "Landbakgrunn",
    "halvar": "Første og andre halvår",
    "aktiviteter": "Forebygging og kompetanseheving",
}


def number(value: int) -> str:
    """A count as Norwegian text: a no-break space between thousands."""
    return f"{value:,}".replace(",", "\u00a0")


def plural(title: str) -> str:
    """mangfoldsrådgiver → mangfoldsrådgivere, spesialutsending → spesialutsendinger."""
    return title + ("er" if title.endswith("ing") else "e")


def join(items: list[str]) -> str:
    """«a», «b» og «c»."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " " + _("og") + " " + items[-1]


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
    text = _("IMDis %(title)s ga i %(year)s råd og veiledning i totalt %(n)s nye saker.") % {
        "title": plural(section.advisor_title),
        "year": year,
        "n": number(key.new_cases.value),
    }
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
    if key.advisors is not None:
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
    ranked = [
        (table.shares[row].value or 0, label)
        for row, label in table.rows
        if row != TOTAL_ROW and table.shares[row].value is not None and _shown(table, row, year)
    ]
    ranked.sort(key=lambda item: -item[0])
    top = [(share, label) for share, label in ranked[:5] if share > 0]
    parts: list[str] = []
    if top:
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
        if row != TOTAL_ROW and (row, year) in table.cells and not table.cells[(row, year)].shown
    ]
    if hidden:
        parts.append(
            _(
                "Tallene for %(categories)s er skjult (*) fordi de kan føre til at enkeltpersoner "
                "blir identifisert."
            )
            % {"categories": join(hidden)}
        )
    return " ".join(parts)


def _gender_age(report: Report, section: Section) -> str:
    year = str(report.year)
    gender, age = section.tables.get("kjonn"), section.tables.get("alder")
    parts: list[str] = []
    girls, boys = _shown(gender, "jente", year), _shown(gender, "gutt", year)
    unknown = _shown(gender, "ukjent", year)
    if girls is not None and boys is not None:
        sentence = _(
            "I %(year)s gjaldt %(girls)s saker jenter/kvinner og %(boys)s saker gutter/menn"
        ) % {"year": year, "girls": number(girls), "boys": number(boys)}
        if unknown:
            sentence += "; " + _("i %(n)s saker var kjønn ukjent") % {"n": number(unknown)}
        parts.append(sentence + ".")
    under, over = _shown(age, "under_18", year), _shown(age, "18_og_over", year)
    unknown_age = _shown(age, "ukjent", year)
    if under is not None and over is not None:
        sentence = _(
            "%(under)s saker gjaldt personer under 18 år og %(over)s personer som var 18 år "
            "eller eldre"
        ) % {"under": number(under), "over": number(over)}
        if unknown_age:
            sentence += "; " + _("i %(n)s saker var alder ukjent") % {"n": number(unknown_age)}
        parts.append(sentence + ".")
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
            girls_in, total_in = _shown(cross, row, "jente"), _shown(cross, row, TOTAL_ROW)
            if girls_in is not None and total_in:
                parts.append(
                    _("Innenfor «%(label)s» gjaldt %(share)s prosent av sakene jenter/kvinner.")
                    % {"label": label, "share": round(100 * girls_in / total_in)}
                )
    return " ".join(parts)


def _countries(report: Report, section: Section) -> str:
    year = str(report.year)
    table = section.tables.get("landbakgrunn")
    parts = []
    if section.key_figures.countries is not None:
        parts.append(
            _(
                "I %(year)s gjaldt sakene personer med bakgrunn fra %(n)s ulike land. Med "
                "landbakgrunn menes eget, foreldres eller besteforeldres fødeland, ikke "
                "statsborgerskap."
            )
            % {"year": year, "n": number(section.key_figures.countries)}
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
        if ranked:
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
        "I første halvår %(year)s ble det meldt inn %(first)s saker, og i andre halvår %(second)s."
    ) % {"year": year, "first": number(first), "second": number(second)}


def _activities(report: Report, section: Section) -> str:
    key = section.key_figures
    table = section.tables.get("aktiviteter_type")
    if table is None:
        return ""
    year, before = str(report.year), str(report.year - 1)
    parts: list[str] = []
    total = _shown(table, TOTAL_ROW, year)
    if total is not None:
        parts.append(
            _(
                "I %(year)s registrerte IMDis %(title)s %(n)s forebyggende og "
                "kompetansehevende aktiviteter."
            )
            % {"year": year, "title": plural(section.advisor_title), "n": number(total)}
        )
    now = key.competence.value if key.competence else None
    then = key.competence_before.value if key.competence_before else None
    if now is not None:
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
