"""Filters of the 目标调整 list (the API): status as the list page offers it (with 待我办理 and
办理中), year and group — the group choices are those the user may see."""
import django_filters as filters

from zhaoshang.core.filters import YearFilter
from zhaoshang.org.filters import ScopedFilterSet, group_filter

from . import workflow
from .models import TargetAdjustment

Status = TargetAdjustment.Status
STATUS_CHOICES = [("awaiting", "待我办理"), ("open", "办理中"), *Status.choices]


class AdjustmentFilterSet(ScopedFilterSet):
    status = filters.ChoiceFilter(choices=STATUS_CHOICES, method="in_status",
                                  label="状态：awaiting 待我办理、open 办理中，或某一状态")
    year = YearFilter(field_name="target__plan__year", label="年度")
    group = group_filter(field_name="target__group")

    class Meta:
        model = TargetAdjustment
        fields = []

    def in_status(self, queryset, name, value):
        if value == "awaiting":
            return queryset.filter(workflow.awaiting_filter(getattr(self.request, "user", None)))
        if value == "open":
            return queryset.filter(status__in=workflow.OPEN_STATUSES)
        return queryset.filter(status=value)
