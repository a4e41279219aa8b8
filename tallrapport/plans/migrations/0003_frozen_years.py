"""Database triggers that keep a closed reporting year frozen.

The services already refuse to write into a closed year with a Norwegian
message; these triggers hold the same line for every other writer (the admin, a
shell, a future import), on SQLite and PostgreSQL alike. Reopening a year (the
administrator setting ``closed`` back to false) stays possible on purpose.
"""

from django.db import migrations

MESSAGE = "Rapporteringsåret er låst og kan ikke endres."

# (table, column pointing at the reporting year)
GUARDED = [
    ("plans_measurestatus", "reporting_year_id"),
    ("plans_goalachievement", "reporting_year_id"),
]


# The SQL below is built from the module's own constants only, never from input.


def _sqlite(table, column):
    statements = []
    for event, row in (("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD")):
        statements.append(
            f"CREATE TRIGGER {table}_frozen_{event.lower()} BEFORE {event} ON {table} "  # noqa: S608
            f"WHEN (SELECT closed FROM plans_reportingyear WHERE id = {row}.{column}) "
            f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;"
        )
    # An update that moves a row out of a closed year is a change to that year too.
    statements.append(
        f"CREATE TRIGGER {table}_frozen_update_old BEFORE UPDATE ON {table} "  # noqa: S608
        f"WHEN (SELECT closed FROM plans_reportingyear WHERE id = OLD.{column}) "
        f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;"
    )
    return statements


def _postgres(table, column):
    return [
        f"""
        CREATE OR REPLACE FUNCTION {table}_frozen() RETURNS trigger AS $$
        BEGIN
            IF (TG_OP IN ('UPDATE', 'DELETE') AND EXISTS (
                    SELECT 1 FROM plans_reportingyear WHERE id = OLD.{column} AND closed))
               OR (TG_OP IN ('INSERT', 'UPDATE') AND EXISTS (
                    SELECT 1 FROM plans_reportingyear WHERE id = NEW.{column} AND closed)) THEN
                RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';
            END IF;
            IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
            RETURN NEW;
        END;
        $$ LANGUAGE plpgsql;
        """,  # noqa: S608
        f"CREATE TRIGGER {table}_frozen BEFORE INSERT OR UPDATE OR DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION {table}_frozen();",
    ]


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table, column in GUARDED:
        if vendor == "sqlite":
            statements = _sqlite(table, column)
        elif vendor == "postgresql":
            statements = _postgres(table, column)
        else:
            continue  # other databases rely on the services alone
        for sql in statements:
            schema_editor.execute(sql)


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table, _column in GUARDED:
        if vendor == "sqlite":
            for suffix in ("insert", "update", "delete", "update_old"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_frozen_{suffix};")
        elif vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_frozen ON {table};")
            schema_editor.execute(f"DROP FUNCTION IF EXISTS {table}_frozen();")


class Migration(migrations.Migration):
    dependencies = [("plans", "0002_ministries")]
    operations = [migrations.RunPython(create, drop)]
