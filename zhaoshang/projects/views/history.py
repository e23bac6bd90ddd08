"""A project's change history in words: ChangeRecords with Chinese field labels and values."""
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Q

from zhaoshang.core.models import VIA_LABELS, ChangeRecord
from zhaoshang.org.scope import restrict
from zhaoshang.core.formats import money

from ..models import FundsRecord, ProgressNote, Project, ProjectIssue

MODELS = {"project": Project, "fundsrecord": FundsRecord, "progressnote": ProgressNote,
          "projectissue": ProjectIssue}
OBJECT_NAMES = {"project": "项目", "fundsrecord": "到位资金", "progressnote": "进展情况",
                "projectissue": "存在问题"}
MONEY_FIELDS = {"total_investment", "amount"}
SHOWN = 10  # the rest is on the 变更记录 page, filtered by the project's code


def project_history(user, project, limit=SHOWN):
    """([the newest `limit` ChangeRecords described], how many there are in all) of `project`
    and of its funds, notes and problems.

    Records of the parts name the project by its code (their `object_repr` starts with it),
    which also finds the records of funds removed since.
    """
    parts = Q(object_type__in=["fundsrecord", "progressnote", "projectissue"],
              object_repr__startswith=f"{project.code} ")
    records = restrict(user, ChangeRecord.objects.filter(
        Q(object_type="project", object_id=project.pk) | parts))
    newest = records.select_related("user").order_by("-at", "-id")[:limit]
    return [describe(record) for record in newest], records.count()


def describe(record):
    model = MODELS.get(record.object_type)
    before, after = record.before or {}, record.after or {}
    if record.action == ChangeRecord.Action.CREATE:
        changes = [(label(model, k), None, show(model, k, v)) for k, v in after.items()
                   if v not in (None, "", False)]
    elif record.action == ChangeRecord.Action.DELETE:
        changes = [(label(model, k), show(model, k, v), None) for k, v in before.items()
                   if v not in (None, "", False)]
    else:
        keys = list(dict.fromkeys([*before, *after]))
        changes = [(label(model, k), show(model, k, before.get(k)), show(model, k, after.get(k)))
                   for k in keys]
    return {"record": record, "object": object_name(record), "action": record.get_action_display(),
            "via": VIA_LABELS.get(record.via, record.via), "changes": changes,
            "whole": record.action in (ChangeRecord.Action.CREATE, ChangeRecord.Action.DELETE)}


def object_name(record):
    name = OBJECT_NAMES.get(record.object_type, record.object_type)
    if record.object_type == "fundsrecord":
        # "CODE 2021-05-01 300.00万元" → "到位资金 2021-05-01"
        words = record.object_repr.split(" ")
        return f"{name} {words[1]}" if len(words) > 1 else name
    return name


def label(model, name):
    try:
        return str(model._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:  # a field renamed since the record was written
        return name


def show(model, name, value):
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "是" if value else "否"
    if name in MONEY_FIELDS:
        return f"{money(value)} 万元"
    try:
        choices = dict(model._meta.get_field(name).choices or [])
    except FieldDoesNotExist:
        choices = {}
    return str(choices.get(value, value))
