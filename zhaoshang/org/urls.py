from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from zhaoshang.identity import lockout, passwords
from zhaoshang.identity import views as identity_views

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

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "lockout": lockout.sign_in_note()}

    def form_valid(self, form):
        response = super().form_valid(form)
        session, user = self.request.session, form.get_user()
        # A password set before today's rules: only the sign-in sees it typed (SPEC §16).
        if not passwords.pending_reason(session) and passwords.is_weak(form.cleaned_data["password"],
                                                                         user):
            passwords.note_in_session(session, user, passwords.WEAK)
        return response


class PasswordChangeView(Refused400, auth_views.PasswordChangeView):
    form_class = PasswordForm
    success_url = reverse_lazy("accounts:password_done")

    def get_context_data(self, **kwargs):
        reason = passwords.pending_reason(self.request.session)
        return {**super().get_context_data(**kwargs),
                "reason": passwords.reason_text(reason) if reason else "",
                "rules": passwords.rules_text()}

    def form_valid(self, form):
        response = super().form_valid(form)
        passwords.note_in_session(self.request.session, form.user, "")
        return response


app_name = "accounts"
urlpatterns = [
    path("login/", LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", PasswordChangeView.as_view(), name="password"),
    path("password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_done"),
    path("tokens/", identity_views.token_list, name="tokens"),
    path("tokens/<str:key>/revoke/", identity_views.token_revoke, name="token_revoke"),
]
