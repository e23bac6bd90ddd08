"""变更记录: who changed what and when, before and after, within the user's scope."""
from django.core.paginator import Paginator
from django.shortcuts import render

from zhaoshang.core.changelog import entry
from zhaoshang.core.models import ChangeRecord
from zhaoshang.org.models import IndustryGroup
from zhaoshang.org.scope import restrict

from .filtersets import ChangeFilterSet

PAGE_SIZE = 50


def changes(request):
    records = restrict(request.user, ChangeRecord.objects.select_related("user"))
    filterset = ChangeFilterSet(request.GET, records, request=request)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    groups = dict(IndustryGroup.objects.values_list("pk", "name"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "changes/list.html", {
        "filterset": filterset, "page": page, "query": query.urlencode(),
        "entries": [entry(record, groups) for record in page],
        "actions": ChangeRecord.Action.choices,
    })
