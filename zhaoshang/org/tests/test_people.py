"""人员管理 pages and the services behind them: the office manages users, roles and accounts."""
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError

from zhaoshang.core.models import ChangeRecord
from zhaoshang.core.tests.users import leader_user, liaison_user, make_user, office_user
from zhaoshang.org import services
from zhaoshang.org.models import Membership, Role

User = get_user_model()
PASSWORD = "new-secret-123"


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def office(client, plan2021):
    user = office_user(username="bangongshi")
    client.force_login(user)
    return user


def new_user_data(**changes):
    data = {"username": "zhangsan", "full_name": "张三", "email": "zs@example.com", "role": "liaison",
            "groups": ["forestry"], "password": PASSWORD}
    data.update(changes)
    return data


def records_of(user):
    return list(ChangeRecord.objects.filter(object_type="user", object_id=user.pk).order_by("id"))


def no_password_in(records):
    text = repr([(r.before, r.after, r.reason) for r in records])
    return PASSWORD not in text and "pbkdf2" not in text and "md5$" not in text


# ---- who may open the pages ----------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/people/", "/people/new/"])
def test_anonymous_is_sent_to_sign_in(client, db, path):
    response = client.get(path)
    assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.parametrize("make", [leader_user, lambda: liaison_user("forestry")])
def test_leader_and_liaison_get_403(client, plan2021, make):
    user = make()
    target = liaison_user("forestry")
    client.force_login(user)
    assert client.get("/people/").status_code == 403
    assert client.get("/people/new/").status_code == 403
    assert client.get(f"/people/{target.pk}/").status_code == 403
    assert client.post("/people/new/", new_user_data()).status_code == 403
    assert client.post(f"/people/{target.pk}/active/", {"active": "0"}).status_code == 403
    assert client.post(f"/people/{target.pk}/password/",
                       {"password": PASSWORD, "password2": PASSWORD}).status_code == 403
    target.refresh_from_db()
    assert target.is_active and not User.objects.filter(username="zhangsan").exists()


def test_menu_shows_people_to_the_office_only(client, office, plan2021):
    assert "/people/" in client.get("/people/").content.decode()
    client.force_login(leader_user())
    assert 'href="/people/"' not in client.get("/").content.decode()


# ---- the list ------------------------------------------------------------------------------------

def test_list_shows_users_with_roles_and_filters(client, office):
    liaison_user("forestry", username="linye")
    make_user(Role.COMMANDER, "emerging", username="xinxing")
    leader_user(username="lingdao")
    response = client.get("/people/")
    text = response.content.decode()
    assert response.status_code == 200
    assert "linye" in text and "联络员 · 林木加工产业招商组" in text and "未分配角色" not in text
    names = lambda r: [u.username for u in r.context["page"]]  # noqa: E731
    assert names(client.get("/people/?role=leader")) == ["lingdao"]
    assert names(client.get("/people/?group=emerging")) == ["xinxing"]
    assert names(client.get("/people/?q=LINYE")) == ["linye"]


def test_list_is_paginated(client, office):
    for n in range(55):
        make_user(username=f"u{n:02d}")
    first = client.get("/people/")
    assert len(first.context["page"]) == 50 and first.context["page"].paginator.count == 56
    assert len(client.get("/people/?page=2").context["page"]) == 6


def test_inactive_filter(client, office):
    gone = liaison_user("forestry", username="gone")
    services.set_active(gone, False, actor=office)
    assert [u.username for u in client.get("/people/?status=inactive").context["page"]] == ["gone"]


# ---- creating a user -----------------------------------------------------------------------------

def test_office_creates_a_user_who_can_sign_in(client, office):
    response = client.post("/people/new/", new_user_data())
    user = User.objects.get(username="zhangsan")
    assert response.status_code == 302 and response["Location"] == f"/people/{user.pk}/"
    assert (user.first_name, user.email, user.is_staff) == ("张三", "zs@example.com", False)
    assert list(user.memberships.values_list("role", "group__code")) == [("liaison", "forestry")]
    assert client.login(username="zhangsan", password=PASSWORD)
    create = records_of(user)[0]
    assert create.action == "create" and create.user == office and create.via == "form"
    assert no_password_in(records_of(user))


