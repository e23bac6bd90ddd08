"""Every page needs a signed-in user, except the sign-in page and the API.

The API authenticates inside DRF (session or token) and answers 401/403 itself; redirecting a
script to the sign-in page would hide that.
"""
from django.contrib.auth.middleware import LoginRequiredMiddleware
from rest_framework.views import APIView


class LoginRequired(LoginRequiredMiddleware):
    def process_view(self, request, view_func, view_args, view_kwargs):
        view_class = getattr(view_func, "cls", None)
        if view_class is not None and issubclass(view_class, APIView):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)
