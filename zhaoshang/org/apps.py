from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "zhaoshang.org"
    label = "org"
    verbose_name = "组织"
