"""Setting up a second factor needs an administrator's one-time invitation code
(defect 11): shown once, expiring, audited, stored hashed."""

from __future__ import annotations

import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from pytest_django.fixtures import Settings

from tallrapport.accounts.models import User
from tallrapport.audit.models import AuditEntry
from tallrapport.login.models import EnrolmentInvitation
from tallrapport.login.services import enrolment_invitation_issue
from tests.conftest import client_for
from tests.login.conftest import code_for, invited, password_login

pytestmark = pytest.mark.usefixtures("otp_required")

REFUSED = "Invitasjonskoden stemmer ikke, er brukt eller har gått ut."


def _try_invitation(client: Client, code: str) -> str:
    response = client.post(reverse("login_invitation"), {"code": code})
    return response["Location"] if response.status_code == 302 else response.content.decode()


def _enrol(client: Client, user: User) -> None:
    client.get(reverse("login_setup"))
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(reverse("login_setup"), {"code": code_for(device)})
    assert response["Location"].startswith(reverse("login_recovery_codes"))


def test_a_password_alone_cannot_enrol_an_authenticator(advisor: User) -> None:
    # given someone who has only the advisor's password, and no invitation
    client = password_login(advisor)
    # when they open set-up and send a code for every device they could have scanned
    page = client.get(reverse("login_setup"))
    for device in TOTPDevice.objects.filter(user=advisor):
        client.post(reverse("login_setup"), {"code": code_for(device)})
    # then set-up sends them to the invitation page, and nothing is enrolled
    assert page.status_code == 302
    assert page["Location"].startswith(reverse("login_invitation"))
    assert not TOTPDevice.objects.filter(user=advisor, confirmed=True).exists()
    assert client.get(reverse("my_cases")).status_code == 302


def test_an_invitation_lets_the_person_enrol_once(advisor: User) -> None:
    # given an advisor with an invitation code from an administrator
    _invitation, code = enrolment_invitation_issue(user=advisor, issued_by=None)
    client = password_login(advisor)
    # when they type it and then the code from their app
    assert _try_invitation(client, code).startswith(reverse("login_setup"))
    _enrol(client, advisor)
    # then they are in, and the invitation is spent
    assert client.get(reverse("my_cases")).status_code == 200
    assert EnrolmentInvitation.objects.get(user=advisor).used_at is not None
    # and after an administrator removes the device, the same code no longer works
    TOTPDevice.objects.filter(user=advisor).delete()
    assert REFUSED in _try_invitation(password_login(advisor), code)


def test_an_expired_invitation_is_refused(advisor: User) -> None:
    # given an invitation whose time ran out
    invitation, code = enrolment_invitation_issue(user=advisor, issued_by=None)
    EnrolmentInvitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    # when the advisor types it
    html = _try_invitation(password_login(advisor), code)
    # then it is refused in Norwegian
    assert REFUSED in html


def test_wrong_codes_close_the_invitation(advisor: User) -> None:
    # given an invitation and someone guessing at it
    _invitation, code = enrolment_invitation_issue(user=advisor, issued_by=None)
    client = password_login(advisor)
    for _ in range(5):
        assert REFUSED in _try_invitation(client, "AAAAA-AAAAA-AAAAA")
    # when the right code comes after five wrong ones
    # then it is refused too: guessing cannot succeed
    assert REFUSED in _try_invitation(client, code)


def test_a_new_invitation_closes_the_earlier_one(advisor: User) -> None:
    # given two invitations issued one after the other
    _first, old = enrolment_invitation_issue(user=advisor, issued_by=None)
    _second, new = enrolment_invitation_issue(user=advisor, issued_by=None)
    client = password_login(advisor)
    # then only the newer code works
    assert REFUSED in _try_invitation(client, old)
    assert _try_invitation(client, new).startswith(reverse("login_setup"))


def test_the_code_is_stored_hashed_and_issuing_is_audited(advisor: User, admin: User) -> None:
    # given an administrator issuing an invitation
    invitation, code = enrolment_invitation_issue(user=advisor, issued_by=admin)
    # then the code is nowhere in the database in readable form
    stored = EnrolmentInvitation.objects.get(pk=invitation.pk)
    plain = code.replace("-", "")
    assert plain not in stored.code_hash and code not in stored.code_hash
    assert stored.code_hash.startswith("pbkdf2_")
    # and the audit trail says who invited whom, until when, without the code
    entry = AuditEntry.objects.get(target_type="invitasjon", target_id=str(invitation.pk))
    assert entry.actor == admin
    assert entry.changes["bruker"] == [None, advisor.username]
    assert plain not in str(entry.changes) and code not in str(entry.changes)


def test_spending_the_invitation_is_audited(advisor: User) -> None:
    # given an advisor who enrols with an invitation
    client = invited(password_login(advisor), advisor)
    _enrol(client, advisor)
    # then the trail has the invitation's use, by the advisor
    used = AuditEntry.objects.filter(target_type="invitasjon", actor=advisor)
    assert [list(e.changes) for e in used] == [["brukt"]]


def test_the_admin_issues_an_invitation_and_shows_its_code_once(
    advisor: User, admin: User, settings: Settings
) -> None:
    # given an administrator (verified: the second factor is off for this request)
    settings.TALLRAPPORT_REQUIRE_OTP = False
    client = client_for(admin)
    # when they add an invitation for the advisor
    response = client.post(reverse("admin:login_enrolmentinvitation_add"), {"user": advisor.pk})
    # then the answer shows the code, and the code lets the advisor begin set-up
    assert response.status_code == 200
    found = re.search(r'id="invitation-code">([A-Z0-9-]+)<', response.content.decode())
    assert found is not None
    assert "no-store" in response["Cache-Control"]
    settings.TALLRAPPORT_REQUIRE_OTP = True
    assert _try_invitation(password_login(advisor), found.group(1)).startswith(
        reverse("login_setup")
    )
    # and the list of invitations never shows it again
    settings.TALLRAPPORT_REQUIRE_OTP = False
    listing = client.get(reverse("admin:login_enrolmentinvitation_changelist"))
    assert listing.status_code == 200
    assert found.group(1) not in listing.content.decode()


def test_the_command_prints_a_code_for_the_first_administrator(admin: User) -> None:
    # given a new installation whose administrator has no second factor yet
    out = io.StringIO()
    # when the operator runs the command
    call_command("invite_second_factor", admin.username, stdout=out)
    # then it prints a code that starts the administrator's set-up
    code = re.search(r"([A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5})", out.getvalue())
    assert code is not None
    assert _try_invitation(password_login(admin), code.group(1)).startswith(reverse("login_setup"))
