"""The second factor's pages: the invitation, set-up, the code after the password,
recovery codes.

The password step is Django's own ``LoginView`` (guarded by django-axes); after
it, ``SecondFactorRequiredMiddleware`` sends the person here until a code from
their authenticator app or a recovery code has been accepted in this session.
"""

from __future__ import annotations

import io
from base64 import b32encode

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from tallrapport.accounts.access import request_user
from tallrapport.audit.services import audit_request_meta
from tallrapport.login.forms import CodeForm
from tallrapport.login.middleware import second_factor_not_required
from tallrapport.login.models import EnrolmentInvitation
from tallrapport.login.selectors import (
    open_invitations,
    recovery_codes_left,
    second_factor_throttled,
    user_has_totp_device,
)
from tallrapport.login.services import (
    enrolment_invitation_check,
    enrolment_invitation_spend,
    recovery_codes_replace,
    second_factor_check,
    totp_device_confirm,
    totp_device_for_setup,
)

# New recovery codes wait here between the POST that made them and the one GET
# that shows them; the GET removes them, so they are shown once.
NEW_CODES_SESSION_KEY = "tallrapport_new_recovery_codes"
# The invitation accepted in this session, until set-up spends it.
INVITATION_SESSION_KEY = "tallrapport_enrolment_invitation"


def _next_url(request: HttpRequest) -> str:
    """Where to go after the code: ``next`` if it is one of our own pages, else home."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("home")


def _with_next(name: str, next_url: str) -> str:
    return f"{reverse(name)}?{urlencode({'next': next_url})}"


def _qr_svg(data: str) -> str:
    """The otpauth address as an inline SVG: drawn by our server, no image request,
    no data: URI, so the strict CSP needs no exception."""
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    out = io.BytesIO()
    image.save(out)
    svg = out.getvalue().decode()
    # Drop the XML declaration; the rest is a plain <svg> element for the page.
    return svg[svg.index("<svg") :]


def _typed_secret(key: bytes) -> str:
    """The secret as authenticator apps want it typed: base32, no padding, in fours."""
    secret = b32encode(key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _accepted_invitation(request: HttpRequest) -> EnrolmentInvitation | None:
    """The invitation this session gave a right code for, if it is still open."""
    pk = request.session.get(INVITATION_SESSION_KEY)
    if not isinstance(pk, int):
        return None
    return open_invitations(request_user(request)).filter(pk=pk).first()


@second_factor_not_required
def invitation_view(request: HttpRequest) -> HttpResponse:
    """Before set-up: the one-time code an administrator gave this person.

    A password alone must not be enough to put one's own authenticator on an
    account that has none yet; the invitation proves an administrator meant it.
    """
    user = request_user(request)
    next_url = _next_url(request)
    if user_has_totp_device(user):
        return redirect(_with_next("login_code", next_url))
    if request.method == "POST":
        form = CodeForm(request.POST)
        if form.is_valid():
            invitation = enrolment_invitation_check(user=user, code=form.cleaned_data["code"])
            if invitation is not None:
                request.session[INVITATION_SESSION_KEY] = invitation.pk
                return redirect(_with_next("login_setup", next_url))
            form.add_error(
                "code",
                _(
                    "Invitasjonskoden stemmer ikke, er brukt eller har gått ut. "
                    "Be en administrator om en ny."
                ),
            )
    else:
        form = CodeForm()
    return render(request, "login/invitation.html", {"form": form, "next": next_url})


@second_factor_not_required
def setup_view(request: HttpRequest) -> HttpResponse:
    """First login: show the secret (QR code and text), confirm with a first code.

    Only after an invitation code was accepted in this session; confirming the
    device spends the invitation in the same transaction.
    """
    user = request_user(request)
    next_url = _next_url(request)
    if user_has_totp_device(user):
        return redirect(_with_next("login_code", next_url))
    invitation = _accepted_invitation(request)
    if invitation is None:
        return redirect(_with_next("login_invitation", next_url))
    device = totp_device_for_setup(user=user)
    if request.method == "POST":
        form = CodeForm(request.POST)
        if form.is_valid():
            if _confirm_with_invitation(request, device, invitation, form.cleaned_data["code"]):
                request.session.pop(INVITATION_SESSION_KEY, None)
                otp_login(request, device)
                request.session[NEW_CODES_SESSION_KEY] = recovery_codes_replace(user=user)
                messages.success(request, _("Tofaktorinnlogging er satt opp."))
                return redirect(_with_next("login_recovery_codes", next_url))
            form.add_error(
                "code",
                _(
                    "Koden stemmer ikke. Skriv koden appen viser nå, og sjekk at klokken "
                    "på telefonen går riktig."
                ),
            )
    else:
        form = CodeForm()
    context = {
        "form": form,
        "next": next_url,
        "qr_svg": _qr_svg(device.config_url),
        "secret": _typed_secret(device.bin_key),
    }
    return render(request, "login/setup.html", context)


def _confirm_with_invitation(
    request: HttpRequest, device: TOTPDevice, invitation: EnrolmentInvitation, code: str
) -> bool:
    """Confirm the device and spend the invitation together, or neither."""
    with transaction.atomic():
        if not totp_device_confirm(device=device, code=code):
            return False
        if not enrolment_invitation_spend(invitation=invitation, **audit_request_meta(request)):
            transaction.set_rollback(True)
            return False
    return True


@second_factor_not_required
def code_view(request: HttpRequest) -> HttpResponse:
    """After the password: a code from the app, or a recovery code."""
    user = request_user(request)
    next_url = _next_url(request)
    if not user_has_totp_device(user):
        return redirect(_with_next("login_setup", next_url))
    if request.method == "POST":
        form = CodeForm(request.POST)
        if form.is_valid() and second_factor_throttled(user):
            # Checked before the code, so a throttled try neither counts nor passes.
            form.add_error("code", _("For mange feil koder på kort tid. Vent litt, og prøv igjen."))
        elif form.is_valid():
            device = second_factor_check(user=user, code=form.cleaned_data["code"])
            if device is not None:
                otp_login(request, device)
                if isinstance(device, StaticDevice):
                    left = recovery_codes_left(user)
                    messages.warning(
                        request,
                        ngettext(
                            "Du brukte en reservekode. Du har %(count)d igjen.",
                            "Du brukte en reservekode. Du har %(count)d igjen.",
                            left,
                        )
                        % {"count": left},
                    )
                return redirect(next_url)
            form.add_error("code", _("Koden stemmer ikke. Prøv igjen, eller bruk en reservekode."))
    else:
        form = CodeForm()
    return render(request, "login/code.html", {"form": form, "next": next_url})


def recovery_codes_view(request: HttpRequest) -> HttpResponse:
    """Show new recovery codes once; make new ones on request (the old ones stop working)."""
    user = request_user(request)
    next_url = _next_url(request)
    if request.method == "POST":
        request.session[NEW_CODES_SESSION_KEY] = recovery_codes_replace(user=user)
        messages.success(request, _("Du har fått nye reservekoder. De gamle virker ikke lenger."))
        return redirect(_with_next("login_recovery_codes", next_url))
    codes = request.session.pop(NEW_CODES_SESSION_KEY, None)
    context = {
        "codes": [f"{c[:4]}-{c[4:]}" for c in codes or []],
        "left": recovery_codes_left(user),
        "has_app": user_has_totp_device(user),
        "next": next_url,
    }
    return render(request, "login/recovery_codes.html", context)
