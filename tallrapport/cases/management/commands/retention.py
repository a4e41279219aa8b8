"""``manage.py retention [--apply]``: list (default) or reduce closed years past retention."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from tallrapport.cases.retention import retention_apply, retention_due, retention_last_year


class Command(BaseCommand):
    help = (
        "Viser hvilke låste år som er eldre enn oppbevaringstiden, og hva som ville bli "
        "fjernet. Med --apply reduseres sakene til det statistikken trenger."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--apply", action="store_true", help="Reduser sakene (uten dette: bare vis)"
        )
        parser.add_argument("--dry-run", action="store_true", help="Bare vis (standard)")
        parser.add_argument(
            "--years",
            type=int,
            default=None,
            help="Oppbevaringstid i hele år (standard: TALLRAPPORT_RETENTION_YEARS)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        years: int = (
            options["years"]
            if options["years"] is not None
            else settings.TALLRAPPORT_RETENTION_YEARS
        )
        today = timezone.localdate()
        last = retention_last_year(today=today, years=years)
        apply = options["apply"] and not options["dry_run"]
        self.stdout.write(
            f"Oppbevaringstid {years} år: låste år til og med {last} reduseres. "
            + ("Utfører." if apply else "Prøvekjøring; ingenting endres.")
        )
        items = retention_due(today=today, years=years)
        if not items:
            self.stdout.write("Ingen låste år er eldre enn oppbevaringstiden.")
        for item in items:
            self.stdout.write(
                f"{item.scheme.code} {item.year}: {item.cases} saker, {item.to_reduce} "
                "reduseres (dato til halvår; enhet, registrert av og sakskompleks fjernes)"
            )
        if apply:
            done = retention_apply(today=today, years=years)
            total = sum(item.to_reduce for item in done)
            self.stdout.write(f"Redusert {total} saker i {len(done)} år.")
