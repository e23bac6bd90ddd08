"""One FilterSet serves the project list, its Excel export and the API (NetBox's habit)."""
import django_filters as filters
from django.db.models import Q

from zhaoshang.core.filters import IdFilter, YearFilter
from zhaoshang.org.filters import ScopedFilterSet, group_filter
from zhaoshang.org.scope import exit_approval_scope

from .models import ExitRequest, Origin, Project, Stage

SORTABLE = {
    "code": "项目编号", "name": "项目名称", "group": "产业招商组", "stage": "项目阶段",
    "total_investment": "总投资", "signed_on": "签约日期", "updated_at": "更新时间",
}


# The yes/no filters, as the filter bars show them.
FLAGS = [("industrial", "工业项目"), ("emerging", "新兴产业"), ("sanqi", "三企入桂")]


def flag_values(form):
    """[(name, label, "true" | "false" | "")] of the yes/no filters as the filter reads them
    (the widget's own parsing, so the bar never shows a choice the filter ignored)."""
    shown = {True: "true", False: "false"}
    return [(name, label, shown.get(form[name].data, "")) for name, label in FLAGS]


class ProjectFilterSet(ScopedFilterSet):
    q = filters.CharFilter(method="search", label="关键词")
    group = group_filter("产业招商组")
    stage = filters.MultipleChoiceFilter(choices=Stage.choices, label="项目阶段")
    origin = filters.ChoiceFilter(choices=Origin.choices, label="投资方来源")
    industrial = filters.BooleanFilter(label="工业项目")
    emerging = filters.BooleanFilter(label="新兴产业")
    sanqi = filters.BooleanFilter(label="三企入桂")
    signed_year = YearFilter(field_name="signed_on", lookup_expr="year", label="签约年度")
    investment_min = filters.NumberFilter(field_name="total_investment", lookup_expr="gte",
                                          label="总投资不低于（万元）")
    investment_max = filters.NumberFilter(field_name="total_investment", lookup_expr="lte",
                                          label="总投资不高于（万元）")
    ordering = filters.OrderingFilter(fields={k: k for k in SORTABLE}, field_labels=SORTABLE,
                                      label="排序")

    class Meta:
        model = Project
        fields = []

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(code__icontains=value) | Q(name__icontains=value)
                               | Q(investor__icontains=value) | Q(location__icontains=value))


def awaiting_filter(queryset, user):
    """The pending exit requests `user` may approve: the office all, a commander his group's."""
    return exit_approval_scope(user).filter(queryset.filter(status=ExitRequest.Status.PENDING))


class ExitRequestFilterSet(ScopedFilterSet):
    """The exit requests API: status (awaiting = those the user may approve), group, project."""

    status = filters.ChoiceFilter(choices=[("awaiting", "待我审批"), *ExitRequest.Status.choices],
                                  method="in_status", label="状态：awaiting 待我审批，或某一状态")
    group = group_filter(field_name="project__group")
    project = IdFilter(field_name="project_id", label="项目ID")

    class Meta:
        model = ExitRequest
        fields = []

    def in_status(self, queryset, name, value):
        if value == "awaiting":  # the list page's rule, not a second one
            return awaiting_filter(queryset, getattr(self.request, "user", None))
        return queryset.filter(status=value)
