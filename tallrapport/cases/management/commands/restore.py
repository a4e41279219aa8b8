"""``manage.py restore FILE``: put a backup back, replacing what the database holds."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tallrapport.cases.backup import BackupError, restore_database


class Command(BaseCommand):
    help = (
        "Legger en sikkerhetskopi tilbake. Alt som står i måldatabasen nå, erstattes. "
        "Bruk --database-url for å prøve kopien i en egen database først."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="Sikkerhetskopien")
        parser.add_argument("--database", default="default", help="Databasealias")
        parser.add_argument(
            "--database-url",
            default="",
            help="En annen måldatabase: sti til SQLite-fil eller postgresql://-adresse",
        )
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive")

    def handle(self, *args: Any, **options: Any) -> None:
        source: Path = options["file"]
        target = options["database_url"] or f"databasen «{options['database']}»"
        # A scratch database (--database-url) is where a copy is tried out first:
        # nothing there is anyone's work, so only replacing the live one asks.
        if options["interactive"] and not options["database_url"]:
            _confirm(f"Dette erstatter alt i {target} med {source}. Skriv «ja»: ")
        try:
            restore_database(source, alias=options["database"], target_url=options["database_url"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"{source} er lagt tilbake i {target}.")


def _confirm(question: str) -> None:
    """Go on only on «ja»; a closed standard input (a script, cron) is a no."""
    try:
        answer = input(question)
    except EOFError:
        raise CommandError(
            "Fikk ikke noe svar (standard input er lukket); ingenting er endret. "
            "Bruk --noinput for å legge tilbake uten å spørre."
        ) from None
    if answer.strip().lower() != "ja":
        raise CommandError("Avbrutt; ingenting er endret.")
