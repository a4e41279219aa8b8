"""PostgreSQL privileges for the application's role, which owns nothing.

The owner of a table can TRUNCATE it, drop its triggers or drop it; the audit
trail's triggers (migration 0002) cannot stop that. So in production the
application connects as a role that owns no table and holds only the rights it
uses: read and write every table, except that the audit trail may only be read
and appended to. Migrations run as the owner, which then grants those rights
afresh (``manage.py migrate_as_owner``), so new tables are covered too.
"""

from __future__ import annotations

from django.db.backends.base.base import BaseDatabaseWrapper

from tallrapport.audit.models import AuditEntry


class RoleSetupError(Exception):
    """The roles cannot be set up safely; the message says why, in Norwegian."""


def app_role_check(*, connection: BaseDatabaseWrapper, role: str) -> None:
    """Refuse a role that would keep the owner's powers: a superuser, the owner
    of any table, or the very role the migrations ran as."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        (owner,) = cursor.fetchone()
        if owner == role:
            raise RoleSetupError(
                f"Applikasjonens rolle {role!r} er den samme som eierens. "
                "Migreringene må kjøre som en annen rolle."
            )
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = %s", [role])
        found = cursor.fetchone()
        if found is None:
            raise RoleSetupError(f"Rollen {role!r} finnes ikke i databasen.")
        if found[0]:
            raise RoleSetupError(f"Rollen {role!r} er superbruker og kan tømme revisjonsloggen.")
        cursor.execute(
            "SELECT count(*) FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner "
            "WHERE r.rolname = %s AND c.relnamespace = current_schema()::regnamespace",
            [role],
        )
        (owned,) = cursor.fetchone()
        if owned:
            raise RoleSetupError(
                f"Rollen {role!r} eier {owned} tabeller eller sekvenser. "
                "Gi dem til eieren (ALTER TABLE … OWNER TO) før rettighetene settes."
            )


def app_role_grant(*, connection: BaseDatabaseWrapper, role: str) -> list[str]:
    """Grant ``role`` what the application uses, and no more; the statements run.

    Run as the owner after every migration. Everything earlier is revoked first,
    so running it again leaves exactly these rights. No TRUNCATE, REFERENCES or
    TRIGGER anywhere, and only SELECT and INSERT on the audit trail.
    """
    app_role_check(connection=connection, role=role)
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_schema()")
        (schema_name,) = cursor.fetchone()
    schema, grantee, audit = quote(schema_name), quote(role), quote(AuditEntry._meta.db_table)
    statements = [
        f"GRANT USAGE ON SCHEMA {schema} TO {grantee}",
        f"REVOKE ALL ON ALL TABLES IN SCHEMA {schema} FROM {grantee}",
        f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {schema} FROM {grantee}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {grantee}",
        f"REVOKE UPDATE, DELETE ON {audit} FROM {grantee}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {grantee}",
    ]
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
    return statements
