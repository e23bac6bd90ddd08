from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "zhaoshang.dashboard"
    label = "dashboard"
    verbose_name = "首页"
