"""The 变更记录 page's filters: the API's ChangeRecordFilterSet, with choices a person picks from."""
from functools import cache

import django_filters as filters
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models import Q

from zhaoshang.org.models import COUNTY_ROLES
from zhaoshang.org.scope import visible_group_ids

from .api.views import ChangeRecordFilterSet
from .models import ChangeRecord


@cache
def _models():
    return {model._meta.model_name: model for model in apps.get_models()}


def model_of(object_type):
    """The model a ChangeRecord.object_type (a model_name) names, or None."""
    return _models().get(object_type)


def object_type_label(object_type):
    model = model_of(object_type)
    return str(model._meta.verbose_name) if model else object_type


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
    groups = visible_group_ids(user)
    if groups is None:
        return users
    return users.filter(Q(memberships__role__in=COUNTY_ROLES) | Q(memberships__group_id__in=groups)
                        | Q(is_superuser=True)).distinct()
