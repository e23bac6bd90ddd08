from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "zhaoshang.plans"
    label = "plans"
    verbose_name = "年度计划"
