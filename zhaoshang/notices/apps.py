from django.apps import AppConfig


class NoticesConfig(AppConfig):
    name = "zhaoshang.notices"
    label = "notices"
    verbose_name = "通知"
