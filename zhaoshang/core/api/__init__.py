"""Shared API pieces: pagination, service errors as 400/409 (the scope-aware pieces: org.api.base).

Each app keeps its endpoints in `<app>/api/serializers.py` + `<app>/api/views.py`; the
router is `zhaoshang/api_urls.py`.
"""
from contextlib import contextmanager

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import status
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.settings import api_settings


class Pagination(PageNumberPagination):
    """`{"count", "next", "previous", "results"}`; scripts may ask for up to 1000 per page."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 1000


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "该记录已被他人修改，请刷新后重新修改"
    default_code = "conflict"


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
