"""变更记录: who changed what and when, before and after, within the user's scope."""
from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse

from zhaoshang.org.models import IndustryGroup
from zhaoshang.org.scope import restrict

from .filtersets import ChangeFilterSet, model_of, object_type_label
from .models import VIA_LABELS, ChangeRecord

PAGE_SIZE = 50
DASH = "—"
# Objects with a page of their own: object_type → URL name.
OBJECT_URLS = {"project": "projects:detail", "trip": "trips:detail",
               "targetadjustment": "plans:adjustment_detail", "exitrequest": "exits:detail",
               "unit": "units:unit"}


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
        rows.append((str(field.verbose_name) if field else name,
                     shown(field, old) if record.before is not None else "",
                     shown(field, new) if record.after is not None else ""))
    return rows


def entry(record, groups):
    url = OBJECT_URLS.get(record.object_type)
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


def changes(request):
    records = restrict(request.user, ChangeRecord.objects.select_related("user"))
    filterset = ChangeFilterSet(request.GET, records, request=request)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    groups = dict(IndustryGroup.objects.values_list("pk", "name"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "core/changes.html", {
        "filterset": filterset, "page": page, "query": query.urlencode(),
        "entries": [entry(record, groups) for record in page],
        "actions": ChangeRecord.Action.choices,
    })