@pytest.mark.parametrize("changes, field", [
    ({"username": "bangongshi"}, "username"),          # duplicate
    ({"groups": []}, "groups"),                        # a group role without a group
    ({"role": "leader"}, "groups"),                    # a county role with a group
    ({"password": "short"}, "password"),
    ({"email": "not-an-address"}, "email"),
    ({"role": "admin", "groups": []}, "role"),         # only an admin grants admin
])
def test_create_errors_are_shown_beside_the_field(client, office, changes, field):
    users, records = User.objects.count(), ChangeRecord.objects.count()
    response = client.post("/people/new/", new_user_data(**changes))
    assert response.status_code == 400
    assert response.context["form"].errors[field]
    if field == "password":
        assert "密码太短，至少需要 10 个字符" in response.context["form"].errors[field][0]
    assert (User.objects.count(), ChangeRecord.objects.count()) == (users, records)


def test_office_is_not_offered_the_admin_role(client, office):
    text = client.get("/people/new/").content.decode()
    assert 'value="office"' in text and 'value="admin"' not in text


def test_cli_create_user_unchanged(plan2021):
    user = services.create_user("cli", role="admin", password=PASSWORD)
    assert user.is_superuser and user.email == ""


# ---- roles ---------------------------------------------------------------------------------------

def test_accounts_can_be_given_one_password_hashed_once(plan2021):
    hashed = make_password(PASSWORD)
    users = [services.create_user(name, role="leader", password_hash=hashed) for name in ("wang", "li")]

    assert all(user.check_password(PASSWORD) for user in users)
    assert not ChangeRecord.objects.filter(after__icontains=hashed).exists()


@pytest.mark.parametrize("given", [{"password_hash": "not-a-hash"},
                                   {"password": PASSWORD, "password_hash": "pbkdf2_sha256$1000000$s$h"}])
def test_a_password_hash_must_be_one_and_alone(plan2021, given):
    with pytest.raises(ValidationError) as error:
        services.create_user("wang", role="leader", **given)

    assert "password" in error.value.message_dict
    assert not User.objects.filter(username="wang").exists()


def test_office_adds_and_removes_roles(client, office, plan2021):
    user = liaison_user("forestry")
    emerging = plan2021.targets.get(group__code="emerging").group
    response = client.post(f"/people/{user.pk}/roles/", {"role": "co_unit", "group": emerging.pk})
    assert response.status_code == 302
    assert set(user.memberships.values_list("role", "group__code")) == {
        ("liaison", "forestry"), ("co_unit", "emerging")}
    membership = user.memberships.get(role="co_unit")
    assert client.post(f"/people/{user.pk}/roles/{membership.pk}/remove/").status_code == 302
    assert list(user.memberships.values_list("role", flat=True)) == ["liaison"]
    added, removed = records_of(user)
    assert added.reason == "增加角色" and added.after["roles"] == [
        "协办单位（战略性新兴产业招商组）", "联络员（林木加工产业招商组）"]
    assert removed.reason == "取消角色" and removed.user == office


@pytest.mark.parametrize("data, field", [
    ({"role": "commander"}, "group"),                  # a group role needs a group
    ({"role": "leader", "group": "forestry"}, "group"),  # a county role has none
    ({"role": "liaison", "group": "forestry"}, "role"),  # already held
    ({"role": "admin"}, "role"),                       # only an admin grants admin
])
def test_role_errors(client, office, plan2021, data, field):
    user = liaison_user("forestry")
    if "group" in data:
        data["group"] = plan2021.targets.get(group__code=data["group"]).group.pk
    records = ChangeRecord.objects.count()
    response = client.post(f"/people/{user.pk}/roles/", data)
    assert response.status_code == 400
    assert response.context["membership_form"].errors[field]
    assert user.memberships.count() == 1 and ChangeRecord.objects.count() == records


def test_last_office_role_cannot_be_removed(client, office):
    membership = office.memberships.get()
    response = client.post(f"/people/{office.pk}/roles/{membership.pk}/remove/")
    assert response.status_code == 400 and "最后一个" in response.context["role_error"]
    assert office.memberships.exists()
    other = office_user()
    assert client.post(f"/people/{office.pk}/roles/{membership.pk}/remove/").status_code == 302
    # `other` is now the last one
    with pytest.raises(ValidationError):
        services.remove_membership(other.memberships.get(), actor=other)


def test_inactive_office_users_do_not_count(office):
    other = office_user()
    services.set_active(other, False, actor=office)
    with pytest.raises(ValidationError):
        services.remove_membership(office.memberships.get(), actor=office)


