from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    default = True
    name = "tallrapport.accounts"
    label = "accounts"
    verbose_name = _("Brukere og enheter")


class TallrapportAdminConfig(admin_apps.AdminConfig):
    """Django's admin with a site that lets in administrators only."""

    default = False
    default_site = "tallrapport.accounts.admin_site.TallrapportAdminSite"

    def ready(self) -> None:
        super().ready()
        from tallrapport.accounts.admin_site import name_third_party_apps_in_norwegian

        name_third_party_apps_in_norwegian()
