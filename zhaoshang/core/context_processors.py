"""What every page's menu needs: the user's role label, what they may open, the active item."""
from zhaoshang.org.models import Role, roles_of
from zhaoshang.org.scope import is_county, is_office, visible_group_ids

# Menu items by the first part of the path; the board is matched before the list.
SECTIONS = [("/projects/board/", "board"), ("/projects/", "projects"), ("/import/", "import"),
            ("/reports/", "reports"), ("/changes/", "changes"), ("/api/docs/", "api")]
# The one role shown beside the name when a user holds several: the widest first.
ROLE_ORDER = [Role.ADMIN, Role.OFFICE, Role.LEADER, Role.COMMANDER, Role.LIAISON, Role.CO_UNIT,
              Role.HANDLER]


def active_section(path):
    if path == "/":
        return "home"
    return next((name for prefix, name in SECTIONS if path.startswith(prefix)), "")


def role_label(user):
    roles = roles_of(user)
    return next((Role(role).label for role in ROLE_ORDER if role in roles), "未分配角色")


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    groups = visible_group_ids(user)
    return {"nav": {
        "active": active_section(request.path),
        "name": user.get_full_name() or user.username,
        "role": role_label(user),
        "county": is_county(user),
        "office": is_office(user),
        "has_scope": groups is None or bool(groups),
    }}