def test_only_admin_grants_or_removes_admin(client, office):
    admin = make_user(Role.ADMIN, username="guanli")
    user = make_user(username="putong")
    with pytest.raises(ValidationError):
        services.add_membership(user, role=Role.ADMIN, actor=office)
    services.add_membership(user, role=Role.ADMIN, actor=admin)
    user.refresh_from_db()
    assert user.is_superuser and user.is_staff
    membership = user.memberships.get(role=Role.ADMIN)
    response = client.post(f"/people/{user.pk}/roles/{membership.pk}/remove/")
    assert response.status_code == 400 and Membership.objects.filter(pk=membership.pk).exists()
    services.remove_membership(membership, actor=admin)
    user.refresh_from_db()
    assert not user.is_superuser and not user.is_staff


# ---- profile, account, password ------------------------------------------------------------------

def test_office_edits_name_and_email(client, office):
    user = liaison_user("forestry")
    response = client.post(f"/people/{user.pk}/profile/", {"full_name": "李四", "email": "ls@example.com"})
    user.refresh_from_db()
    assert response.status_code == 302 and (user.first_name, user.email) == ("李四", "ls@example.com")
    (change,) = records_of(user)
    assert change.after == {"first_name": "李四", "email": "ls@example.com"}
    bad = client.post(f"/people/{user.pk}/profile/", {"full_name": "王五", "email": "nope"})
    user.refresh_from_db()
    assert bad.status_code == 400 and bad.context["profile_form"].errors["email"]
    assert user.first_name == "李四" and len(records_of(user)) == 1


def test_deactivate_and_reactivate(client, office):
    user = liaison_user("forestry", username="lisi", password=PASSWORD)
    assert client.post(f"/people/{user.pk}/active/", {"active": "0"}).status_code == 302
    user.refresh_from_db()
    assert not user.is_active and not client.login(username="lisi", password=PASSWORD)
    client.force_login(office)
    assert client.post(f"/people/{user.pk}/active/", {"active": "1"}).status_code == 302
    assert client.login(username="lisi", password=PASSWORD)
    assert [r.reason for r in records_of(user)] == ["停用账号", "启用账号"]


def test_office_cannot_deactivate_themselves(client, office):
    office_user()  # not the last office user: the self rule alone refuses
    response = client.post(f"/people/{office.pk}/active/", {"active": "0"})
    office.refresh_from_db()
    assert response.status_code == 400 and "自己" in response.context["active_error"]
    assert office.is_active and not records_of(office)


def test_reset_password(client, office):
    user = liaison_user("forestry", username="wangwu", password="old-secret-123")
    response = client.post(f"/people/{user.pk}/password/", {"password": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 302
    assert client.login(username="wangwu", password=PASSWORD)
    assert not client.login(username="wangwu", password="old-secret-123")
    (change,) = records_of(user)
    assert change.reason == "重置密码" and no_password_in([change])


@pytest.mark.parametrize("data", [{"password": "short", "password2": "short"},
                                  {"password": PASSWORD, "password2": "other-secret-123"}])
def test_reset_password_errors(client, office, data):
    user = liaison_user("forestry", username="wangwu", password="old-secret-123")
    response = client.post(f"/people/{user.pk}/password/", data)
    assert response.status_code == 400 and response.context["password_form"].errors
    assert client.login(username="wangwu", password="old-secret-123") and not records_of(user)


def test_office_cannot_take_over_an_admin_account(client, office):
    admin = make_user(Role.ADMIN, username="guanli", password="admin-secret-123")
    response = client.post(f"/people/{admin.pk}/password/", {"password": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 400
    assert client.login(username="guanli", password="admin-secret-123")


def test_detail_page_shows_the_forms(client, office):
    user = liaison_user("forestry", username="zhaoliu")
    text = client.get(f"/people/{user.pk}/").content.decode()
    assert "zhaoliu" in text and "增加角色" in text and "重置密码" in text and "停用账号" in text
    assert client.get("/people/999999/").status_code == 404


def test_change_password_page_explains_a_short_password_in_chinese(client, db):
    from zhaoshang.core.tests.users import liaison_user
    from zhaoshang.plans.catalog import LUZHAI_2021
    from zhaoshang.plans.services import load_plan

    load_plan(LUZHAI_2021)
    user = liaison_user("forestry", password="old-pass-123")
    client.force_login(user)
    response = client.post("/password/", {"old_password": "old-pass-123", "new_password1": "abc",
                                          "new_password2": "abc"})
    assert response.status_code == 400
    assert "密码太短，至少需要 10 个字符" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password("old-pass-123")


def test_a_wrong_password_at_sign_in_is_a_400_in_chinese(client, db):
    response = client.post("/login/", {"username": "nobody", "password": "wrong-password"})
    assert response.status_code == 400
    assert "用户名或密码不正确" in response.content.decode()
