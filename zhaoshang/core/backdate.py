"""Dating the sample year (`zhaoshang demo`) when it happened. Demo-only.

The services write every row of the sample and stamp it with the moment of loading: the change
log's `at`, `auto_now_add` columns, `default=timezone.now`. A county's real 2021 was entered
during 2021, so the demo wraps each service call in `backdated(moment, Model, ...)`, which moves
those stamps of the rows the call inserted to `moment`. Only bookkeeping stamps move (columns the
database fills in by itself); nothing a user entered, and no state: the services stay the only
writers of that.
"""
import contextlib
import datetime

from django.db.models import DateTimeField, Max
from django.utils import timezone

from .models import ChangeRecord


def local_time(day, hour=10, minute=0):
    """`day` at hour:minute in the site's time zone (Asia/Shanghai), as an aware datetime."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def stamp_fields(model):
    """The names of `model`'s timestamps filled in on save: auto_now(_add) or default now."""
    return [field.name for field in model._meta.concrete_fields
            if isinstance(field, DateTimeField)
            and (field.auto_now or field.auto_now_add or field.default is timezone.now)]


@contextlib.contextmanager
def backdated(moment, *models):
    """Rows of `models` (and change records) inserted inside the block get their stamps = `moment`.

    Relies on primary keys growing (SQLite AUTOINCREMENT, PostgreSQL identity) and on nobody
    else writing meanwhile: the demo runs in one transaction of its own.
    """
    marks = {model: model.objects.aggregate(top=Max("pk"))["top"] or 0
             for model in dict.fromkeys((ChangeRecord, *models))}
    yield
    for model, mark in marks.items():
        fields = stamp_fields(model)
        if fields:
            model.objects.filter(pk__gt=mark).update(**{name: moment for name in fields})
