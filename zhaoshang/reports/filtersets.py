"""Filters of the reporting cycle's lists (the submissions API): year, kind, group, period,
status; the group choices are those the user may see."""
import django_filters as filters

from zhaoshang.core.filters import IdFilter, YearFilter
from zhaoshang.org.filters import ScopedFilterSet, group_filter

from .models import ReportPeriod, Submission


class PeriodFilterSet(filters.FilterSet):
    year = YearFilter(label="年度")
    kind = filters.ChoiceFilter(choices=ReportPeriod.Kind.choices, label="类别（quarter 季报、month 月报）")

    class Meta:
        model = ReportPeriod
        fields = []


class SubmissionFilterSet(ScopedFilterSet):
    year = YearFilter(field_name="period__year", label="年度")
    kind = filters.ChoiceFilter(field_name="period__kind", choices=ReportPeriod.Kind.choices,
                                label="类别（quarter 季报、month 月报）")
    period = IdFilter(field_name="period_id", label="报送期ID")
    group = group_filter()
    status = filters.ChoiceFilter(choices=Submission.Status.choices, label="状态")

    class Meta:
        model = Submission
        fields = []
