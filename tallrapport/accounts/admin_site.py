"""The admin site, open to administrators only.

Django's own rule lets in any active staff user; here the role decides too, so
that an analyst who was made staff by mistake still cannot edit units, people
or classifications.
"""

from __future__ import annotations

from django.contrib.admin import AdminSite
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from tallrapport.accounts.models import User


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

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return isinstance(user, User) and user.is_active and user.is_staff and user.is_administrator
