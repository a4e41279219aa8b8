"""``manage.py migrate_as_owner``: migrate as the owner, then grant the app role.

Production on PostgreSQL sets two addresses of one database: ``DATABASE_URL``
for the application's role, which owns nothing, and ``MIGRATION_DATABASE_URL``
for the owner. This command connects as the owner, runs ``migrate``, and grants
the role in ``DATABASE_URL`` exactly the rights in :mod:`tallrapport.audit.roles`,
so that the application's credentials cannot empty or rewrite the audit trail.
"""

from __future__ import annotations

import os
from typing import Any

import dj_database_url
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from tallrapport.audit.roles import RoleSetupError, app_role_grant

# What must be equal in both addresses: they name one database.
SAME_DATABASE = ("ENGINE", "NAME", "HOST", "PORT")
# What the owner's address replaces in the connection.
OWNER_KEYS = ("USER", "PASSWORD", "HOST", "PORT", "NAME", "OPTIONS")


class Command(BaseCommand):
    help = (
        "Kjør migreringene som databasens eier (MIGRATION_DATABASE_URL) og gi "
        "applikasjonens rolle (DATABASE_URL) bare rettighetene den bruker."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        connection = connections[DEFAULT_DB_ALIAS]
        app = dict(connection.settings_dict)
        owner_url = os.environ.get("MIGRATION_DATABASE_URL", "")
        if not owner_url:
            raise CommandError("MIGRATION_DATABASE_URL må peke på databasen som eieren.")
        owner = dj_database_url.parse(owner_url)
        if app["ENGINE"] != "django.db.backends.postgresql":
            raise CommandError("migrate_as_owner gjelder bare PostgreSQL.")
        if any(str(owner.get(k) or "") != str(app.get(k) or "") for k in SAME_DATABASE):
            raise CommandError("DATABASE_URL og MIGRATION_DATABASE_URL må gjelde samme database.")
        if owner.get("USER") == app.get("USER"):
            raise CommandError("DATABASE_URL og MIGRATION_DATABASE_URL må ha hver sin rolle.")
        connection.close()
        for key in OWNER_KEYS:
            connection.settings_dict[key] = owner.get(key, app.get(key))
        try:
            call_command("migrate", interactive=False, verbosity=options["verbosity"])
            with transaction.atomic():
                statements = app_role_grant(connection=connection, role=str(app["USER"]))
        except RoleSetupError as error:
            raise CommandError(str(error)) from error
        finally:
            connection.close()
            connection.settings_dict.update(app)
        for statement in statements:
            self.stdout.write(statement)
        self.stdout.write(f"Rollen {app['USER']} har nå bare applikasjonens rettigheter.")
