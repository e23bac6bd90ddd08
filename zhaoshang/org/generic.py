"""The pages' scope-aware base (NetBox's generic views, written smaller): a view never fetches a
group's object itself; `scoped` fetches it through `restrict(user)` before the view runs."""
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404

from .scope import restrict

OUT_OF_SCOPE = "保存后该记录将不在您的数据范围内，未保存"
SAFE = {"GET", "HEAD", "OPTIONS"}


def scoped(queryset, *, lookup="pk", kwarg=None):
    """A view decorator: the object the URL names (its `kwarg`, default `lookup`) is looked up
    in `restrict(user, queryset)` before the view runs and handed to it in place of the id; out
    of the scope it is a 404, never a hint that it exists. A write runs in one transaction and
    is undone (403) if it took the object out of the user's scope."""
    kwarg = kwarg or lookup

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            rows = restrict(request.user, queryset.all())
            obj = get_object_or_404(rows, **{lookup: kwargs.pop(kwarg)})
            if request.method in SAFE:
                return view(request, obj, *args, **kwargs)
            with transaction.atomic():
                response = view(request, obj, *args, **kwargs)
                model = type(obj)
                if model.objects.filter(pk=obj.pk).exists() and not rows.filter(pk=obj.pk).exists():
                    raise PermissionDenied(OUT_OF_SCOPE)  # undoes the write
            return response
        return wrapped
    return decorator
