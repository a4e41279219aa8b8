"""``python manage.py report --year 2023 --format csv --output DIR [--allow-unsafe]``."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tallrapport.audit.models import Action
from tallrapport.audit.services import audit_record
from tallrapport.reports.build import build_report
from tallrapport.reports.exports import FORMATS, export_report
from tallrapport.reports.report import Report, draft_mark

UNSAFE_FLAG = "--allow-unsafe"


class Command(BaseCommand):
    help = (
        "Lag tallrapporten for ett år (begge ordninger, beskyttet) som CSV, XLSX, PDF, HTML eller "
        "DOCX. "
        "Finner revisjonen skjulte tall som kan regnes ut, skrives ingen fil og kommandoen "
        f"feiler, med mindre {UNSAFE_FLAG} er gitt; da skrives filen, merket som utkast."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, required=True, help="rapportåret, f.eks. 2023")
        parser.add_argument("--format", choices=sorted(FORMATS), default="csv")
        parser.add_argument("--output", type=Path, default=Path("."), help="mappe å skrive til")
        parser.add_argument(
            UNSAFE_FLAG,
            action="store_true",
            dest="allow_unsafe",
            help=(
                "skriv filen selv om revisjonen feiler; filen merkes «UTKAST» og må ikke publiseres"
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        year: int = options["year"]
        if not 2000 <= year <= 2100:
            raise CommandError(f"Ugyldig år: {year}")
        started = time.perf_counter()
        report = build_report(year=year)
        if not any(section.tables for section in report.sections):
            raise CommandError(f"Det finnes ingen tall for {year}.")
        if not report.safe and not options["allow_unsafe"]:
            # Nothing is written: a file on disk travels, whatever the exit status said.
            self._summary(report)
            raise CommandError(
                "Revisjonen fant skjulte tall som kan regnes ut. Ingen fil er skrevet; "
                f"bruk {UNSAFE_FLAG} for å skrive et utkast som er merket slik."
            )
        output: Path = options["output"]
        output.mkdir(parents=True, exist_ok=True)
        path = export_report(report, options["format"], output)
        audit_record(
            actor=None,
            action=Action.EXPORT,
            target_type="rapport",
            target_id=f"tallrapport:{year}:{options['format']}",
            reason=f"manage.py report → {path}" + ("" if report.safe else " (utkast)"),
        )
        elapsed = time.perf_counter() - started
        self.stdout.write(f"{path} ({elapsed:.1f} s)")
        self._summary(report)
        if not report.safe:
            self.stderr.write(f"{path}: {draft_mark(report)}")

    def _summary(self, report: Report) -> None:
        self.stdout.write(
            f"skjulte celler: {report.hidden_count}; revidert: {len(report.revisions)}; "
            f"revisjon: {'ingen skjult tall kan regnes ut' if report.safe else 'FEIL'}"
        )
        for public in report.public:
            self.stdout.write(f"allerede offentlig: {public}")
        for line in report.unprotectable:
            self.stdout.write(f"kan ikke beskyttes: {line}")
