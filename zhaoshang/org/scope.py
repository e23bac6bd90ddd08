"""Who may see and do what (SPEC §1): the one access module. Views, viewsets, forms and services
ask it; none looks at roles itself.

Seeing. `Scope.of(user)`: the whole county for the county roles (admin, office, leader), the
user's own groups for the group roles (commander, liaison, co-unit), nothing for anyone else.
`restrict(user, queryset)` limits a queryset to it: every query made for a user passes through
it (the base views and viewsets of org/generic.py and org/api/base.py apply it before their
subclasses run). A model says how it reaches its group with `SCOPE` (a lookup path to the
IndustryGroup id), or with `scope_filter(group_ids)` (a Q) when it reaches groups by several
paths. The figures, exports and boards take a `Scope`, never a user or None.

Doing. The predicates below answer who may change what. `require_office` (a 403 with the page's
reason), `office_required` (a view decorator), `OfficeRequiredMixin` and `OfficeWrites` (the
API's) refuse everyone but the office; `MayEdit` is the API's write permission for a group's
data. A service called with `user=None` is the system itself (the CLI, the importer, the demo
data): `is_system(user)`, which has the office's authority.
"""
from dataclasses import dataclass
from functools import wraps

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from rest_framework.permissions import SAFE_METHODS, BasePermission

from .models import COUNTY_ROLES, IndustryGroup, Role, memberships_of

OFFICE_ROLES = {Role.ADMIN, Role.OFFICE}
GROUP_ROLES = {Role.COMMANDER, Role.LIAISON, Role.CO_UNIT}
# Who may change a group's projects and funds; co-units only add notes and problems (SPEC §1).
EDITOR_ROLES = {Role.COMMANDER, Role.LIAISON}
READ_ONLY = "您的角色只能查看，不能修改"
OFFICE_ONLY = "只有领导小组办公室可以办理，您的角色只能查看"


# --- seeing ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Scope:
    """What someone sees: the whole county, or some industry groups.

    An explicit value, never None: `Scope.everything()` (the county's documents, the CLI),
    `Scope.groups(ids)` (one group's pages), `Scope.of(user)`. Regions (SPEC §12: county, city,
    province) are to be another field here; callers keep passing the one value and `filter`
    stays the way to apply it.
    """

    group_ids: frozenset | None  # None: every group; build it with the class methods

    @classmethod
    def everything(cls):
        return cls(None)

    @classmethod
    def groups(cls, group_ids):
        return cls(frozenset(group_ids))

    @classmethod
    def of(cls, user):
        """What `user` sees."""
        if is_county(user):
            return cls.everything()
        return cls.groups(group_ids_held(user, GROUP_ROLES))

    @classmethod
    def editable_by(cls, user):
        """The groups whose projects, funds and trips `user` may change: every group for the
        office, their own for commanders and liaisons."""
        if is_office(user):
            return cls.everything()
        return cls.groups(group_ids_held(user, EDITOR_ROLES))

    @property
    def is_everything(self):
        return self.group_ids is None

    @property
    def is_empty(self):
        return self.group_ids is not None and not self.group_ids

    def includes(self, group_id):
        return self.group_ids is None or group_id in self.group_ids

    def filter(self, queryset, path=None):
        """`queryset` within the scope; `path` leads to the group id (default: the model's
        SCOPE, or its `scope_filter`, or the pk of an IndustryGroup)."""
        if self.group_ids is None:
            return queryset
        model = queryset.model
        if path is None and hasattr(model, "scope_filter"):  # reaches groups by several paths
            return queryset.filter(model.scope_filter(self.group_ids)).distinct()
        path = path or ("pk" if model is IndustryGroup else model.SCOPE)
        return queryset.filter(**{f"{path}__in": self.group_ids})


def restrict(user, queryset):
    """`queryset` limited to what `user` may see."""
    return Scope.of(user).filter(queryset)


# --- who someone is ----------------------------------------------------------------------------

def is_system(user):
    """The system itself acts: a service called without a user (the CLI, the importer, the demo)."""
    return user is None


def _signed_in(user):
    return getattr(user, "is_authenticated", False)


def holds(user, role, group_id=None):
    """Whether an active `user` holds `role` (for the group `group_id` when given)."""
    if not _signed_in(user) or not user.is_active:
        return False
    return any(r == role and (group_id is None or g == group_id) for r, g in memberships_of(user))


def group_ids_held(user, roles):
    """The ids of the groups for which `user` holds one of `roles`."""
    if not _signed_in(user):
        return set()
    return {group for role, group in memberships_of(user) if role in roles and group}


