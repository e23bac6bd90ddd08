"""How long the change log and the sign-in log are kept (SPEC §16: at least 180 days, 网络安全法
§21) and the one way to remove older records."""
import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from zhaoshang.core.audit import record_purge
from zhaoshang.core.models import ChangeRecord

from .models import SignInRecord

LOGS = [ChangeRecord, SignInRecord]


def earliest_kept():
    """The first day whose records must still be kept."""
    return timezone.localdate() - datetime.timedelta(days=settings.AUDIT_RETENTION_DAYS)


def start_of(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


@transaction.atomic
def purge(before, *, via="cli"):
    """Remove change and sign-in records dated before the day `before`; refused when that
    would take records younger than the retention period. {model: count removed}."""
    limit = earliest_kept()
    if before > limit:
        raise ValidationError(
            f"变更记录和登录记录至少保存 {settings.AUDIT_RETENTION_DAYS} 天，只能清理 "
            f"{limit.isoformat()} 之前的记录（--before 最晚为 {limit.isoformat()}）")
    removed = {}
    for model in LOGS:
        removed[model], _ = model.objects.filter(at__lt=start_of(before)).delete()
        if removed[model]:
            record_purge(model, count=removed[model], before=before, via=via)
    return removed
