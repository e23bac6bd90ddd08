"""Filters of the 目标调整 list (the API): status as the list page offers it (with 待我办理 and
办理中), year and group — the group choices are those the user may see."""
import django_filters as filters

from zhaoshang.org.models import IndustryGroup
from zhaoshang.org.scope import restrict

from . import workflow
from .models import TargetAdjustment

Status = TargetAdjustment.Status
STATUS_CHOICES = [("awaiting", "待我办理"), ("open", "办理中"), *Status.choices]


class AdjustmentFilterSet(filters.FilterSet):
    status = filters.ChoiceFilter(choices=STATUS_CHOICES, method="in_status",
                                  label="状态：awaiting 待我办理、open 办理中，或某一状态")
    year = filters.NumberFilter(field_name="target__plan__year", label="年度")
    group = filters.ModelChoiceFilter(queryset=IndustryGroup.objects.none(), to_field_name="code",
                                      field_name="target__group", label="产业招商组代码")

    class Meta:
        model = TargetAdjustment
        fields = []

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        user = getattr(request, "user", None)
        queryset = restrict(user, TargetAdjustment.objects.all() if queryset is None else queryset)
        super().__init__(data, queryset, request=request, prefix=prefix)
        self.filters["group"].queryset = restrict(user, IndustryGroup.objects.all())

    def in_status(self, queryset, name, value):
        if value == "awaiting":
            return queryset.filter(workflow.awaiting_filter(getattr(self.request, "user", None)))
        if value == "open":
            return queryset.filter(status__in=workflow.OPEN_STATUSES)
        return queryset.filter(status=value)
