"""变更记录: who changed what and when, before and after, within the user's scope."""
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import render
from django.views.decorators.http import require_safe

from zhaoshang.core.changelog import entry
from zhaoshang.core.models import ChangeRecord
from zhaoshang.org.models import IndustryGroup
from zhaoshang.org.scope import is_office, restrict

from .filtersets import ChangeFilterSet

PAGE_SIZE = 50


@require_safe  # reads only: a POST is 405
def changes(request):
    records = restrict(request.user, ChangeRecord.objects.select_related("user"))
    filterset = ChangeFilterSet(request.GET, records, request=request)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    groups = dict(IndustryGroup.objects.values_list("pk", "name"))
    query = request.GET.copy()
    query.pop("page", None)
    entries = [entry(record, groups) for record in page]
    operation = filterset.form.cleaned_data.get("request_id") if filterset.is_valid() else ""
    if not operation:  # a link to the rest of an operation's records
        shared = shared_operations(records, page)
        for e in entries:
            e["shared"] = shared.get(e["record"].request_id)
    return render(request, "changes/list.html", {
        "filterset": filterset, "page": page, "query": query.urlencode(), "entries": entries,
        "actions": ChangeRecord.Action.choices, "show_address": is_office(request.user),
        "operation": operation,
    })


def shared_operations(records, page):
    """The operation ids on `page` that wrote more than one record the user may see."""
    ids = {record.request_id for record in page if record.request_id}
    counts = (records.filter(request_id__in=ids).order_by().values("request_id")
              .annotate(n=Count("id")).filter(n__gt=1))
    return {row["request_id"]: row["n"] for row in counts}
