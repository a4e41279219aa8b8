"""``python manage.py report --year 2023 --format csv --output DIR``."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tallrapport.audit.models import Action
from tallrapport.audit.services import audit_record
from tallrapport.reports.build import build_report
from tallrapport.reports.exports import FORMATS, export_report


class Command(BaseCommand):
    help = (
        "Lag tallrapporten for ett år (begge ordninger, beskyttet) som CSV, XLSX, PDF eller HTML."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, required=True, help="rapportåret, f.eks. 2023")
        parser.add_argument("--format", choices=sorted(FORMATS), default="csv")
        parser.add_argument("--output", type=Path, default=Path("."), help="mappe å skrive til")

    def handle(self, *args: Any, **options: Any) -> None:
        year: int = options["year"]
        if not 2000 <= year <= 2100:
            raise CommandError(f"Ugyldig år: {year}")
        output: Path = options["output"]
        output.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        report = build_report(year=year)
        if not any(section.tables for section in report.sections):
            raise CommandError(f"Det finnes ingen tall for {year}.")
        path = export_report(report, options["format"], output)
        audit_record(
            actor=None,
            action=Action.EXPORT,
            target_type="rapport",
            target_id=f"tallrapport:{year}:{options['format']}",
            reason=f"manage.py report → {path}",
        )
        elapsed = time.perf_counter() - started
        safe = report.safe
        self.stdout.write(f"{path} ({elapsed:.1f} s)")
        self.stdout.write(
            f"skjulte celler: {report.hidden_count}; revidert: {len(report.revisions)}; "
            f"revisjon: {'ingen skjult tall kan regnes ut' if safe else 'FEIL'}"
        )
        for public in report.public:
            self.stdout.write(f"allerede offentlig: {public}")
        for line in report.unprotectable:
            self.stdout.write(f"kan ikke beskyttes: {line}")
        if not safe:
            raise CommandError("Revisjonen fant skjulte tall som kan regnes ut.")
