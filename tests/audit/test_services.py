"""The audit service and the append-only guarantee of its table."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

import pytest
from django.db import DatabaseError, connection, transaction
from hypothesis import given
from hypothesis import strategies as st

from tallrapport.accounts.models import User
from tallrapport.audit.models import Action, AuditEntry
from tallrapport.audit.services import audit_diff, audit_record, audit_value

values = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=10))
records = st.dictionaries(st.sampled_from(["a", "b", "c", "d"]), values)


def test_record_keeps_actor_name_and_changes(advisor: User) -> None:
    # given/when an update is recorded
    entry = audit_record(
        actor=advisor,
        action=Action.UPDATE,
        target_type="sak",
        target_id=uuid.UUID(int=7),
        changes={"registered_on": [datetime.date(2024, 1, 2), datetime.date(2024, 3, 4)]},
        reason="Retting",
    )
    # then it is stored with the username copied and JSON-safe values
    stored = AuditEntry.objects.get(pk=entry.pk)
    assert stored.actor == advisor
    assert stored.actor_username == "radgiver_a"
    assert stored.target_id == str(uuid.UUID(int=7))
    assert stored.changes == {"registered_on": ["2024-01-02", "2024-03-04"]}
    assert stored.reason == "Retting"
    assert stored.at is not None


def test_system_entries_have_no_actor(db: None) -> None:
    entry = audit_record(actor=None, action="retention", target_type="aar", target_id="x:2019")
    assert entry.actor_id is None and entry.actor_username == ""


def test_unknown_action_is_refused(db: None) -> None:
    with pytest.raises(ValueError, match="Unknown audit action"):
        audit_record(actor=None, action="tamper", target_type="sak", target_id="1")
    assert not AuditEntry.objects.exists()


def test_diff_lists_only_changed_fields() -> None:
    # given two versions of a record
    before = {"gender": "jente", "age_group": "under_18", "year": 2023}
    after = {"gender": "gutt", "age_group": "under_18", "family": "f1"}
    # then only differing fields appear, missing ones as None
    assert audit_diff(before, after) == {
        "gender": ["jente", "gutt"],
        "year": [2023, None],
        "family": [None, "f1"],
    }


@given(before=records, after=records)
def test_diff_rebuilds_the_new_record_from_the_old(
    before: dict[str, Any], after: dict[str, Any]
) -> None:
    # given any two records, applying the diff to the old one gives the new one
    changes = audit_diff(before, after)
    rebuilt = {k: v for k, v in before.items()}
    for field, (old, new) in changes.items():
        assert audit_value(before.get(field)) == old
        rebuilt[field] = new
    for field in set(before) | set(after):
        assert rebuilt.get(field) == audit_value(after.get(field))
    assert audit_diff(before, before) == {}


def _entry() -> AuditEntry:
    return audit_record(actor=None, action=Action.VIEW, target_type="sak", target_id="abc")


def test_database_refuses_update_through_the_orm(db: None) -> None:
    # given an entry
    entry = _entry()
    # when anything tries to change it / then the database refuses
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(target_id="other")
    with pytest.raises(DatabaseError), transaction.atomic():
        entry.reason = "etterpå"
        entry.save()
    assert AuditEntry.objects.get(pk=entry.pk).target_id == "abc"


def test_database_refuses_delete(db: None) -> None:
    entry = _entry()
    with pytest.raises(DatabaseError), transaction.atomic():
        entry.delete()
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_database_refuses_raw_sql_too(db: None) -> None:
    # given an entry / when plain SQL bypasses Django / then the trigger still refuses
    entry = _entry()
    for sql in (
        "UPDATE audit_auditentry SET action = 'delete' WHERE id = %s",
        "DELETE FROM audit_auditentry WHERE id = %s",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [entry.pk])
    assert AuditEntry.objects.get(pk=entry.pk).action == Action.VIEW


def test_triggers_exist_on_this_database(db: None) -> None:
    # the guard is installed for the database under test (SQLite or PostgreSQL)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type='trigger' AND tbl_name=%s",
                ["audit_auditentry"],
            )
        else:
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = 'audit_auditentry'::regclass "
                "AND NOT tgisinternal"
            )
        names = {row[0] for row in cursor.fetchall()}
    assert names
    assert all("append_only" in name for name in names)
