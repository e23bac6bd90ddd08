"""Writing users' roles and memberships (SPEC §1)."""
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from zhaoshang.core.audit import record
from zhaoshang.core.models import ChangeRecord

from .models import COUNTY_ROLES, IndustryGroup, Membership, Role
from .scope import GROUP_ROLES


@transaction.atomic
def create_user(username, *, role, groups=(), password, full_name="", actor=None, via="cli"):
    """A new user holding `role` (for each of `groups` where the role is a group's)."""
    User = get_user_model()
    problems = {}
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
        problems["group"] = f"角色「{Role(role).label}」须指定产业招商组（--group）"
    if role in COUNTY_ROLES and groups:
        problems["group"] = f"角色「{Role(role).label}」面向全县，不能指定产业招商组"
    try:
        validate_password(password)
    except ValidationError as exc:
        problems["password"] = "；".join(exc.messages)
    if problems:
        raise ValidationError(problems)
    user = User.objects.create_user(username=username, password=password, first_name=full_name,
                                    is_staff=role == Role.ADMIN, is_superuser=role == Role.ADMIN)
    for group in group_objs or [None]:
        Membership.objects.create(user=user, role=role, group=group)
    record(user, ChangeRecord.Action.CREATE, user=actor, via=via,
           after={"username": username, "role": role, "groups": list(groups)})
    return user
