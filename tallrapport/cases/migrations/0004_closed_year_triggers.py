"""Database triggers that keep a closed year of cases closed.

The services refuse writes into a closed year with a Norwegian message; these
triggers hold the same line for every other writer (the admin, a shell, a
future import), on SQLite and PostgreSQL alike, as plans' migration 0003 does
for measure statuses. A case row is guarded by its own (scheme, year), before
and after an update; a secondary-category link by its case's.

``cases_closedyear.writable`` lets the late-registration and retention services
through: they set it and reset it inside one transaction, so no other
connection sees it set.
"""

from django.db import migrations

MESSAGE = "Året er låst for denne ordningen. Saker i et låst år kan ikke endres."

CLOSED = "SELECT 1 FROM cases_closedyear y WHERE y.scheme_id = {row}.scheme_id AND y.year = {row}.year AND NOT y.writable"
LINK_CLOSED = (
    "SELECT 1 FROM cases_case c JOIN cases_closedyear y "
    "ON y.scheme_id = c.scheme_id AND y.year = c.year AND NOT y.writable "
    "WHERE c.id = {row}.case_id"
)

# (table, condition template, trigger name stem)
GUARDED = [
    ("cases_case", CLOSED, "cases_case_closed"),
    ("cases_case_secondary_categories", LINK_CLOSED, "cases_link_closed"),
]

# The SQL below is built from the module's own constants only, never from input.


def _sqlite(table, condition, stem):
    statements = []
    for suffix, event, row in (
        ("insert", "INSERT", "NEW"),
        ("update", "UPDATE", "NEW"),
        ("update_old", "UPDATE", "OLD"),
        ("delete", "DELETE", "OLD"),
    ):
        statements.append(
            f"CREATE TRIGGER {stem}_{suffix} BEFORE {event} ON {table} "  # noqa: S608
            f"WHEN EXISTS ({condition.format(row=row)}) "
            f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;"
        )
    return statements


def _postgres(table, condition, stem):
    return [
        f"""
        CREATE OR REPLACE FUNCTION {stem}() RETURNS trigger AS $$
        BEGIN
            IF (TG_OP IN ('UPDATE', 'DELETE') AND EXISTS ({condition.format(row="OLD")}))
               OR (TG_OP IN ('INSERT', 'UPDATE') AND EXISTS ({condition.format(row="NEW")})) THEN
                RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';
            END IF;
            IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
            RETURN NEW;
        END;
        $$ LANGUAGE plpgsql;
        """,  # noqa: S608
        f"CREATE TRIGGER {stem} BEFORE INSERT OR UPDATE OR DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION {stem}();",
    ]


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table, condition, stem in GUARDED:
        if vendor == "sqlite":
            statements = _sqlite(table, condition, stem)
        elif vendor == "postgresql":
            statements = _postgres(table, condition, stem)
        else:
            continue  # other databases rely on the services alone
        for sql in statements:
            schema_editor.execute(sql)


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table, _condition, stem in GUARDED:
        if vendor == "sqlite":
            for suffix in ("insert", "update", "update_old", "delete"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {stem}_{suffix};")
        elif vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {stem} ON {table};")
            schema_editor.execute(f"DROP FUNCTION IF EXISTS {stem}();")


class Migration(migrations.Migration):
    dependencies = [("cases", "0003_closed_years")]
    operations = [migrations.RunPython(create, drop)]
