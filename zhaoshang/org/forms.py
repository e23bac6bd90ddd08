from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "用户名或密码不正确，请重新输入（注意区分大小写）。",
        "inactive": "该账号已停用，请联系领导小组办公室。",
    }


class PasswordForm(PasswordChangeForm):
    error_messages = {
        "password_incorrect": "原密码不正确，请重新输入。",
        "password_mismatch": "两次输入的新密码不一致。",
    }
