from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "tallrapport.reports"
    verbose_name = "Tallrapporter"
