"""The API's scope-aware pieces: a group by its code within the user's scope."""
from rest_framework.relations import SlugRelatedField

from zhaoshang.core.api import request_user

from ..models import IndustryGroup
from ..scope import restrict


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
