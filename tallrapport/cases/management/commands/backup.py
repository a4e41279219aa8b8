"""``manage.py backup --output FILE``: a consistent copy of the whole database."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tallrapport.cases.backup import BackupError, backup_database


class Command(BaseCommand):
    help = "Tar sikkerhetskopi av hele databasen (SQLite eller PostgreSQL) til en fil."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", required=True, type=Path, help="Filen kopien skrives til")
        parser.add_argument("--database", default="default", help="Databasealias")

    def handle(self, *args: Any, **options: Any) -> None:
        output: Path = options["output"]
        try:
            backup_database(output, alias=options["database"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Sikkerhetskopi skrevet til {output} ({output.stat().st_size} byte).")
