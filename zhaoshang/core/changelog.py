"""A change record, readable: its object's type and page, who, by which path, which fields
changed from what to what. Knows no domain: a model names its own page with `PAGE` (a URL
name taking the object's id); the group names are passed in."""
from functools import cache

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.urls import reverse

from .formats import money
from .models import VIA_LABELS
from .money import MoneyField

DASH = "—"


@cache
def _models():
    return {model._meta.model_name: model for model in apps.get_models()}


def model_of(object_type):
    """The model a ChangeRecord.object_type (a model_name) names, or None."""
    return _models().get(object_type)


def object_type_label(object_type):
    model = model_of(object_type)
    return str(model._meta.verbose_name) if model else object_type


def field_of(model, name):
    try:
        return model._meta.get_field(name) if model else None
    except FieldDoesNotExist:
        return None


def shown(field, value):
    """A stored value, readable: choices by their label, yes/no, — for nothing."""
    if value is None or value == "" or value == []:
        return DASH
    if isinstance(value, list):
        return "、".join(shown(field, item) for item in value)
    if isinstance(value, bool):
        return "是" if value else "否"
    if field is not None and field.choices:
        return dict(field.flatchoices).get(value, value)
    if isinstance(field, (MoneyField, models.DecimalField)):
        return money(value)  # 85000.00 → 85,000.00, as every page shows amounts
    return str(value)


def field_changes(record):
    """[(label, before, after)] of the fields the record holds, in the order they were saved.

    A creation lists the fields it set, a deletion those it removed.
    """
    model = model_of(record.object_type)
    before, after = record.before or {}, record.after or {}
    rows = []
    for name in [*after, *(k for k in before if k not in after)]:
        field = field_of(model, name)
        old, new = before.get(name), after.get(name)
        if record.before is None and new in (None, "", False, []):
            continue  # a creation's empty fields say nothing
        if record.before is not None and record.after is not None and old == new:
            continue  # an update lists what changed, not what it carried along
        rows.append((str(field.verbose_name) if field else name,
                     shown(field, old) if record.before is not None else "",
                     shown(field, new) if record.after is not None else ""))
    return rows


def entry(record, groups):
    """One row of a change list; `groups`: {group id: name}."""
    url = getattr(model_of(record.object_type), "PAGE", None)
    return {
        "record": record,
        "type": object_type_label(record.object_type),
        "url": reverse(url, args=[record.object_id]) if url else "",
        "group": groups.get(record.group_id, ""),
        "user": (record.user.get_full_name() or record.user.username) if record.user
                else record.username or "系统",  # a deleted user's name stays on the record
        "via": VIA_LABELS.get(record.via, record.via),
        "changes": field_changes(record),
    }

