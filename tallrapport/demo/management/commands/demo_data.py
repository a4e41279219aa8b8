"""``manage.py demo_data``: the demo organisation and register, then the logins.

``make run`` calls this on every start, so it must be cheap and change nothing
the second time: the register is written once, in one transaction.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from tallrapport.accounts.models import User
from tallrapport.demo.activities import load_demo_activities
from tallrapport.demo.loader import load_demo_data
from tallrapport.demo.organisation import DEMO_PASSWORD
from tallrapport.demo.planner import SEED
from tallrapport.demo.years import close_reported_years
from tallrapport.plans.demo import assign_plan_demo_roles
from tallrapport.reports.models import Edition


class Command(BaseCommand):
    help = "Laster demodata (fiktive skoler, brukere og saker) og skriver ut demo-innloggingene."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=SEED, help="frø for syntetiske saker")
        parser.add_argument(
            "--notes", action="store_true", help="vis hvordan publiserte tall ble tolket"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        result = load_demo_data(seed=options["seed"])
        if result.created:
            self.stdout.write(
                f"Demodata lastet: {result.cases} saker, {result.families} sakskomplekser "
                f"på {result.seconds:.1f} s."
            )
        else:
            self.stdout.write("Demodata finnes allerede; ingenting nytt lagt til.")
        activities = load_demo_activities(seed=options["seed"])
        if activities.created:
            self.stdout.write(
                f"Demoaktiviteter lastet: {activities.activities} på {activities.seconds:.1f} s."
            )
        # The action plans: the analyst coordinates, the administrator owns three
        # measures of the 2021–2024 plan, the advisors may read. Idempotent like the rest.
        users = {
            u.username: u
            for u in User.objects.filter(
                username__in=["analytiker", "admin", "radgiver", "radgiver2", "utsending"]
            )
        }
        assign_plan_demo_roles(
            coordinator=users["analytiker"],
            measure_owner=users["admin"],
            readers=[users["radgiver"], users["radgiver2"], users["utsending"]],
        )
        closed = close_reported_years(analyst=users["analytiker"])
        if closed:
            self.stdout.write(f"Låste {closed} ferdige år (som etter hver rapport).")
        if options["notes"]:
            for note in result.notes:
                self.stdout.write(f"  {note}")
        self.stdout.write("")
        self.stdout.write(f"Demo-innlogginger (passord «{DEMO_PASSWORD}», bare for demo):")
        for login in result.logins:
            self.stdout.write(f"  {login.username:<28} {login.role:<18} {login.where}")
        # The public API serves every published edition (the shipped historical ones at least).
        self.stdout.write("")
        self.stdout.write(
            f"API: {Edition.objects.count()} publiserte utgaver åpent på /api/v1/utgaver/; "
            "dokumentasjon på /api/v1/dokumentasjon/, API-nøkler på /api-nokler/."
        )
