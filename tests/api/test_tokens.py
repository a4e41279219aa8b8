"""A personal token's life: made after the second factor, shown once, stored hashed,
expires, revoked, and every step and use in the audit trail."""

from __future__ import annotations

import datetime
import hashlib
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tallrapport.accounts.models import User
from tallrapport.api.models import ApiToken
from tallrapport.api.services import TokenInput, api_token_create
from tallrapport.audit.models import Action, AuditEntry
from tests.api.conftest import token_for
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

SECRET = re.compile(r"trp_[A-Za-z0-9_\-]{40,}")


def test_the_page_shows_a_new_token_once_and_stores_only_its_hash(advisor: User) -> None:
    # given the advisor on the token page
    client = client_for(advisor)
    # when they make a token
    made = client.post(
        reverse("api_tokens"), {"name": "Skolens fagsystem", "days": "90"}, follow=True
    )
    # then the page it leads to shows its secret
    assert made.redirect_chain == [(reverse("api_tokens"), 302)]
    found = SECRET.search(made.content.decode())
    assert found is not None
    secret = found.group(0)
    # and the database holds only its SHA-256, never the secret
    token = ApiToken.objects.get(user=advisor)
    assert token.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in str(list(ApiToken.objects.values()))
    assert secret not in str(list(AuditEntry.objects.values()))
    # and the page read again does not show it
    assert secret not in client.get(reverse("api_tokens")).content.decode()
    assert token.prefix in client.get(reverse("api_tokens")).content.decode()
    # and it works, ninety days long
    assert Client(HTTP_AUTHORIZATION=f"Bearer {secret}").get("/api/v1/saker/").status_code == 200
    assert (token.expires_at - token.created_at) == datetime.timedelta(days=90)


def test_a_token_without_a_name_is_refused_with_a_message(advisor: User) -> None:
    response = client_for(advisor).post(reverse("api_tokens"), {"name": " ", "days": "90"})
    assert response.status_code == 400
    assert "Gi nøkkelen et navn." in response.content.decode()
    assert not ApiToken.objects.exists()


def test_the_token_page_needs_the_second_factor_first(advisor: User, settings: Any) -> None:
    # given a login that has not given its code yet
    settings.TALLRAPPORT_REQUIRE_OTP = True
    # when the person opens the token page or posts to it
    client = client_for(advisor)
    page = client.get(reverse("api_tokens"))
    posted = client.post(reverse("api_tokens"), {"name": "x", "days": "30"})
    # then they are sent to the second factor and no token is made
    assert page.status_code == posted.status_code == 302
    assert "/logg-inn/" in page["Location"]
    assert not ApiToken.objects.exists()


def test_an_expired_token_is_refused(advisor: User) -> None:
    secret = token_for(advisor)
    ApiToken.objects.update(
        created_at=timezone.now() - datetime.timedelta(days=31),
        expires_at=timezone.now() - datetime.timedelta(seconds=1),
    )
    response = Client(HTTP_AUTHORIZATION=f"Bearer {secret}").get("/api/v1/saker/")
    assert response.status_code == 401


def test_a_revoked_token_is_refused_and_the_revocation_is_logged(advisor: User) -> None:
    # given a token in use
    secret = token_for(advisor)
    api = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert api.get("/api/v1/saker/").status_code == 200
    token = ApiToken.objects.get()
    # when its owner revokes it on the page
    response = client_for(advisor).post(reverse("api_token_revoke", args=[token.pk]))
    # then it stops working at once
    assert response.status_code == 302
    assert api.get("/api/v1/saker/").status_code == 401
    # and the trail has it made, used once, and revoked
    actions = list(
        AuditEntry.objects.filter(target_type="api-nokkel", target_id=str(token.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [Action.CREATE, Action.API_USE, Action.UPDATE]


def test_each_use_is_in_the_audit_trail_with_the_address(advisor: User) -> None:
    secret = token_for(advisor)
    api = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    api.get("/api/v1/saker/?year=2024")
    api.get("/api/v1/aktiviteter/")
    uses = AuditEntry.objects.filter(action=Action.API_USE, actor=advisor).order_by("id")
    assert [u.changes["forespørsel"][1] for u in uses] == [
        "GET /api/v1/saker/?year=2024",
        "GET /api/v1/aktiviteter/",
    ]
    assert all(u.ip_address == "127.0.0.1" for u in uses)
    assert ApiToken.objects.get().last_used_at is not None


def test_nobody_revokes_or_sees_another_persons_token(advisor: User, other_advisor: User) -> None:
    token_for(advisor)
    token = ApiToken.objects.get()
    client = client_for(other_advisor)
    assert client.post(reverse("api_token_revoke", args=[token.pk])).status_code == 404
    assert token.prefix not in client.get(reverse("api_tokens")).content.decode()
    token.refresh_from_db()
    assert token.revoked_at is None


def test_a_deactivated_persons_token_stops_working(advisor: User) -> None:
    secret = token_for(advisor)
    User.objects.filter(pk=advisor.pk).update(is_active=False)
    assert Client(HTTP_AUTHORIZATION=f"Bearer {secret}").get("/api/v1/saker/").status_code == 401


def test_a_lifetime_outside_the_choices_is_refused(advisor: User) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        api_token_create(user=advisor, data=TokenInput(name="x", days=10_000))


def test_an_administrator_revokes_a_token_in_the_admin(advisor: User, admin: User) -> None:
    # given an advisor's token
    secret = token_for(advisor)
    token = ApiToken.objects.get()
    # when an administrator revokes it in the admin
    response = client_for(admin).post(
        "/admin/api/apitoken/", {"action": "revoke", "_selected_action": [str(token.pk)]}
    )
    # then it stops working, and the trail names the administrator
    assert response.status_code == 302
    assert Client(HTTP_AUTHORIZATION=f"Bearer {secret}").get("/api/v1/saker/").status_code == 401
    entry = AuditEntry.objects.filter(target_id=str(token.pk), action=Action.UPDATE).get()
    assert entry.actor == admin


def test_an_advisor_may_not_revoke_another_persons_token_through_the_service(
    advisor: User, other_advisor: User
) -> None:
    from django.core.exceptions import PermissionDenied

    from tallrapport.api.services import api_token_revoke

    token_for(advisor)
    with pytest.raises(PermissionDenied):
        api_token_revoke(user=other_advisor, token=ApiToken.objects.get())
