"""The notices list's filter (the API): unread only, or read only."""
import django_filters as filters

from .models import Notification


class NoticeFilterSet(filters.FilterSet):
    unread = filters.BooleanFilter(field_name="read_at", lookup_expr="isnull",
                                   label="true 只看未读，false 只看已读")
    kind = filters.ChoiceFilter(choices=Notification.Kind.choices, label="类别")

    class Meta:
        model = Notification
        fields = []
