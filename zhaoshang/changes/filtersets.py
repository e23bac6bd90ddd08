"""The change log's filters: ChangeRecordFilterSet for the API, ChangeFilterSet (the same, with
choices a person picks from) for the 变更记录 page."""
import django_filters as filters
from django.contrib.auth import get_user_model
from django.db.models import Q
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from zhaoshang.core.changelog import object_type_label
from zhaoshang.core.filters import IdFilter
from zhaoshang.core.models import ChangeRecord
from zhaoshang.org.filters import ScopedFilterSet, group_filter
from zhaoshang.org.models import COUNTY_ROLES
from zhaoshang.org.scope import Scope


class ChangeRecordFilterSet(ScopedFilterSet):
    object_type = filters.CharFilter(label="对象类型，如 project、fundsrecord")
    object_id = IdFilter(label="对象ID")
    user = filters.CharFilter(field_name="username", label="操作人用户名")
    action = filters.ChoiceFilter(choices=ChangeRecord.Action.choices, label="操作")
    since = filters.DateFilter(field_name="at", lookup_expr="date__gte", label="起始日期（含）")
    until = filters.DateFilter(field_name="at", lookup_expr="date__lte", label="截止日期（含）")
    group = group_filter(method="in_group")
    request_id = filters.CharFilter(label="操作编号：同一次请求、导入或命令写下的记录共用一个")

    class Meta:
        model = ChangeRecord
        fields = []

    @extend_schema_field(OpenApiTypes.STR)
    def in_group(self, queryset, name, group):
        return queryset.filter(group_id=group.pk)


class ChangeFilterSet(ChangeRecordFilterSet):
    object_type = filters.ChoiceFilter(label="对象类型", choices=[])
    user = filters.ChoiceFilter(field_name="user__username", label="操作人", choices=[])
    q = filters.CharFilter(field_name="object_repr", lookup_expr="icontains", label="对象名称")

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        types = ChangeRecord.objects.order_by().values_list("object_type", flat=True).distinct()
        self.filters["object_type"].extra["choices"] = sorted(
            ((t, object_type_label(t)) for t in types), key=lambda choice: choice[1])
        self.filters["user"].extra["choices"] = [
            (u.username, f"{u.get_full_name()}（{u.username}）" if u.get_full_name() else u.username)
            for u in users_seen_by(getattr(request, "user", None))]


def users_seen_by(user):
    """Whom `user` may pick as 操作人: everyone for the county; else the county's staff and the
    members of the user's own groups (no other group's people)."""
    users = get_user_model().objects.order_by("username")
    scope = Scope.of(user)
    if scope.is_everything:
        return users
    return users.filter(Q(memberships__role__in=COUNTY_ROLES) | Q(memberships__group_id__in=scope.group_ids)
                        | Q(is_superuser=True)).distinct()
