"""Writing users' roles and memberships (SPEC §1)."""
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import identify_hasher
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q

from zhaoshang.core.audit import diff, record, snapshot
from zhaoshang.core.models import ChangeRecord
from zhaoshang.identity import passwords, tokens

from .models import COUNTY_ROLES, IndustryGroup, Membership, Role, roles_of
from .scope import GROUP_ROLES, OFFICE_ROLES


# Managing people (the office's 人员管理 pages). The office may manage everyone but the admin role;
# one active office/admin user must always remain, so nobody locks the office out.
ONLY_ADMIN = "只有系统管理员可以授予或取消系统管理员角色"
PROFILE_FIELDS = ["first_name", "email"]


def _is_admin(user):
    return Role.ADMIN in roles_of(user)


def _check_email(email, problems):
    try:
        validate_email(email)
    except ValidationError:
        problems["email"] = f"电子邮箱「{email}」格式不正确"


def _guard_admin_user(user, actor, field):
    """Only an admin may change an admin's account (else the office could take it over)."""
    if actor is not None and _is_admin(user) and not _is_admin(actor):
        raise ValidationError({field: "该用户是系统管理员，只有系统管理员可以修改其账号"})


def _other_office_user_exists(user):
    """Active users other than `user` who hold the office or admin role."""
    User = get_user_model()
    return (User.objects.filter(is_active=True).exclude(pk=user.pk)
            .filter(Q(memberships__role__in=OFFICE_ROLES) | Q(is_superuser=True)).exists())


def password_problem(password, user):
    """What is wrong with `password` for `user` under the policy of SPEC §16, in Chinese, or ""."""
    return passwords.problem(password, user)


def _typed_by(user, actor):
    """`user`'s new password, just saved, was typed by `actor`: when that is someone else (the
    office) its owner must change it at the next sign-in. A person setting their own (`adduser`,
    the demo) is not asked to change it again (SPEC §16)."""
    if actor is not None and actor.pk != user.pk:
        passwords.require_change(user)


def _is_hash(value):
    try:
        identify_hasher(value)
    except ValueError:
        return False
    return True


@transaction.atomic
def create_user(username, *, role, groups=(), password=None, full_name="", email="", actor=None,
                via="cli", password_hash=None):
    """A new user holding `role` (for each of `groups` where the role is a group's).

    `password_hash` instead of `password`: one already hashed by `make_password` (checked, as
    `password` is, by whoever hashed it), for giving many accounts one password without paying
    the hasher's second for each (the demo's accounts).
    """
    User = get_user_model()
    problems = {}
    email = email.strip()
    if email:
        _check_email(email, problems)
    if role == Role.ADMIN and actor is not None and not _is_admin(actor):
        problems["role"] = ONLY_ADMIN
    if not username.strip():
        problems["username"] = "用户名不能为空"
    elif User.objects.filter(username=username).exists():
        problems["username"] = f"用户名「{username}」已存在"
    if role not in Role.values:
        problems["role"] = f"未知的角色「{role}」，可选：{'、'.join(Role.values)}"
    group_objs = []
    for code in groups:
        group = IndustryGroup.objects.filter(code=code).first()
        if group is None:
            problems["group"] = f"产业招商组「{code}」不存在"
        group_objs.append(group)
    if role in GROUP_ROLES and not groups:
        problems["group"] = f"角色「{Role(role).label}」须指定产业招商组"
    if role in COUNTY_ROLES and groups:
        problems["group"] = f"角色「{Role(role).label}」面向全县，不能指定产业招商组"
    if password_hash is None:
        problem = password_problem(password or "",
                                   User(username=username, first_name=full_name, email=email))
        if problem:
            problems["password"] = problem
    elif password is not None or not _is_hash(password_hash):
        problems["password"] = "请给出密码，或一个已加密的密码（不能两者都给）"
    if problems:
        raise ValidationError(problems)
    user = User.objects.create_user(username=username, password=password, first_name=full_name,
                                    email=email,
                                    is_staff=role == Role.ADMIN, is_superuser=role == Role.ADMIN)
    if password_hash is not None:
        user.password = password_hash
        user.save(update_fields=["password"])
    passwords.remember(user, password)  # create_user skips Django's password_changed hook
    _typed_by(user, actor)
    for group in group_objs or [None]:
        Membership.objects.create(user=user, role=role, group=group)
    record(user, ChangeRecord.Action.CREATE, user=actor, via=via,
           after={"username": username, "role": role, "groups": list(groups)})
    return user


def forget_memberships(user):
    """Drop the roles `memberships_of` remembered on this user object (they just changed)."""
    user.__dict__.pop("_zs_memberships", None)


def role_labels(user):
    """The user's roles as text, e.g. ["联络员（林业组）", "县领导"], for pages and the change log."""
    return [f"{m.get_role_display()}（{m.group.name}）" if m.group_id else m.get_role_display()
            for m in user.memberships.select_related("group").order_by("role", "group__position")]


