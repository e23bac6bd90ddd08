from django.apps import AppConfig


class IdentityConfig(AppConfig):
    name = "zhaoshang.identity"
    label = "identity"
    verbose_name = "身份与登录"

    def ready(self):
        from . import checks, signins  # noqa: F401  (system checks; sign-in audit receivers)
