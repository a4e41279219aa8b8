"""``manage.py import_cases FILE --unit UNIT --user USERNAME [--dry-run]``: the analyst's
bulk load of an advisor's spreadsheet, through the same importer as the web pages."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tallrapport.accounts.models import Unit, User
from tallrapport.cases.imports.columns import fields_of, fold, headers
from tallrapport.cases.imports.models import ImportKind
from tallrapport.cases.imports.plan import Plan
from tallrapport.cases.imports.reading import UnreadableFile, column_letter, file_format
from tallrapport.cases.imports.services import (
    Choices,
    choices_for,
    default_choices,
    import_apply,
    import_plan,
    read_sheets,
    saved_mapping,
    sheet_named,
)


def _pairs(values: list[str], option: str) -> dict[str, str]:
    pairs: dict[str, str] = {}
    for value in values:
        name, sep, text = value.partition("=")
        if not sep or not name.strip():
            raise CommandError(f"{option} tar FELT=VERDI, ikke «{value}».")
        pairs[name.strip()] = text.strip()
    return pairs


class Command(BaseCommand):
    help = (
        "Leser inn et regneark (XLSX, ODS eller CSV) med saker eller aktiviteter for én enhet. "
        "Samme regler som skjemaene; samme rad leses aldri inn to ganger. "
        "Med --dry-run vises bare hva som ville skje."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="Regnearket")
        parser.add_argument("--unit", required=True, help="Enhetens navn eller id")
        parser.add_argument(
            "--user", required=True, help="Brukernavnet til analytikeren (eller rådgiveren)"
        )
        parser.add_argument("--dry-run", action="store_true", help="Bare vis; lagre ingenting")
        parser.add_argument(
            "--activities", action="store_true", help="Regnearket har aktiviteter, ikke saker"
        )
        parser.add_argument("--sheet", help="Arkets navn (standard: det første som kan leses)")
        parser.add_argument("--header-row", type=int, help="Raden med overskriftene (fra 1)")
        parser.add_argument(
            "--column",
            action="append",
            default=[],
            metavar="FELT=OVERSKRIFT",
            help="Kolonnen for et felt, for eksempel country=Land (kan gjentas)",
        )
        parser.add_argument(
            "--value",
            action="append",
            default=[],
            metavar="FELT=KODE",
            help="Samme verdi for alle rader, for eksempel guided=utsatt (kan gjentas)",
        )
        parser.add_argument("--reason", default="", help="Begrunnelse for rader i låste år")

    def handle(self, *args: Any, **options: Any) -> None:
        kind = ImportKind.ACTIVITIES if options["activities"] else ImportKind.CASES
        path = Path(options["file"])
        try:
            content = path.read_bytes()
            sheets = read_sheets(content, file_format(path.name))
        except OSError as error:
            raise CommandError(f"Kan ikke lese {path}: {error}") from error
        except (UnreadableFile, ValidationError) as error:
            messages = error.messages if isinstance(error, ValidationError) else [str(error)]
            raise CommandError("\n".join(messages)) from error
        unit, user = self._unit(options["unit"]), self._user(options["user"])
        choices = self._choices(sheets, kind, unit, options)
        sheet = sheet_named(sheets, choices.sheet)
        try:
            plan = import_plan(user=user, unit=unit, kind=kind, sheet=sheet, choices=choices)
        except PermissionDenied as error:
            raise CommandError(f"{user} kan ikke lese inn for {unit}.") from error
        self._report(plan, verbose=options["verbosity"] > 1)
        if options["dry_run"]:
            self.stdout.write("Prøvekjøring: ingenting er lagret.")
            return
        if plan.late and not options["reason"].strip():
            years = ", ".join(str(y) for y in plan.late_years)
            raise CommandError(f"Radene i låste år ({years}) trenger en begrunnelse: --reason.")
        try:
            result = import_apply(
                user=user,
                unit=unit,
                kind=kind,
                sheet=sheet,
                choices=choices,
                digest=None,
                reason=options["reason"],
            )
        except ValidationError as error:
            raise CommandError("\n".join(error.messages)) from error
        self.stdout.write(f"Lest inn {result.created} rader (innlesing {result.batch}).")

    def _unit(self, text: str) -> Unit:
        try:
            found = Unit.objects.filter(pk=uuid.UUID(text))
        except ValueError:
            found = Unit.objects.filter(name__iexact=text.strip())
        units = list(found.select_related("scheme")[:2])
        if len(units) != 1:
            raise CommandError(f"Fant {'ingen' if not units else 'flere'} enheter «{text}».")
        return units[0]

    def _user(self, username: str) -> User:
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"Fant ingen aktiv bruker «{username}».")
        return user

    def _choices(self, sheets: Any, kind: str, unit: Unit, options: dict[str, Any]) -> Choices:
        saved = saved_mapping(unit, kind)
        choices = default_choices(sheets, kind, saved)
        if options["sheet"] or options["header_row"]:
            sheet = sheet_named(sheets, options["sheet"] or choices.sheet)
            if options["sheet"] and sheet.name != options["sheet"]:
                raise CommandError(f"Fant ikke arket «{options['sheet']}».")
            row = (options["header_row"] or (choices.header_row or 0) + 1) - 1
            choices = choices_for(sheet, kind, row, saved)
        texts = headers(sheet_named(sheets, choices.sheet), choices.header_row or 0)
        names = {f.name for f in fields_of(kind)}
        for name, header in _pairs(options["column"], "--column").items():
            folded = [i for i, text in enumerate(texts) if fold(text) == fold(header)]
            if name not in names or not folded:
                raise CommandError(f"Ukjent felt «{name}» eller kolonne «{header}».")
            choices.columns = {k: v for k, v in choices.columns.items() if v != folded[0]}
            choices.columns[name] = folded[0]
        for name, code in _pairs(options["value"], "--value").items():
            choices.columns.pop(name, None)
            choices.fixed[name] = [code] if name in ("target_groups", "topics") else code
        if missing := choices.missing(kind):
            shown = ", ".join(f"{column_letter(i)}: {t}" for i, t in enumerate(texts) if t)
            raise CommandError(
                f"Mangler kolonne for: {', '.join(missing)}. Overskriftene i arket: {shown}. "
                "Bruk --column FELT=OVERSKRIFT eller --value FELT=KODE."
            )
        return choices

    def _report(self, plan: Plan, *, verbose: bool) -> None:
        counts = plan.counts()
        self.stdout.write(
            f"Leses inn: {counts['opprettes']} (etterregistreres: {counts['etterregistreres']}); "
            f"lest inn fra før: {counts['allerede_lest_inn']}; "
            f"kan ikke leses inn: {counts['kan_ikke_leses_inn']}; "
            f"sumrader: {counts['sumrader']}; tomme rader: {counts['tomme_rader']}."
        )
        for row in plan.refused:
            for problem in row.problems:
                self.stdout.write(f"Rad {row.number}, {problem.column}: {problem.message}")
        if verbose:
            for planned in plan.create:
                notes = " ".join(planned.notes)
                late = " (etterregistreres)" if planned.late else ""
                self.stdout.write(f"Rad {planned.number}: leses inn{late}. {notes}".rstrip())
