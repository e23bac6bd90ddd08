"""Writing the change log. Services call these; nothing else writes ChangeRecord."""
import datetime
from decimal import Decimal

from . import requestctx
from .models import ChangeRecord


def snapshot(obj, fields):
    """A JSON-safe dict of `fields` of `obj` (dates as ISO text, amounts as strings)."""
    data = {}
    for name in fields:
        value = getattr(obj, name)
        if isinstance(value, (datetime.date, datetime.datetime)):
            value = value.isoformat()
        elif isinstance(value, Decimal):
            value = f"{value:.2f}"
        elif hasattr(value, "pk"):
            value = str(value)
        data[name] = value
    return data


def diff(before, after):
    """The keys whose values differ, as (before, after) dicts limited to those keys."""
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after.get(k) for k in keys}


def _username(user):
    return user.get_username() if getattr(user, "pk", None) else ""


def _operation():
    """(request id, client address) of the work under way; "" outside a request or command."""
    return requestctx.request_id.get() or "", (requestctx.address.get() or "")[:45]


def change_record(obj, action, *, user=None, before=None, after=None, reason="", via="",
                  group_id=None):
    """An unsaved ChangeRecord (for bulk writers); `record` saves one."""
    rid, client = _operation()
    return ChangeRecord(
        user=user if getattr(user, "pk", None) else None,
        username=_username(user),
        action=action,
        object_type=obj._meta.model_name,
        object_id=obj.pk,
        object_repr=str(obj)[:200],
        group_id=group_id,
        before=before,
        after=after,
        reason=reason[:500],
        via=via,
        request_id=rid,
        address=client,
    )


def record(obj, action, **kwargs):
    entry = change_record(obj, action, **kwargs)
    entry.save()
    return entry


# Bulk writers (the ledger import) insert ChangeRecord rows themselves, tens of thousands at a
# time: `change_values` gives what `change_record` would put in each column, without a model
# instance. Its columns are `CHANGE_COLUMNS` (`at` is the writer's: `auto_now_add`, as `save` sets).
CHANGE_COLUMNS = ["user", "username", "action", "object_type", "object_id", "object_repr", "group_id",
                  "before", "after", "reason", "via", "request_id", "address"]


def change_values(model, obj, action, *, user=None, before=None, after=None, reason="", via="",
                  group_id=None):
    """`change_record(obj, …)`'s values as a tuple in `CHANGE_COLUMNS` order (the user as its pk).

    `obj` is an instance of `model` or any object with its `pk` and the attributes `model.__str__`
    reads, so a writer holding plain values gets the same `object_repr` (and, through `snapshot`,
    the same before/after) as `change_record` on the instance.
    """
    return (getattr(user, "pk", None) or None, _username(user), action, model._meta.model_name,
            obj.pk, model.__str__(obj)[:200], group_id, before, after, reason[:500], via, *_operation())


def record_purge(model, *, count, before, via="cli"):
    """The change log's own entry for removing `count` old rows of `model` (ChangeRecord or
    another log) dated before `before`: the purge is evidence too."""
    label = model._meta.verbose_name
    rid, client = _operation()
    return ChangeRecord.objects.create(
        action=ChangeRecord.Action.DELETE, object_type=model._meta.model_name, object_id=0,
        object_repr=f"{label}（{before.isoformat()} 之前）"[:200],
        reason=f"清理保存期已满的{label} {count} 条", via=via,
        request_id=rid, address=client)
