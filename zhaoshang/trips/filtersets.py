"""The trips list's filters: group, region, year, two-month window, text; always within scope."""
import django_filters as filters
from django.db.models import Q
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from zhaoshang.core.filters import YearFilter
from zhaoshang.org.filters import ScopedFilterSet, group_filter

from .compliance import WINDOW_COUNT, windows
from .models import Region, Trip

WINDOW_CHOICES = [(w.number, w.label) for w in windows(2021)]  # labels only; the year is separate


class TripFilterSet(ScopedFilterSet):
    q = filters.CharFilter(method="search", label="关键词")
    group = group_filter("产业招商组")
    region = filters.ChoiceFilter(choices=Region.choices, label="考察地区")
    year = YearFilter(field_name="start_on", lookup_expr="year", label="年度")
    window = filters.TypedChoiceFilter(choices=WINDOW_CHOICES, coerce=int, method="in_window",
                                       label="时段")

    class Meta:
        model = Trip
        fields = []

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(destination__icontains=value) | Q(leader__icontains=value)
                               | Q(participants__icontains=value) | Q(enterprises__icontains=value)
                               | Q(outcome__icontains=value))

    @extend_schema_field(OpenApiTypes.INT)
    def in_window(self, queryset, name, value):
        """Trips STARTING in the window (months 2n−1 and 2n), as the compliance view counts."""
        if not value or not 1 <= value <= WINDOW_COUNT:
            return queryset
        return queryset.filter(start_on__month__in=[2 * value - 1, 2 * value])
