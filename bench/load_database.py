"""The load test's database: made fresh, seeded with synthetic advisors, and the
TOTP code each advisor's app would show."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

PASSWORD = "lasttest-passord-2026"  # noqa: S105 (synthetic users in a throw-away database)


def fresh_database(url: str) -> None:
    """Drop and create the database named in ``url`` (PostgreSQL), or delete the file."""
    import dj_database_url

    config = dj_database_url.parse(url)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        for suffix in ("", "-wal", "-shm"):
            Path(f"{config['NAME']}{suffix}").unlink(missing_ok=True)
        return
    import psycopg
    from psycopg import sql

    name = config["NAME"]
    if not re.fullmatch(r"[a-z0-9_]+", name) or "load" not in name:
        raise SystemExit(f"refusing to drop {name!r}: a load-test database name contains 'load'")
    with psycopg.connect(
        host=config["HOST"] or "127.0.0.1",
        port=int(config["PORT"] or 5432),
        user=config["USER"] or "postgres",
        password=config["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    ) as admin:
        drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
        admin.execute(drop.format(sql.Identifier(name)))
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def setup_django(url: str, secret_key: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ["SECRET_KEY"] = secret_key
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tallrapport.settings")
    import django

    django.setup()


def seed(users: int) -> dict[str, Any]:
    """Migrate, then make one synthetic school and advisor with a TOTP device per user."""
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tallrapport.accounts.models import Membership, Role, Scheme, Unit, UnitKind, User
    from tallrapport.cases.models import Category, ReferralSource

    call_command("migrate", verbosity=0, interactive=False)
    scheme = Scheme.objects.get(code=Scheme.DIVERSITY_ADVISORS)
    password = make_password(PASSWORD)
    accounts: list[dict[str, str]] = []
    for number in range(users):
        unit = Unit.objects.create(
            name=f"Lasttestskolen {number} videregående skole",
            kind=UnitKind.UPPER_SECONDARY,
            scheme=scheme,
            county="Vestland",
            municipality="Bergen",
            valid_from="2015-01-01",
        )
        user = User.objects.create(
            username=f"lasttest{number:02d}", role=Role.ADVISOR, password=password
        )
        Membership.objects.create(user=user, unit=unit, valid_from="2015-01-01")
        device = TOTPDevice.objects.create(user=user, name="Autentiseringsapp", confirmed=True)
        accounts.append({"username": user.username, "device": str(device.pk)})
    return {
        "accounts": accounts,
        "main_category": str(Category.objects.get(code="negativ-sosial-kontroll").pk),
        "reported_by": str(ReferralSource.objects.get(code="skoleansatt").pk),
    }


def totp_code(device_id: str) -> str:
    """The code the advisor's app shows now, from the device's key in the database."""
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.get(pk=device_id)
    value = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{value:0{device.digits}d}"
