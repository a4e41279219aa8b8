"""Published numbers cannot be changed, not even past the app.

Updates of editions and their cells are refused by the database. Deletes are
refused by the app (cells are PROTECTed by their edition, and no view or admin
action deletes); a delete trigger would also refuse the test runner's table
flush on SQLite, which deletes row by row.
"""

from django.db import migrations

MESSAGE = "En publisert utgave kan ikke endres."
TABLES = ("reports_edition", "reports_editioncell")


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in TABLES:
        if vendor == "sqlite":
            schema_editor.execute(
                f"CREATE TRIGGER {table}_frozen BEFORE UPDATE ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;"
            )
        elif vendor == "postgresql":
            schema_editor.execute(
                f"CREATE OR REPLACE FUNCTION {table}_frozen() RETURNS trigger AS $$ "
                f"BEGIN RAISE EXCEPTION '{MESSAGE}'; END; $$ LANGUAGE plpgsql;"
            )
            schema_editor.execute(
                f"CREATE TRIGGER {table}_frozen BEFORE UPDATE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION {table}_frozen();"
            )
        else:
            raise NotImplementedError(f"no frozen-edition trigger for {vendor}")


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in TABLES:
        if vendor == "sqlite":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_frozen;")
        elif vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_frozen ON {table};")
            schema_editor.execute(f"DROP FUNCTION IF EXISTS {table}_frozen();")


class Migration(migrations.Migration):
    dependencies = [("reports", "0002_historical_editions")]
    operations = [migrations.RunPython(create, drop)]