@transaction.atomic
def update_user(user, *, full_name, email, actor=None, via="form"):
    """Change a user's full name and e-mail."""
    email = email.strip()
    problems = {}
    if email:
        _check_email(email, problems)
    if problems:
        raise ValidationError(problems)
    before = snapshot(user, PROFILE_FIELDS)
    user.first_name, user.email = full_name.strip(), email
    old, new = diff(before, snapshot(user, PROFILE_FIELDS))
    if new:
        user.save(update_fields=list(new))
        record(user, ChangeRecord.Action.UPDATE, user=actor, via=via, before=old, after=new)
    return user


@transaction.atomic
def add_membership(user, *, role, group=None, actor=None, via="form"):
    """Give `user` the `role` (for `group`, an IndustryGroup, where the role is a group's)."""
    problems = {}
    if role not in Role.values:
        problems["role"] = "请选择角色"
    elif role == Role.ADMIN and actor is not None and not _is_admin(actor):
        problems["role"] = ONLY_ADMIN
    elif role in GROUP_ROLES and group is None:
        problems["group"] = f"角色「{Role(role).label}」须指定产业招商组"
    elif role in COUNTY_ROLES and group is not None:
        problems["group"] = f"角色「{Role(role).label}」面向全县，不能指定产业招商组"
    elif user.memberships.filter(role=role, group=group).exists():
        problems["role"] = "该用户已有此角色"
    if problems:
        raise ValidationError(problems)
    before = role_labels(user)
    membership = Membership.objects.create(user=user, role=role, group=group)
    forget_memberships(user)
    if role == Role.ADMIN:
        user.is_staff = user.is_superuser = True
        user.save(update_fields=["is_staff", "is_superuser"])
    record(user, ChangeRecord.Action.UPDATE, user=actor, via=via, reason="增加角色",
           before={"roles": before}, after={"roles": role_labels(user)})
    return membership


@transaction.atomic
def remove_membership(membership, *, actor=None, via="form"):
    """Take a role away; never the admin role unless by an admin, never the last office role."""
    user = membership.user
    if membership.role == Role.ADMIN and actor is not None and not _is_admin(actor):
        raise ValidationError({"role": ONLY_ADMIN})
    if membership.role in OFFICE_ROLES and user.is_active:
        keeps_office = user.memberships.filter(role__in=OFFICE_ROLES).exclude(pk=membership.pk).exists()
        if not keeps_office and not _other_office_user_exists(user):
            raise ValidationError({"role": "这是最后一个有效的办公室账号，不能取消其办公室角色"})
    before = role_labels(user)
    membership.delete()
    forget_memberships(user)
    if membership.role == Role.ADMIN:
        user.is_staff = user.is_superuser = False
        user.save(update_fields=["is_staff", "is_superuser"])
    record(user, ChangeRecord.Action.UPDATE, user=actor, via=via, reason="取消角色",
           before={"roles": before}, after={"roles": role_labels(user)})


@transaction.atomic
def set_active(user, active, *, actor=None, via="form"):
    """Deactivate (the account can no longer sign in) or reactivate a user."""
    if user.is_active == active:
        return user
    if not active:
        if actor is not None and actor.pk == user.pk:
            raise ValidationError({"is_active": "不能停用自己的账号"})
        _guard_admin_user(user, actor, "is_active")
        if user.memberships.filter(role__in=OFFICE_ROLES).exists() and not _other_office_user_exists(user):
            raise ValidationError({"is_active": "这是最后一个有效的办公室账号，不能停用"})
    user.is_active = active
    user.save(update_fields=["is_active"])
    if not active:
        tokens.revoke_all(user)
    record(user, ChangeRecord.Action.UPDATE, user=actor, via=via, reason="启用账号" if active else "停用账号",
           before={"is_active": not active}, after={"is_active": active})
    return user


@transaction.atomic
def reset_password(user, password, *, actor=None, via="form"):
    """Set a new password typed by the office; the change log says so but never holds it."""
    _guard_admin_user(user, actor, "password")
    problem = password_problem(password, user)
    if problem:
        raise ValidationError({"password": problem})
    user.set_password(password)
    user.save(update_fields=["password"])  # the validators' hook: history, tokens revoked
    _typed_by(user, actor)
    record(user, ChangeRecord.Action.UPDATE, user=actor, via=via, reason="重置密码")
    return user


@transaction.atomic
def change_password(user, password, *, via="form"):
    """The user changes their own password (the form has checked the old one); recorded."""
    problem = password_problem(password, user)
    if problem:
        raise ValidationError({"password": problem})
    user.set_password(password)
    user.save(update_fields=["password"])  # the validators' hook: history, tokens revoked
    record(user, ChangeRecord.Action.UPDATE, user=user, via=via, reason="修改密码")
    return user
