from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.core.exceptions import ValidationError

from zhaoshang.identity import passwords

from . import services, units
from .models import IndustryGroup, Role, Unit, roles_of


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

    def validate_password_for_user(self, user, password_field_name="new_password2"):
        # The same Chinese reasons as the office's 人员管理 pages give.
        password = self.cleaned_data.get(password_field_name)
        problem = services.password_problem(password, user) if password else ""
        if problem:
            self.add_error(password_field_name, problem)

    def save(self, commit=True):
        return services.change_password(self.user, self.cleaned_data["new_password1"], via="form")


# 人员管理 (the office's pages). The forms only collect input; the rules are in `services`.
def role_choices(actor):
    """Every role but admin, which only an admin may grant."""
    admin = Role.ADMIN in roles_of(actor)
    return [("", "请选择角色")] + [(value, label) for value, label in Role.choices
                                   if admin or value != Role.ADMIN]


def ordered_groups():
    return IndustryGroup.objects.order_by("position", "id")


class ServiceForm(forms.Form):
    """A form whose `save` calls a service; the service's ValidationError lands beside the fields."""

    # Service field names that are named differently in the form.
    renamed = {}

    def apply(self, service, *args, **kwargs):
        try:
            return service(*args, **kwargs)
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                field = self.renamed.get(field, field)
                for message in messages:
                    self.add_error(field if field in self.fields else None, message)
            return None


class PersonCreateForm(ServiceForm):
    username = forms.CharField(label="用户名", max_length=150, help_text="登录时使用，创建后不能修改")
    full_name = forms.CharField(label="姓名", max_length=150, required=False)
    email = forms.CharField(label="电子邮箱", max_length=254, required=False)
    role = forms.ChoiceField(label="角色")
    groups = forms.ModelMultipleChoiceField(
        label="产业招商组", queryset=ordered_groups(), to_field_name="code", required=False,
        widget=forms.CheckboxSelectMultiple, help_text="指挥长、联络员、协办单位须选择所在的产业招商组")
    password = forms.CharField(label="初始密码", strip=False, widget=forms.PasswordInput)
    renamed = {"group": "groups"}

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor
        self.fields["role"].choices = role_choices(actor)
        self.fields["password"].help_text = (f"{passwords.rules_text()}。请当面或电话告知本人；"
                                             "本人首次登录时须改为只有自己知道的密码")

    def save(self):
        data = self.cleaned_data
        return self.apply(services.create_user, data["username"].strip(), role=data["role"],
                          groups=[g.code for g in data["groups"]], password=data["password"],
                          full_name=data["full_name"].strip(), email=data["email"],
                          actor=self.actor, via="form")


class ProfileForm(ServiceForm):
    full_name = forms.CharField(label="姓名", max_length=150, required=False)
    email = forms.CharField(label="电子邮箱", max_length=254, required=False)
    renamed = {"first_name": "full_name"}

    def __init__(self, *args, person, actor, **kwargs):
        kwargs.setdefault("initial", {"full_name": person.first_name, "email": person.email})
        super().__init__(*args, **kwargs)
        self.person, self.actor = person, actor

    def save(self):
        return self.apply(services.update_user, self.person, full_name=self.cleaned_data["full_name"],
                          email=self.cleaned_data["email"], actor=self.actor, via="form")


class MembershipForm(ServiceForm):
    role = forms.ChoiceField(label="角色")
    group = forms.ModelChoiceField(label="产业招商组", queryset=ordered_groups(), required=False,
                                   empty_label="（全县角色不选）")

    def __init__(self, *args, person, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.person, self.actor = person, actor
        self.fields["role"].choices = role_choices(actor)

    def save(self):
        return self.apply(services.add_membership, self.person, role=self.cleaned_data["role"],
                          group=self.cleaned_data["group"], actor=self.actor, via="form")


class ResetPasswordForm(ServiceForm):
    password = forms.CharField(label="新密码", strip=False, widget=forms.PasswordInput)
    password2 = forms.CharField(label="再次输入新密码", strip=False, widget=forms.PasswordInput)

    def __init__(self, *args, person, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.person, self.actor = person, actor
        self.fields["password"].help_text = f"{passwords.rules_text()}。本人下次登录时须修改"

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password2") and data["password"] != data["password2"]:
            self.add_error("password2", "两次输入的新密码不一致")
        return data

    def save(self):
        return self.apply(services.reset_password, self.person, self.cleaned_data["password"],
                          actor=self.actor, via="form")


# 单位与招商组 (the office keeps 附件1's make-up current). The rules are in `units`.
class UnitForm(ServiceForm):
    name = forms.CharField(label="单位名称", max_length=200, strip=False)
    reason = forms.CharField(label="变更说明", max_length=200, required=False,
                             help_text="例如：机构改革更名（鹿发〔2021〕5号）")

    def __init__(self, *args, unit=None, actor, **kwargs):
        if unit is not None:
            kwargs.setdefault("initial", {"name": unit.name})
        super().__init__(*args, **kwargs)
        self.unit, self.actor = unit, actor
        if unit is None:
            del self.fields["reason"]

    def save(self):
        if self.unit is None:
            return self.apply(units.create_unit, self.cleaned_data["name"], actor=self.actor, via="form")
        return self.apply(units.rename_unit, self.unit, self.cleaned_data["name"],
                          reason=self.cleaned_data["reason"], actor=self.actor, via="form")


class GroupForm(ServiceForm):
    lead_unit = forms.ChoiceField(label="牵头单位")
    commander = forms.CharField(label="指挥长", max_length=200, required=False,
                                help_text="姓名与职务，例如：张三（副县长）")
    co_units = forms.CharField(
        label="协办单位", required=False, widget=forms.Textarea(attrs={"rows": 10}),
        help_text="每行一个单位，按附件1的顺序；只能填写已登记的单位")
    reason = forms.CharField(label="变更说明", max_length=200, required=False)

    def __init__(self, *args, group, actor, **kwargs):
        kwargs.setdefault("initial", {"lead_unit": group.lead_unit.name, "commander": group.commander,
                                      "co_units": "\n".join(units.co_unit_names(group))})
        super().__init__(*args, **kwargs)
        self.group, self.actor = group, actor
        names = Unit.objects.order_by("name").values_list("name", flat=True)
        self.fields["lead_unit"].choices = [("", "请选择牵头单位")] + [(n, n) for n in names]

    def save(self):
        data = self.cleaned_data
        return self.apply(units.update_group, self.group, lead_unit=data["lead_unit"],
                          co_units=data["co_units"].splitlines(), commander=data["commander"],
                          reason=data["reason"], actor=self.actor, via="form")
