"""Filters of the reporting cycle's lists (the submissions API): year, kind, group, period,
status; the group choices are those the user may see."""
import django_filters as filters

from zhaoshang.org.models import IndustryGroup
from zhaoshang.org.scope import restrict

from .models import ReportPeriod, Submission


class PeriodFilterSet(filters.FilterSet):
    year = filters.NumberFilter(label="年度")
    kind = filters.ChoiceFilter(choices=ReportPeriod.Kind.choices, label="类别（quarter 季报、month 月报）")

    class Meta:
        model = ReportPeriod
        fields = []


class SubmissionFilterSet(filters.FilterSet):
    year = filters.NumberFilter(field_name="period__year", label="年度")
    kind = filters.ChoiceFilter(field_name="period__kind", choices=ReportPeriod.Kind.choices,
                                label="类别（quarter 季报、month 月报）")
    period = filters.NumberFilter(field_name="period_id", label="报送期ID")
    group = filters.ModelChoiceFilter(queryset=IndustryGroup.objects.none(), to_field_name="code",
                                      label="产业招商组代码")
    status = filters.ChoiceFilter(choices=Submission.Status.choices, label="状态")

    class Meta:
        model = Submission
        fields = []

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        user = getattr(request, "user", None)
        queryset = restrict(user, Submission.objects.all() if queryset is None else queryset)
        super().__init__(data, queryset, request=request, prefix=prefix)
        # Another group's code is "not a valid choice", like a typo: no name leaks.
        self.filters["group"].queryset = restrict(user, IndustryGroup.objects.all())
