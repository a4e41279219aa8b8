"""The report's own parts around the tables: introduction, «Hva er en sak?», the
category history and what each scheme is.

*Tallrapportering 2023* opens with these before any table. Here they are
written from what the system holds (the printed key figures, the categories'
earlier names and the years the earlier editions printed them, the schemes'
units at the end of the year), so a new year's report needs no hand-written
text; the analyst edits each part before publishing, like every paragraph.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tallrapport.reports.category_text import category_paragraphs
from tallrapport.reports.models import EditionCell
from tallrapport.reports.report import Report, Section
from tallrapport.reports.text import TEXT_KEYS, generate_texts, join, number, plural
from tallrapport.stats import selectors as stats

REPORT_TEXT_KEYS = ("innledning", "hva_er_en_sak", "kategorihistorikk", "negativ_sosial_kontroll")
REPORT_TEXT_TITLES = {
    "innledning": "Innledning",
    "hva_er_en_sak": "Hva er en sak?",
    "kategorihistorikk": "Sakskategoriene over tid",
    "negativ_sosial_kontroll": "Fakta: negativ sosial kontroll",
}
REPORT_SCOPE = "rapport"
"""The key of the report's own parts among the texts of an edition (beside the schemes')."""


def _introduction(report: Report) -> str:
    titles = [plural(s.advisor_title) for s in report.sections]
    text = _(
        "Denne rapporten beskriver hvordan IMDis %(schemes)s har jobbet mot negativ sosial "
        "kontroll og æresrelatert vold i %(year)s. Den gir et bilde av hvor mange nye saker "
        "ordningene har kommet i befatning med, hva sakene handler om, og hvem de gjelder."
    ) % {"schemes": join(titles), "year": report.year}
    for section in report.sections:
        new = section.key_figures.new_cases
        if new.shown and new.value is not None:
            text += " " + ngettext(
                "IMDis %(title)s ga råd og veiledning i %(n)s ny sak i %(year)s.",
                "IMDis %(title)s ga råd og veiledning i %(n)s nye saker i %(year)s.",
                new.value,
            ) % {
                "title": plural(section.advisor_title),
                "n": number(new.value),
                "year": report.year,
            }
    return text


def _what_is_a_case() -> str:
    return _(
        "En sak er veiledning eller oppfølging av én person som er utsatt for negativ sosial "
        "kontroll eller æresrelatert vold, inkludert tvangsekteskap, kjønnslemlestelse og "
        "ufrivillige utenlandsopphold. Veiledning av en ansatt som jobber med en utsatt person, "
        "registreres også som en sak. En sak telles én gang, i halvåret den kom inn; for "
        "spesialutsendingene er hver person i en familie én sak. Samtaler om andre temaer "
        "telles ikke."
    )


def _negative_social_control() -> str:
    # The action plan's definition, as the 2023 report's fact box quotes it: the
    # category most cases fall under needs its meaning beside the numbers.
    return _(
        "I handlingsplanen «Frihet fra negativ sosial kontroll og æresrelatert vold» "
        "(2021–2024) forstås negativ sosial kontroll som press, oppsyn, trusler eller tvang som "
        "systematisk begrenser noen i sin livsutfoldelse eller gjentatte ganger hindrer dem i å "
        "treffe selvstendige valg om eget liv og fremtid. Dette gjelder for eksempel den "
        "enkeltes selvbestemmelse over egen identitet, kropp og seksualitet, frihet til å velge "
        "venner, fritidsaktiviteter, religion, påkledning, utdannelse, jobb, kjæreste og "
        "ektefelle, og til å be om helsehjelp. I vurderingen av om et handlingsmønster utgjør "
        "negativ sosial kontroll, skal det tas hensyn til den kontrollerte partens alder og "
        "utvikling, samt til prinsippet om barnets beste."
    )


def printed_years(labels: Iterable[str]) -> dict[str, tuple[int, int]]:
    """Earlier category names → the first and last year an edition printed a count under them."""
    years: dict[str, list[int]] = {}
    for label, column in EditionCell.objects.filter(
        table="kategori", label__in=list(labels)
    ).values_list("label", "column"):
        if column.isdigit():
            years.setdefault(label, []).append(int(column))
    return {label: (min(ys), max(ys)) for label, ys in years.items()}


def _history(periods: Mapping[str, tuple[int, int | None]]) -> str:
    names = stats.labels("category")
    aliases = stats.category_aliases()
    years = printed_years(aliases)
    sentences = [
        _(
            "Sakskategoriene har endret navn og innhold over tid, blant annet med nye "
            "handlingsplaner. For at årene skal kunne sammenliknes, står tidsseriene i dagens "
            "kategorier, også for år da sakene ble registrert under et annet navn."
        )
    ]
    by_category: dict[str, list[str]] = {}
    for alias, code in sorted(aliases.items()):
        if alias in years:
            by_category.setdefault(code, []).append(alias)
    renamed = []
    for code, old in sorted(by_category.items(), key=lambda item: years[item[1][0]]):
        first = min(years[a][0] for a in old)
        last = max(years[a][1] for a in old)
        renamed.append(
            _("%(old)s (%(first)s–%(last)s) er i dag «%(new)s»")
            % {
                "old": join([f"«{a}»" for a in old]),
                "first": first,
                "last": last,
                "new": names.get(code, code),
            }
        )
    if renamed:
        sentences.append(_("Tidligere navn: %(names)s.") % {"names": "; ".join(renamed)})
    new = sorted((start, code) for code, (start, end) in periods.items() if end is None)
    first_year = min((start for start, _code in new), default=0)
    introduced = [
        f"«{names.get(code, code)}» ({start})" for start, code in new if start > first_year
    ]
    if introduced:
        sentences.append(
            _("Nye kategorier, med året de ble tatt i bruk: %(names)s.")
            % {"names": join(introduced)}
        )
    retired = [
        _("«%(name)s» ble brukt til og med %(year)s") % {"name": names.get(code, code), "year": end}
        for code, (_start, end) in sorted(periods.items())
        if end is not None
    ]
    if retired:
        sentences.append(join(retired) + ".")
    sentences.append(
        _(
            "I tabellene står «–» for et år da en kategori ikke fantes: det er ikke det samme "
            "som null saker."
        )
    )
    return " ".join(sentences)


def report_texts(report: Report) -> dict[str, str]:
    """The report's own parts, keyed by ``REPORT_TEXT_KEYS``."""
    return {
        "innledning": _introduction(report),
        "hva_er_en_sak": _what_is_a_case(),
        "kategorihistorikk": _history(stats.category_periods()),
        "negativ_sosial_kontroll": _negative_social_control(),
    }


