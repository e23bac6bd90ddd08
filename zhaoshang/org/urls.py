from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from .forms import LoginForm, PasswordForm


class Refused400:
    """A form sent back with its errors answers 400, like every other form of the system."""

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response


class LoginView(Refused400, auth_views.LoginView):
    authentication_form = LoginForm
    redirect_authenticated_user = True


class PasswordChangeView(Refused400, auth_views.PasswordChangeView):
    form_class = PasswordForm
    success_url = reverse_lazy("accounts:password_done")


app_name = "accounts"
urlpatterns = [
    path("login/", LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", PasswordChangeView.as_view(), name="password"),
    path("password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_done"),
]
