from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "zhaoshang.assessment"
    label = "assessment"
    verbose_name = "绩效考评"
