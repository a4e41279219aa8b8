"""Write a plan's status report to a file: ``manage.py plan_report --plan 2017-2020 --year 2020
--format pdf --output DIR``.

For the operator and for scheduled jobs; it reads every plan, as an
administrator would, so it is not reachable from the web.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tallrapport.plans.models import ActionPlan
from tallrapport.plans.reports import FORMATS, render_report, report_filename


class Command(BaseCommand):
    help = "Skriver statusrapporten for en handlingsplan til fil (html, pdf, docx eller xlsx)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--plan", required=True, help="Planens kortnavn, f.eks. 2017-2020.")
        parser.add_argument("--year", required=True, type=int, help="Rapporteringsåret.")
        parser.add_argument(
            "--format", required=True, choices=sorted(FORMATS), dest="fmt", help="Filformat."
        )
        parser.add_argument("--output", required=True, type=Path, help="Mappe å skrive til.")

    def handle(self, *args: Any, **options: Any) -> None:
        plan = ActionPlan.objects.filter(slug=options["plan"]).first()
        if plan is None:
            known = ", ".join(ActionPlan.objects.values_list("slug", flat=True)) or "ingen"
            raise CommandError(f"Fant ingen handlingsplan «{options['plan']}». Kjente: {known}.")
        year: int = options["year"]
        if not plan.covers(year):
            raise CommandError(
                f"{year} er utenfor planens periode ({plan.start_year}–{plan.end_year})."
            )
        output: Path = options["output"]
        output.mkdir(parents=True, exist_ok=True)
        content, report_format = render_report(plan, year, options["fmt"])
        target = output / report_filename(plan, year, report_format.extension)
        target.write_bytes(content)
        self.stdout.write(str(target))
