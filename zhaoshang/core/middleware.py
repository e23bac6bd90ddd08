"""Every page needs a signed-in user, except the sign-in page and the API.

The API authenticates inside DRF (session or token) and answers 401/403 itself; redirecting a
script to the sign-in page would hide that. The API documentation is a page a person opens:
it sends an anonymous visitor to the sign-in page like any other page.
"""
from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.utils.cache import patch_cache_control
from drf_spectacular.views import SpectacularSwaggerView
from rest_framework.views import APIView

from . import requestctx
from .client import client_address


class LoginRequired(LoginRequiredMiddleware):
    def process_view(self, request, view_func, view_args, view_kwargs):
        view_class = getattr(view_func, "cls", None)
        if view_class is not None and issubclass(view_class, SpectacularSwaggerView):
            if request.user.is_authenticated:
                return None
            return self.handle_no_permission(request, view_func)
        if view_class is not None and issubclass(view_class, APIView):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


def no_store(get_response):
    """Signed-in pages and every API answer carry the user's data: no cache keeps a copy
    (a shared office computer's browser, a proxy) — `Cache-Control: private, no-store`."""

    def middleware(request):
        response = get_response(request)
        user = getattr(request, "user", None)
        if (getattr(user, "is_authenticated", False) or request.path.startswith("/api/")) \
                and not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_store=True)
        return response

    return middleware


def request_context(get_response):
    """Give each request its id (X-Request-ID, kept from a proxy when plain) and the client's
    address for the log, the 500 page and the change records it writes; the id is echoed in the
    response's X-Request-ID so a user's report can be found in the log."""

    def middleware(request):
        rid = requestctx.accepted_id(request.META.get("HTTP_X_REQUEST_ID", ""))
        request.request_id = rid
        with requestctx.working_as(rid, client_address(request)):
            response = get_response(request)
        response["X-Request-ID"] = rid
        return response

    return middleware
