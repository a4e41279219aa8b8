"""«Om tallene»: how the numbers are protected, the audit's verdict, and what was revised.

Every format prints this part from the same view data; it reads the report's
protection and audits, never the register.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from tallrapport.disclosure import AuditResult, Status
from tallrapport.reports.models import Edition, EditionSource
from tallrapport.reports.report import Report
from tallrapport.reports.stated import STATED_FROM
from tallrapport.reports.text import number as _number


@dataclass(frozen=True)
class RevisionView:
    table: str
    row: str
    column: str
    value: str
    previous: str
    editions: str


@dataclass(frozen=True)
class RevisionGroup:
    scheme: str
    revisions: list[RevisionView]


@dataclass
class AboutView:
    protection: list[str]
    audit: str
    safe: bool | None
    hidden_count: int
    editions: list[str]
    revisions: list[RevisionGroup]
    public: list[str]


def _audits(report: Report) -> list[AuditResult]:
    """The audits of the cases' problem and of the activities' problems."""
    audits = [report.audit] if report.audit is not None else []
    if report.activities is not None:
        audits += list(report.activities.audits)
    return audits


def _disclosed(report: Report) -> int:
    """Hidden numbers the audits can compute exactly, cases and activities together."""
    return sum(len(a.disclosed) for a in _audits(report))


def about_view(report: Report) -> AboutView:
    """What «Om tallene» says: how the numbers were protected and what the audit found."""
    if report.edition is not None:
        return _edition_about(report, report.edition)
    protection = _method()
    if report.protection is not None:
        protection.append(
            _(
                "Beskyttelsen av sakstallene skjulte %(primary)s små tall og %(secondary)s tall i "
                "tillegg. Fordi samme tall kan stå i flere tabeller, er %(cells)s tabellceller "
                "merket * i alt."
            )
            % {
                "primary": _number(report.protection.count(Status.PRIMARY)),
                "secondary": _number(report.protection.count(Status.SECONDARY)),
                "cells": _number(report.hidden_count),
            }
        )
    if report.protection is not None and report.protection.floor == 0:
        protection.append(
            _(
                "Noen steder er også en null skjult, fordi den sammen med tall som alt er "
                "offentlige ville gitt bort et lite tall. En * kan derfor også være 0."
            )
        )
    if report.activities is not None:
        protection.append(
            _(
                "Aktivitetstallene er beskyttet etter den samme regelen, for seg (de teller "
                "aktiviteter, ikke saker): %(n)s tall er skjult der."
            )
            % {"n": _number(report.activities.hidden_count)}
        )
    if report.audit is None:
        audit_text = _(
            "Ingen tall kommer fra registeret, så det er ingen beskyttelse å kontrollere."
        )
        safe: bool | None = None
    elif report.safe:
        audit_text = _(
            "Kontroll: For hvert av de %(n)s skjulte tallene er det regnet ut hvor lite og hvor "
            "stort det kan være ut fra alt som er trykt her og i tidligere utgaver, og ut fra at "
            "et skjult tall er minst 1. Ingen skjulte tall kan regnes ut nøyaktig, utenom dem "
            "tidligere utgaver alt har gitt bort. Hver andel i tabeller, figurer og tekst er "
            "regnet av to tall som vises. Når teksten om en kategori nevner de største "
            "landbakgrunnene, har hver av dem minst %(stated)s saker i kategorien; også det er "
            "med i kontrollen."
        ) % {
            "n": _number(sum(len(a.intervals) for a in _audits(report))),
            "stated": STATED_FROM,
        }
        safe = True
    elif report.bad_shares and not _disclosed(report):
        audit_text = _(
            "Kontrollen fant %(n)s andeler som er regnet av et tall som ikke vises. Rapporten "
            "må ikke publiseres før dette er rettet."
        ) % {"n": _number(len(report.bad_shares))}
        safe = False
    else:
        audit_text = _(
            "Kontrollen fant %(n)s skjulte tall som kan regnes ut nøyaktig. Rapporten må ikke "
            "publiseres før dette er rettet."
        ) % {"n": _number(_disclosed(report))}
        safe = False
    names = {s.scheme: s.name for s in report.sections}
    titles = {
        (s.scheme, key): t.definition.title for s in report.sections for key, t in s.tables.items()
    }
    grouped: dict[str, list[RevisionView]] = {}
    for r in report.revisions:
        grouped.setdefault(r.scheme, []).append(
            RevisionView(
                table=titles.get((r.scheme, r.table), r.table),
                row=r.row,
                column=r.column,
                value=_number(r.value),
                previous="; ".join(_number(old) for _title, old in r.previous),
                editions="; ".join(title for title, _old in r.previous),
            )
        )
    revisions = [RevisionGroup(names.get(s, s), rows) for s, rows in grouped.items()]
    return AboutView(
        protection=protection,
        audit=audit_text,
        safe=safe,
        hidden_count=report.hidden_count,
        editions=[e.title for e in report.reference_editions],
        revisions=revisions,
        public=[str(p) for p in report.public],
    )


def _method() -> list[str]:
    """The protection rules every report of Tallrapport follows."""
    return [
        _(
            "Sakstallene er nye saker som rådgiverne har registrert i Tallrapport. Tall fra 1 "
            "til 5 oppgis ikke (primær prikking). Nuller vises. For at et skjult tall ikke skal "
            "kunne regnes ut fra totaler, fra andre tabeller eller fra den andre ordningens "
            "tabeller, er flere tall skjult i tillegg (sekundær prikking)."
        ),
        _(
            "Alle tabellene for begge ordningene er beskyttet samlet, som ett problem, sammen "
            "med alt tidligere utgaver har trykt: hvert tall, hver total, «Øvrige land» med de "
            "landene som var med i den utgaven, og hvert skjulte tall som minst 1 der utgaven "
            "viste nuller. Denne rapporten kan derfor ikke holdes opp mot en tidligere utgave "
            "for å finne et skjult tall."
        ),
        _(
            "Et tall som er endret siden en utgave trykte det (revidert), er ikke lenger sant "
            "om registeret. Endringen er selv et antall saker (registrert eller rettet senere), "
            "og den kan leses der både det gamle og det nye tallet er trykt. Når alle de andre "
            "radene i samme kolonne og totalen står i denne rapporten, regner vi derfor med at "
            "leseren kjenner dagens verdi; ellers brukes ikke det gamle tallet. Et revidert tall "
            "gjør aldri et skjult tall offentlig."
        ),
        _(
            "Små tall som tidligere utgaver allerede gir bort (trykt eller mulig å regne ut fra "
            "dem), er offentlige: de kan ikke skjules igjen, og de stopper ikke publiseringen. "
            "Denne rapporten gjentar dem ikke i tabellene, men lister dem nedenfor med utgaven "
            "og tallene som gir dem."
        ),
        _(
            "«Ukjent» kjønn eller alder sier bare at noe ikke er registrert; et lite tall der "
            "peker ikke ut noen, og vises derfor. Tallene er likevel med i alle likningene i "
            "beskyttelsen og kontrollen."
        )
        if not settings.REPORT_UNKNOWN_IS_SENSITIVE
        else _("Også små tall for «ukjent» kjønn eller alder er skjult."),
    ]


def _edition_about(report: Report, edition: Edition) -> AboutView:
    """An edition as it was frozen: the rules it was made by, and no audit to rerun."""
    if edition.source == EditionSource.HISTORICAL:
        protection = [
            _(
                "Utgaven er skrevet av fra den trykte rapporten. Bare tabellene over kategori og "
                "landbakgrunn er tatt med, og tall som var skjult der, er skjult her (*)."
            )
        ]
        audit = _("Utgaven ble ikke laget i Tallrapport, så det finnes ingen revisjon å vise.")
        safe: bool | None = None
    else:
        protection = [
            *_method(),
            _(
                "Tallene står slik de ble frosset da utgaven ble publisert; saker som er "
                "registrert eller rettet senere, endrer dem ikke."
            ),
        ]
        # Publishing refuses a report that fails the audit, so every edition passed it.
        audit = _(
            "Revisjonen var bestått da utgaven ble publisert: ingen skjulte tall kunne regnes ut "
            "nøyaktig fra det som ble trykt."
        )
        safe = True
    return AboutView(
        protection=protection,
        audit=audit,
        safe=safe,
        hidden_count=report.hidden_count,
        editions=[e.title for e in report.reference_editions],
        revisions=[],
        public=[],
    )
