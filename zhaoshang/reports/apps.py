from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "zhaoshang.reports"
    label = "reports"
    verbose_name = "报表"
