from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    default = True
    name = "tallrapport.audit"
    label = "audit"
    verbose_name = _("Revisjonslogg")
