from django.apps import AppConfig


class StatsConfig(AppConfig):
    name = "tallrapport.stats"
    verbose_name = "Statistikk"
