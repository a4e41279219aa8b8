from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LoginConfig(AppConfig):
    """Logging in: the second factor, recovery codes, lockout and Entra ID.

    The devices live in django-otp's tables and the failed attempts in
    django-axes'; this app holds the pages and the rules around them.
    """

    name = "tallrapport.login"
    label = "login"
    verbose_name = _("Innlogging")
