from django.apps import AppConfig


class ChangesConfig(AppConfig):
    name = "zhaoshang.changes"
    label = "changes"
    verbose_name = "变更记录"
