"""The password policy of SPEC §16: Django's rules and ours, each refusal in Chinese."""
import pytest

from zhaoshang.core.models import ChangeRecord
from zhaoshang.core.tests.users import make_user
from zhaoshang.identity import passwords
from zhaoshang.identity.models import PasswordHistory
from zhaoshang.org import services

from .conftest import GOOD


@pytest.fixture
def wang(db):
    user = make_user(username="wangwu", password=GOOD)
    user.first_name = "王五"
    return user


@pytest.mark.parametrize("password, reason", [
    ("Ab1!xyz", "密码太短，至少需要 10 个字符"),
    ("luzhai2021", "密码须包含大写字母、小写字母、数字、符号中的至少 3 类"),
    ("12345678901", "密码须包含大写字母、小写字母、数字、符号中的至少 3 类"),
    ("Wangwu@2021", "密码不能包含用户名"),
    ("Uwgnaw@2021", "密码不能包含用户名"),                  # the name backwards
    ("Password@123", "这个密码太常见，容易被猜到，请换一个"),
    ("Admin@2021!", "这个密码太常见，容易被猜到，请换一个"),
    ("P@ssw0rd123", "这个密码太常见，容易被猜到，请换一个"),
    (GOOD, "不能与最近 5 次用过的密码相同"),               # the current one
])
def test_a_weak_password_is_refused_with_its_reason(wang, password, reason):
    assert reason in passwords.problem(password, wang)


@pytest.mark.parametrize("password", ["Luzhai@2021", "Lz#river-2022", "绿水青山-Jinshan9"])
def test_a_strong_password_passes(wang, password):
    assert passwords.problem(password, wang) == ""


def test_the_last_five_passwords_may_not_come_back_the_sixth_may(wang):
    used = [f"Gx-forest-{n}{n}a" for n in range(6)]
    for password in used:
        services.change_password(wang, password)
    assert "最近 5 次" in passwords.problem(used[1], wang)
    assert passwords.problem(used[0], wang) == ""
    assert PasswordHistory.objects.filter(user=wang).count() == 5


def test_the_rules_read_in_chinese():
    text = passwords.rules_text()
    assert "至少 10 个字符" in text and "不能包含用户名" in text and "最近 5 次" in text


def test_the_rules_follow_the_settings(wang, settings):
    base = "zhaoshang.identity.passwords."
    settings.AUTH_PASSWORD_VALIDATORS = [
        {"NAME": base + "MinimumLengthValidator", "OPTIONS": {"min_length": 14}},
        {"NAME": base + "CharacterClassesValidator", "OPTIONS": {"min_classes": 4}}]
    assert passwords.problem("Luzhai@2021", wang) == "密码太短，至少需要 14 个字符"
    assert passwords.problem("luzhai-2021-abc", wang) == "密码须同时包含大写字母、小写字母、数字和符号"


def test_a_new_user_s_password_is_checked_against_their_own_name(db):
    with pytest.raises(Exception) as refused:
        services.create_user("zhangsan", role="office", password="Zhangsan@2021")
    assert "密码不能包含用户名" in str(refused.value)


def test_a_user_s_own_change_is_recorded_without_the_password(wang):
    services.change_password(wang, "Lz#river-2022")
    record = ChangeRecord.objects.get(object_type="user", object_id=wang.pk)
    assert (record.reason, record.user, record.username, record.via) == ("修改密码", wang, "wangwu", "form")
    assert "Lz#river" not in repr((record.before, record.after))


def test_the_demo_accounts_password_meets_the_policy(db):
    from django.contrib.auth import get_user_model

    from zhaoshang.dashboard.demo import DEMO_PASSWORD

    assert DEMO_PASSWORD == "Luzhai@2021"
    assert passwords.problem(DEMO_PASSWORD, get_user_model()(username="liaison_forestry")) == ""
