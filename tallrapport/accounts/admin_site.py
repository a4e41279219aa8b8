"""The admin site, open to administrators only.

Django's own rule lets in any active staff user; here the role decides too, so
that an analyst who was made staff by mistake still cannot edit units, people
or classifications.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.apps import apps
from django.contrib.admin import AdminSite
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from tallrapport.accounts.models import User

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise as Name
else:
    Name = str


class AdministratorAuthenticationForm(AdminAuthenticationForm):
    """The admin's login refuses staff users who are not administrators."""

    def confirm_login_allowed(self, user: User) -> None:
        super().confirm_login_allowed(user)
        if not (isinstance(user, User) and user.is_administrator):
            raise ValidationError(
                self.error_messages["invalid_login"],
                code="invalid_login",
                params={"username": self.username_field.verbose_name},
            )


class TallrapportAdminSite(AdminSite):
    site_header = _("Tallrapport – administrasjon")
    site_title = _("Tallrapport")
    index_title = _("Administrasjon")
    login_form = AdministratorAuthenticationForm
    # «Vis nettsted» goes to the start page (the root; Django adds any script
    # prefix), where the administrator also lands after logging in.
    site_url = "/"

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return isinstance(user, User) and user.is_active and user.is_staff and user.is_administrator


# The admin shows no English. Third-party apps name themselves in English, and
# django-otp's models are not even marked for translation, so a catalogue cannot
# reach them: their display names are set here instead. Only the display
# attributes change; ``Meta.original_attrs``, which migrations read, stays as
# the packages ship it, so no migration follows from this.
THIRD_PARTY_NAMES: dict[str, tuple[Name, dict[str, tuple[Name, Name]]]] = {
    "axes": (
        _("Innloggingsforsøk og sperring"),
        {
            "accessattempt": (
                _("forsøk som teller mot sperring"),
                _("forsøk som teller mot sperring"),
            ),
            "accessfailurelog": (_("mislykket innlogging"), _("mislykkede innlogginger")),
            "accesslog": (_("innlogging"), _("innlogginger")),
            "accessattemptexpiration": (_("utløp av forsøk"), _("utløp av forsøk")),
        },
    ),
    "otp_totp": (
        _("Tofaktor: autentiseringsapper"),
        {"totpdevice": (_("autentiseringsapp"), _("autentiseringsapper"))},
    ),
    "otp_static": (
        _("Tofaktor: reservekoder"),
        {
            "staticdevice": (_("sett med reservekoder"), _("sett med reservekoder")),
            "statictoken": (_("reservekode"), _("reservekoder")),
        },
    ),
}


def name_third_party_apps_in_norwegian() -> None:
    """Give the third-party apps and models in the admin their Norwegian names."""
    for label, (app_name, models) in THIRD_PARTY_NAMES.items():
        try:
            config = apps.get_app_config(label)
        except LookupError:  # an app this installation leaves out
            continue
        config.verbose_name = app_name
        for model_name, (singular, plural) in models.items():
            try:
                opts = config.get_model(model_name)._meta
            except LookupError:  # a model an older version of the package lacks
                continue
            opts.verbose_name, opts.verbose_name_plural = singular, plural
