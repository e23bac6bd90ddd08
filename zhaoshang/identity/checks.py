"""Settings that SPEC §16 does not let a deployment lower."""
from django.conf import settings
from django.core.checks import Error, register

MIN_RETENTION_DAYS = 180  # 网络安全法 §21: network logs kept at least six months


@register()
def audit_retention(app_configs, **kwargs):
    if settings.AUDIT_RETENTION_DAYS < MIN_RETENTION_DAYS:
        return [Error(f"AUDIT_RETENTION_DAYS={settings.AUDIT_RETENTION_DAYS}：变更记录和登录记录至少保存 "
                      f"{MIN_RETENTION_DAYS} 天（网络安全法第二十一条）", id="identity.E001")]
    return []
