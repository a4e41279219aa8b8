"""``manage.py invite_second_factor USERNAME``: an invitation code on the terminal.

The first administrator of a new installation has no one to invite them in the
admin, and an operator may need to help someone by phone; the code is printed
once, and the audit trail records that the system issued it.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import formats, timezone

from tallrapport.accounts.models import User
from tallrapport.login.services import enrolment_invitation_issue


class Command(BaseCommand):
    help = "Lag en invitasjonskode som lar brukeren sette opp tofaktorinnlogging."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="brukernavnet")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"], is_active=True).first()
        if user is None:
            raise CommandError(f"Fant ingen aktiv bruker med brukernavnet {options['username']!r}.")
        invitation, code = enrolment_invitation_issue(user=user, issued_by=None)
        expires = formats.date_format(timezone.localtime(invitation.expires_at), "j. F Y H:i")
        self.stdout.write(f"Invitasjonskode for {user.username}: {code}")
        self.stdout.write(f"Den virker én gang, til {expires}.")
