"""Writes made in the admin are logged; the trail itself is read-only there."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db.models import ProtectedError
from django.urls import reverse
from django.utils import timezone

from tallrapport.accounts.models import Membership, Role, Unit, User
from tallrapport.audit.models import Action, AuditEntry
from tallrapport.audit.services import audit_record
from tests.conftest import client_for
from tests.factories import MembershipFactory, UserFactory


def _user_form(user: User, **changes: Any) -> dict[str, Any]:
    """What the admin's change form for ``user`` posts, with ``changes`` applied."""
    data: dict[str, Any] = {
        "username": user.username,
        "first_name": "",
        "last_name": "",
        "email": "",
        "is_active": "on",
        "role": user.role,
        "date_joined_0": timezone.localtime(user.date_joined).strftime("%d.%m.%Y"),
        "date_joined_1": timezone.localtime(user.date_joined).strftime("%H:%M:%S"),
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
        "_save": "Lagre",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_role_change_in_admin_is_logged_as_user_and_role(admin: User, school: Unit) -> None:
    # given an advisor
    user = UserFactory(username="flyttes", role=Role.ADVISOR)
    # when the administrator makes them an analyst
    response = client_for(admin).post(
        reverse("admin:accounts_user_change", args=[user.pk]), _user_form(user, role=Role.ANALYST)
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    # then the user's change and the role change are both in the trail, by the admin
    user_entry = AuditEntry.objects.get(target_type="bruker", target_id=str(user.pk))
    assert user_entry.action == Action.UPDATE
    assert user_entry.actor == admin
    assert user_entry.changes == {"role": ["radgiver", "analytiker"]}
    role_entry = AuditEntry.objects.get(target_type="rolle", target_id=str(user.pk))
    assert role_entry.changes == {"role": ["radgiver", "analytiker"]}


def test_membership_added_inline_on_the_user_is_logged(admin: User, school: Unit) -> None:
    user = UserFactory(username="ny_radgiver")
    data = _user_form(
        user,
        **{
            "memberships-TOTAL_FORMS": "1",
            "memberships-0-unit": str(school.pk),
            "memberships-0-valid_from": "01.08.2024",
            "memberships-0-user": str(user.pk),
        },
    )
    response = client_for(admin).post(reverse("admin:accounts_user_change", args=[user.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    membership = Membership.objects.get(user=user)
    entry = AuditEntry.objects.get(target_type="medlemskap")
    assert entry.action == Action.CREATE
    assert entry.target_id == str(membership.pk)
    assert entry.changes["valid_from"] == [None, "2024-08-01"]


def test_membership_change_and_delete_in_admin_are_logged(admin: User, school: Unit) -> None:
    # given a membership
    membership = MembershipFactory(unit=school, valid_from=datetime.date(2020, 1, 1))
    client = client_for(admin)
    url = reverse("admin:accounts_membership_change", args=[membership.pk])
    # when the administrator ends it
    response = client.post(
        url,
        {
            "user": str(membership.user_id),
            "unit": str(school.pk),
            "valid_from": "01.01.2020",
            "valid_to": "31.12.2024",
        },
    )
    assert response.status_code == 302
    # and then deletes it
    response = client.post(
        reverse("admin:accounts_membership_delete", args=[membership.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    # then both are in the trail with old and new values
    entries = list(
        AuditEntry.objects.filter(target_type="medlemskap", target_id=str(membership.pk)).order_by(
            "id"
        )
    )
    assert [e.action for e in entries] == [Action.UPDATE, Action.DELETE]
    assert entries[0].changes == {"valid_to": [None, "2024-12-31"]}
    assert entries[1].changes["valid_from"] == ["2020-01-01", None]


def test_bulk_delete_logs_each_row(admin: User, school: Unit) -> None:
    first, second = MembershipFactory(unit=school), MembershipFactory(unit=school)
    response = client_for(admin).post(
        reverse("admin:accounts_membership_changelist"),
        {"action": "delete_selected", "_selected_action": [first.pk, second.pk], "post": "yes"},
    )
    assert response.status_code == 302
    deleted = AuditEntry.objects.filter(target_type="medlemskap", action=Action.DELETE)
    assert set(deleted.values_list("target_id", flat=True)) == {str(first.pk), str(second.pk)}


def test_password_set_by_admin_is_logged_without_the_value(admin: User) -> None:
    user = UserFactory(username="glemte")
    response = client_for(admin).post(
        reverse("admin:auth_user_password_change", args=[user.pk]),
        {"password1": "Et-nytt-langt-passord-9", "password2": "Et-nytt-langt-passord-9"},
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get(target_type="bruker", target_id=str(user.pk))
    assert entry.changes == {"password": ["[skjult]", "[skjult]"]}
    assert "Et-nytt" not in str(entry.changes)


def test_user_with_a_trail_cannot_be_deleted(admin: User, advisor: User) -> None:
    # given an advisor who did something
    audit_record(actor=advisor, action=Action.VIEW, target_type="sak", target_id="x")
    # when someone deletes the account instead of deactivating it / then refused
    with pytest.raises(ProtectedError):
        advisor.delete()
    assert User.objects.filter(pk=advisor.pk).exists()


def test_trail_is_read_only_in_the_admin(admin: User) -> None:
    # given an entry
    entry = audit_record(actor=admin, action=Action.VIEW, target_type="sak", target_id="x")
    client = client_for(admin)
    # then the admin lists it, but offers no add, change or delete
    assert client.get(reverse("admin:audit_auditentry_changelist")).status_code == 200
    assert client.get(reverse("admin:audit_auditentry_add")).status_code == 403
    page = client.get(reverse("admin:audit_auditentry_change", args=[entry.pk]))
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    refused = client.post(
        reverse("admin:audit_auditentry_delete", args=[entry.pk]), {"post": "yes"}
    )
    assert refused.status_code == 403
    assert AuditEntry.objects.filter(pk=entry.pk).exists()