UNIT_KINDS = {
    "ungdomsskole": ("%(n)s ungdomsskole", "%(n)s ungdomsskoler"),
    "videregaende": ("%(n)s videregående skole", "%(n)s videregående skoler"),
    "voksenopplaering": ("%(n)s voksenopplæringssenter", "%(n)s voksenopplæringssentre"),
    "veiledningssenter": ("%(n)s veiledningssenter", "%(n)s veiledningssentre"),
    "utenriksstasjon": ("%(n)s utenriksstasjon", "%(n)s utenriksstasjoner"),
}


def _units(units: stats.SchemeUnits) -> str:
    """«30 videregående skoler, 10 ungdomsskoler og 1 voksenopplæringssenter»."""
    kinds = []
    for kind, n in sorted(units.kinds.items(), key=lambda kv: -kv[1]):
        one, many = UNIT_KINDS.get(kind, (f"%(n)s {kind}", f"%(n)s {kind}"))
        kinds.append(ngettext(one, many, n) % {"n": number(n)})
    return join(kinds)


def scheme_description(report: Report, section: Section) -> str:
    """What the scheme is: its people and units at the end of the year, and its mandate."""
    units = stats.scheme_units(scheme=section.scheme, year=report.year)
    advisors = section.key_figures.advisors
    title = plural(section.advisor_title)
    if units.embassy_cities and len(units.embassy_cities) == units.total:
        text = _(
            "IMDis %(title)s jobber ved utvalgte norske utenriksstasjoner. De gir konsulær "
            "bistand til personer som er utsatt for negativ sosial kontroll og æresrelatert vold, "
            "herunder tvangsekteskap og kjønnslemlestelse, og bidrar til kompetanseheving i "
            "tjenesteapparatet i Norge gjennom råd og veiledning i enkeltsaker og egne "
            "kompetansehevingsuker."
        ) % {"title": title}
        text += " " + ngettext(
            "Ved utgangen av %(year)s var de utstasjonert på ambassaden i %(cities)s.",
            "Ved utgangen av %(year)s var de utstasjonert på ambassadene i %(cities)s.",
            len(units.embassy_cities),
        ) % {"year": report.year, "cities": join(units.embassy_cities)}
        return text
    text = _(
        "IMDis %(title)s følger opp og veileder ungdom som er, eller står i fare for å bli, "
        "utsatt for negativ sosial kontroll, æresrelatert vold, tvangsekteskap, "
        "kjønnslemlestelse eller ufrivillige utenlandsopphold. De skal også drive forebyggende "
        "arbeid og styrke kompetansen til skoleansatte og det offentlige tjenesteapparatet."
    ) % {"title": title}
    if advisors and units.total:
        text += " " + ngettext(
            "Ved utgangen av %(year)s hadde ordningen %(n)s %(title)s ved %(units)s i "
            "%(counties)s fylke.",
            "Ved utgangen av %(year)s hadde ordningen %(n)s %(title)s ved %(units)s i "
            "%(counties)s fylker.",
            units.counties,
        ) % {
            "year": report.year,
            "n": number(advisors),
            "title": title if advisors != 1 else section.advisor_title,
            "units": _units(units),
            "counties": number(units.counties),
        }
    return text


COMPETENCE_WEEK = "kompetansehevingsuke"


def competence_weeks(report: Report, section: Section) -> str:
    """The envoys' competence-building weeks in Norway, from the protected activity table."""
    table = section.tables.get("aktiviteter_type")
    cell = table.cells.get((COMPETENCE_WEEK, str(report.year))) if table is not None else None
    if cell is None or cell.value == 0:
        return ""
    title = plural(section.advisor_title)
    if cell.value is None:
        return _(
            "IMDis %(title)s hadde også kompetansehevingsuker i Norge i %(year)s; antallet er "
            "skjult (*)."
        ) % {"title": title, "year": report.year}
    return ngettext(
        "IMDis %(title)s hadde %(n)s kompetansehevingsuke i Norge i %(year)s, med fagdager for "
        "tjenestene.",
        "IMDis %(title)s hadde %(n)s kompetansehevingsuker i Norge i %(year)s, med fagdager for "
        "tjenestene.",
        cell.value,
    ) % {"title": title, "n": number(cell.value), "year": report.year}


def section_texts(report: Report, section: Section) -> dict[str, str]:
    """Every paragraph of a scheme's part, in ``TEXT_KEYS`` order."""
    texts = {
        **generate_texts(report, section),
        "ordningen": scheme_description(report, section),
        "kategorier": category_paragraphs(report, section),
    }
    weeks = competence_weeks(report, section)
    if weeks:
        texts["aktiviteter"] = " ".join(t for t in (texts.get("aktiviteter", ""), weeks) if t)
    return {key: texts.get(key, "") for key in TEXT_KEYS}
