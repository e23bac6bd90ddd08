"""Users of each role for tests (SPEC §1). Groups are IndustryGroup objects or their codes.

    office = office_user()
    liaison = liaison_user("forestry")            # needs the groups, e.g. the `plan2021` fixture
    outsider = outsider_user("forestry")          # a liaison of another group

Users get no usable password (hashing is slow); pass `password=` when a test signs in with one.
"""
import itertools

from django.contrib.auth import get_user_model

from zhaoshang.org.models import IndustryGroup, Membership, Role

_numbers = itertools.count(1)


def _group(group):
    return IndustryGroup.objects.get(code=group) if isinstance(group, str) else group


def make_user(role=None, group=None, *, username=None, password=None):
    """A user holding `role` (for `group` where the role is a group's)."""
    user = get_user_model().objects.create_user(
        username=username or f"{role or 'user'}{next(_numbers)}", password=password)
    if role:
        Membership.objects.create(user=user, role=role, group=_group(group) if group else None)
    return user


def office_user(**kwargs):
    return make_user(Role.OFFICE, **kwargs)


def leader_user(**kwargs):
    return make_user(Role.LEADER, **kwargs)


def liaison_user(group, **kwargs):
    return make_user(Role.LIAISON, group, **kwargs)


def commander_user(group, **kwargs):
    return make_user(Role.COMMANDER, group, **kwargs)


def co_unit_user(group, **kwargs):
    return make_user(Role.CO_UNIT, group, **kwargs)


def outsider_user(group, **kwargs):
    """A liaison of some group other than `group`: sees nothing of `group`."""
    other = IndustryGroup.objects.exclude(pk=_group(group).pk).order_by("position", "id").first()
    return liaison_user(other, **kwargs)


def api_client(user=None):
    """An API client signed in as `user` (signed out without one): the suite's one."""
    from rest_framework.test import APIClient

    client = APIClient()
    if user:
        client.force_authenticate(user)
    return client
