"""The API's scope-aware base: a viewset that applies `restrict(user)` itself, and a group by
its code within the user's scope."""
from django.db import transaction
from rest_framework import mixins, viewsets
from rest_framework.permissions import SAFE_METHODS
from rest_framework.relations import SlugRelatedField
from rest_framework.response import Response

from zhaoshang.core.api import request_user

from ..models import IndustryGroup
from ..scope import restrict

OUT_OF_SCOPE = "保存后该记录将不在您的数据范围内，未保存"
WRITES = {"create", "update", "partial_update"}


class ScopedViewSet(viewsets.GenericViewSet):
    """A viewset whose rows pass through `restrict(user)` before any handler, lookup, filter,
    permission or serializer sees them (NetBox's BaseViewSet): a subclass names its rows with
    `queryset` or `base_queryset()` and cannot forget the scope (it may not define
    get_queryset). A write runs in one transaction: refused (4xx), it leaves nothing; a create
    or update whose object is then outside the user's scope is undone with a 403."""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "get_queryset" in cls.__dict__:
            raise TypeError(f"{cls.__name__}: name the rows with `queryset` or `base_queryset()`; "
                            "ScopedViewSet.get_queryset applies the user's scope")

    def base_queryset(self):
        return super().get_queryset()

    def get_queryset(self):
        return restrict(self.request.user, self.base_queryset())

    def dispatch(self, request, *args, **kwargs):
        if request.method in SAFE_METHODS:
            return super().dispatch(request, *args, **kwargs)
        with transaction.atomic():
            response = super().dispatch(request, *args, **kwargs)
            if response.status_code >= 400:
                transaction.set_rollback(True)
            elif not self.written_in_scope(response):
                transaction.set_rollback(True)
                response = self.finalize_response(request, Response({"detail": OUT_OF_SCOPE}, status=403),
                                                  *args, **kwargs)
        return response

    def written_in_scope(self, response):
        """Whether the object a create or update answered with is still within the scope."""
        data = getattr(response, "data", None)
        if getattr(self, "action", None) not in WRITES or not isinstance(data, dict):
            return True
        field = "id" if self.lookup_field == "pk" else self.lookup_field
        if field not in data:
            return True
        return self.get_queryset().filter(**{self.lookup_field: data[field]}).exists()


class ScopedReadOnlyViewSet(mixins.RetrieveModelMixin, mixins.ListModelMixin, ScopedViewSet):
    pass


class ScopedModelViewSet(mixins.CreateModelMixin, mixins.RetrieveModelMixin, mixins.UpdateModelMixin,
                         mixins.DestroyModelMixin, mixins.ListModelMixin, ScopedViewSet):
    pass


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
