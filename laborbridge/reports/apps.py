from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "laborbridge.reports"
    label = "reports"
    verbose_name = "统计与报表"
