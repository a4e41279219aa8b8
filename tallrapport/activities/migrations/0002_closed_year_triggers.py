"""Database triggers that keep a closed year of activities closed, as for cases.

The yearly report counts activities, so closing a year locks them too: the
services refuse an advisor's write with a Norwegian message, and these triggers
hold the same line for every other writer (the admin, a shell, an import), on
SQLite and PostgreSQL alike. An activity row is guarded by its own (scheme,
year), before and after an update; a target group, topic or partner row by its
activity's. The late-registration services pass through
``cases_closedyear.writable``, set and reset inside their own transaction
(see cases migration 0004).
"""

from django.db import migrations

MESSAGE = "Året er låst for denne ordningen. Aktiviteter i et låst år kan ikke endres."

CLOSED = (
    "SELECT 1 FROM cases_closedyear y WHERE y.scheme_id = {row}.scheme_id "
    "AND y.year = {row}.year AND NOT y.writable"
)
LINK_CLOSED = (
    "SELECT 1 FROM activities_activity a JOIN cases_closedyear y "
    "ON y.scheme_id = a.scheme_id AND y.year = a.year AND NOT y.writable "
    "WHERE a.id = {row}.activity_id"
)

# (table, condition template, trigger name stem); the SQL is built from these constants only.
GUARDED = [
    ("activities_activity", CLOSED, "activities_activity_closed"),
    ("activities_activitytargetgroup", LINK_CLOSED, "activities_group_closed"),
    ("activities_activitytopic", LINK_CLOSED, "activities_topic_closed"),
    ("activities_activitypartner", LINK_CLOSED, "activities_partner_closed"),
]
SQLITE_EVENTS = (
    ("insert", "INSERT", "NEW"),
    ("update", "UPDATE", "NEW"),
    ("update_old", "UPDATE", "OLD"),
    ("delete", "DELETE", "OLD"),
)


def _sqlite(table, condition, stem):
    return [
        f"CREATE TRIGGER {stem}_{suffix} BEFORE {event} ON {table} "  # noqa: S608
        f"WHEN EXISTS ({condition.format(row=row)}) "
        f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;"
        for suffix, event, row in SQLITE_EVENTS
    ]


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
    build = {"sqlite": _sqlite, "postgresql": _postgres}.get(vendor)
    if build is None:
        return  # other databases rely on the services alone
    for table, condition, stem in GUARDED:
        for sql in build(table, condition, stem):
            schema_editor.execute(sql)


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table, _condition, stem in GUARDED:
        if vendor == "sqlite":
            for suffix, _event, _row in SQLITE_EVENTS:
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {stem}_{suffix};")
        elif vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {stem} ON {table};")
            schema_editor.execute(f"DROP FUNCTION IF EXISTS {stem}();")


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0001_initial"),
        ("cases", "0004_closed_year_triggers"),
    ]
    operations = [migrations.RunPython(create, drop)]
