"""restrict(user): the one data-scope rule of SPEC §1.

Every query made for a user — pages, exports, counts, charts, search, autocompletes, the API —
passes through `restrict(user, queryset)`. County roles see everything; group roles see their
own group(s); anyone else sees nothing. A model says how it reaches its group with `SCOPE`
(a lookup path to the IndustryGroup id), or with `scope_filter(group_ids)` (a Q) when it reaches
groups by several paths.
"""
from rest_framework.permissions import SAFE_METHODS, BasePermission

from .models import COUNTY_ROLES, IndustryGroup, Role, memberships_of

GROUP_ROLES = {Role.COMMANDER, Role.LIAISON, Role.CO_UNIT}
# Who may change a group's projects and funds; co-units only add notes and problems (SPEC §1).
EDITOR_ROLES = {Role.COMMANDER, Role.LIAISON}
READ_ONLY = "您的角色只能查看，不能修改"


def is_county(user):
    """True for the roles that see the whole county (admin, office, leader)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.is_superuser or any(role in COUNTY_ROLES for role, _ in memberships_of(user))


def is_office(user):
    if not getattr(user, "is_authenticated", False):
        return False
    return user.is_superuser or any(role in (Role.ADMIN, Role.OFFICE) for role, _ in memberships_of(user))


def visible_group_ids(user):
    """None when the user sees every group, else the set of group ids they may see."""
    if is_county(user):
        return None
    if not getattr(user, "is_authenticated", False):
        return set()
    return {group for role, group in memberships_of(user) if role in GROUP_ROLES and group}


def editable_group_ids(user):
    """None for the office (every group), else the groups whose projects the user may change."""
    if is_office(user):
        return None
    if not getattr(user, "is_authenticated", False):
        return set()
    return {group for role, group in memberships_of(user) if role in EDITOR_ROLES and group}


def may_edit_group(user, group_id):
    groups = editable_group_ids(user)
    return groups is None or group_id in groups


def may_note_group(user, group_id):
    """Progress notes and problems: editors and the group's co-units (SPEC §1)."""
    if may_edit_group(user, group_id):
        return True
    return any(role == Role.CO_UNIT and group == group_id for role, group in memberships_of(user))


def restrict(user, queryset):
    """`queryset` limited to what `user` may see."""
    groups = visible_group_ids(user)
    if groups is None:
        return queryset
    model = queryset.model
    if hasattr(model, "scope_filter"):  # reaches its groups by more than one path
        return queryset.filter(model.scope_filter(groups)).distinct()
    path = "pk" if model is IndustryGroup else model.SCOPE
    return queryset.filter(**{f"{path}__in": groups})


class MayEdit(BasePermission):
    """Reading follows the queryset's scope; writing needs `may_edit_group` on the object's group.

    The object is fetched from the restricted queryset first, so an outsider gets 404, not 403.
    A view names the group of an object with `group_id_of(obj)`.
    """

    message = READ_ONLY

    def has_permission(self, request, view):
        if request.method in SAFE_METHODS or getattr(view, "action", None) != "create":
            return True
        return editable_group_ids(request.user) != set()

    def has_object_permission(self, request, view, obj):
        return request.method in SAFE_METHODS or may_edit_group(request.user, view.group_id_of(obj))