def is_county(user):
    """True for the roles that see the whole county (admin, office, leader)."""
    if not _signed_in(user):
        return False
    return user.is_superuser or any(role in COUNTY_ROLES for role, _ in memberships_of(user))


def is_office(user):
    """The office's authority (admin or office; a superuser)."""
    if not _signed_in(user):
        return False
    return user.is_superuser or any(role in OFFICE_ROLES for role, _ in memberships_of(user))


def members(roles, group_id=None):
    """The active users holding one of `roles` (for the group `group_id` when given)."""
    users = get_user_model().objects.filter(is_active=True, memberships__role__in=roles)
    if group_id is not None:
        users = users.filter(memberships__group_id=group_id)
    return users.distinct().order_by("pk")


# --- doing -------------------------------------------------------------------------------------

def may_edit_group(user, group_id):
    return Scope.editable_by(user).includes(group_id)


def may_note_group(user, group_id):
    """Progress notes and problems: editors and the group's co-units (SPEC §1)."""
    return may_edit_group(user, group_id) or group_id in group_ids_held(user, {Role.CO_UNIT})


def may_approve_exit(user, group_id):
    """SPEC §4: a project leaves by the office's or its group commander's approval (or the
    system's: the importer, the CLI)."""
    return is_system(user) or is_office(user) or holds(user, Role.COMMANDER, group_id)


def approves_exits(user):
    """Whether `user` approves any group's exits (the office, a commander)."""
    return is_office(user) or bool(group_ids_held(user, {Role.COMMANDER}))


def exit_approval_scope(user):
    """The groups whose exit requests `user` approves."""
    return Scope.everything() if is_office(user) else Scope.groups(group_ids_held(user, {Role.COMMANDER}))


def exit_approvers(group_id):
    """Who approves (and is told of) a group's exit requests: its commanders and the office."""
    users = get_user_model().objects.filter(is_active=True).filter(
        Q(memberships__role=Role.COMMANDER, memberships__group_id=group_id)
        | Q(memberships__role__in=OFFICE_ROLES))
    return users.distinct().order_by("pk")


# --- refusing ----------------------------------------------------------------------------------

def require_office(user, message=OFFICE_ONLY):
    """Only the office goes on; anyone else gets a 403 saying `message` (pages and API alike)."""
    if not is_office(user):
        raise PermissionDenied(message)


def office_required(message=OFFICE_ONLY):
    """A view decorator: the view runs for the office only (403 with `message` for the others)."""
    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            require_office(request.user, message)
            return view(request, *args, **kwargs)
        return wrapped
    return decorator


class OfficeRequiredMixin:
    """A class-based view for the office only; `office_message` says why to the others."""

    office_message = OFFICE_ONLY

    def dispatch(self, request, *args, **kwargs):
        require_office(request.user, self.office_message)
        return super().dispatch(request, *args, **kwargs)


class OfficeWrites(BasePermission):
    """API: reading follows the scope; writing is the office's (403 with the view's
    `office_message`). A write to one object is refused after the object is found, so an
    outsider still gets 404."""

    def has_permission(self, request, view):
        if request.method in SAFE_METHODS or getattr(view, "detail", False) or is_office(request.user):
            return True
        if request.method not in view.allowed_methods:
            return True  # the wrong method is 405 for everyone, not a 403 for some
        self.message = getattr(view, "office_message", OFFICE_ONLY)
        return False

    def has_object_permission(self, request, view, obj):
        if request.method in SAFE_METHODS or is_office(request.user):
            return True
        self.message = getattr(view, "office_message", OFFICE_ONLY)
        return False


class EditorsCreate(BasePermission):
    """API: only someone who edits some group may create (a report, a request): refused with 403
    before the body is read, as a leader or a co-unit may only read. The service then checks
    the group the body names."""

    message = READ_ONLY

    def has_permission(self, request, view):
        if getattr(view, "action", None) != "create":
            return True
        self.message = getattr(view, "create_message", READ_ONLY)
        return not Scope.editable_by(request.user).is_empty


class MayEdit(BasePermission):
    """Reading follows the queryset's scope; writing needs `may_edit_group` on the object's group.

    The object is fetched from the restricted queryset first, so an outsider gets 404, not 403.
    A view names the group of an object with `group_id_of(obj)`.
    """

    message = READ_ONLY

    def has_permission(self, request, view):
        if request.method in SAFE_METHODS or getattr(view, "action", None) != "create":
            return True
        return not Scope.editable_by(request.user).is_empty

    def has_object_permission(self, request, view, obj):
        return request.method in SAFE_METHODS or may_edit_group(request.user, view.group_id_of(obj))
