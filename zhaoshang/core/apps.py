from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "zhaoshang.core"
    label = "core"
    verbose_name = "公共"
