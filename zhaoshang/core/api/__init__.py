"""Shared API pieces: pagination, the scope-aware write permission, service errors as 400/409.

Each app keeps its endpoints in `<app>/api/serializers.py` + `<app>/api/views.py`; the
router is `zhaoshang/api_urls.py`.
"""
from contextlib import contextmanager

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import status
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.relations import SlugRelatedField
from rest_framework.settings import api_settings

from zhaoshang.org.models import IndustryGroup
from zhaoshang.org.scope import editable_group_ids, may_edit_group, restrict

READ_ONLY = "您的角色只能查看，不能修改"


class Pagination(PageNumberPagination):
    """`{"count", "next", "previous", "results"}`; scripts may ask for up to 1000 per page."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 1000


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "该记录已被他人修改，请刷新后重新修改"
    default_code = "conflict"


class MayEdit(BasePermission):
    """Reading follows the queryset's scope; writing needs `may_edit_group` on the object's group.

    The object is fetched from the restricted queryset first, so an outsider gets 404, not 403.
    A view names the group of an object with `group_id_of(obj)`.
    """

    message = READ_ONLY

    def has_permission(self, request, view):
        if request.method in SAFE_METHODS or getattr(view, "action", None) != "create":
            return True
        return editable_group_ids(request.user) != set()

    def has_object_permission(self, request, view, obj):
        return request.method in SAFE_METHODS or may_edit_group(request.user, view.group_id_of(obj))


def field_errors(exc):
    """A Django ValidationError from a service as DRF's `{"field": ["中文原因"]}`."""
    if not hasattr(exc, "error_dict"):
        return {api_settings.NON_FIELD_ERRORS_KEY: exc.messages}
    errors = exc.message_dict
    if "__all__" in errors:
        errors[api_settings.NON_FIELD_ERRORS_KEY] = errors.pop("__all__")
    return errors


@contextmanager
def service_errors():
    """Turn a service's ValidationError into a 400 with field errors (nothing was written)."""
    try:
        yield
    except DjangoValidationError as exc:
        raise ValidationError(field_errors(exc)) from None


def request_user(field):
    """The user behind a serializer or field (its context holds the request)."""
    return getattr(field.context.get("request"), "user", None)


class GroupCodeField(SlugRelatedField):
    """An IndustryGroup by its code, among the groups the requesting user may see.

    An unknown code and another group's code get the same answer: nothing leaks.
    """

    default_error_messages = {"does_not_exist": "产业招商组不存在", "invalid": "产业招商组不存在"}

    def __init__(self, **kwargs):
        kwargs.setdefault("slug_field", "code")
        if not kwargs.get("read_only"):
            kwargs.setdefault("queryset", IndustryGroup.objects.all())
        super().__init__(**kwargs)

    def get_queryset(self):
        return restrict(request_user(self), super().get_queryset())
