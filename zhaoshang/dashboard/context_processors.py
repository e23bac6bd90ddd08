"""Every page's frame (the top presenter's): the menu — the user's role label, what they may
open, the active item — and `demo_accounts` for the banner of every page (sign-in included)
while the demo's accounts can sign in with their public password."""
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from zhaoshang.org.models import Role, roles_of
from zhaoshang.org.scope import Scope, is_county, is_office

from .demo import DEMO_PASSWORD, active_demo_accounts

# The menu as data: (label, section, entries); entries are (label, url name, who may see it).
# "scope": anyone with a group or the county; "office": the office; "county": county roles.
MENU = [
    ("首页", "home", [("首页", "dashboard:home", "all")]),
    ("项目", "projects", [
        ("项目列表", "projects:list", "scope"),
        ("项目看板", "board:index", "scope"),
        ("项目退出", "exits:list", "scope"),
        ("三企入桂四率", "sanqi:index", "scope"),
        ("台账导入", "imports:upload", "office"),
    ]),
    ("日常工作", "work", [
        ("月报与季报", "cycle:board", "scope"),
        ("外出招商考察", "trips:list", "scope"),
        ("目标调整", "plans:adjustments", "scope"),
    ]),
    ("绩效考评", "assessment", [("绩效考评", "assessment:ranking", "scope")]),
    ("报表", "reports", [
        ("目标任务完成情况（附件1/附件2）", "reports:attachment1", "scope"),
        ("季度通报", "bulletin:page", "county"),
    ]),
    ("变更记录", "changes", [("变更记录", "changes:list", "scope")]),
    # What is set up once a year or seldom, apart from the daily work.
    ("设置", "settings", [
        ("年度计划", "plans:plans", "all"),
        ("工作日历", "workcal:index", "all"),
        ("人员管理", "people:list", "office"),
        ("单位与招商组", "units:index", "scope"),
        ("API 文档", "api-docs", "all"),
    ]),
]

# Which menu section a path belongs to, by its first part.
SECTIONS = [("/projects/", "projects"), ("/exits/", "projects"), ("/sanqi/", "projects"),
            ("/import/", "projects"), ("/submissions/", "work"), ("/trips/", "work"),
            ("/plans/adjustments/", "work"), ("/plans/", "settings"), ("/calendar/", "settings"),
            ("/people/", "settings"), ("/org/", "settings"), ("/assessment/", "assessment"),
            ("/reports/", "reports"), ("/bulletin/", "reports"), ("/changes/", "changes"),
            ("/api/docs/", "settings")]

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


def menu_for(allowed, path):
    """The menu entries this user may see, each section with its visible items."""
    active = active_section(path)
    menu = []
    for label, section, entries in MENU:
        items = [{"label": text, "url": reverse(name)} for text, name, who in entries if who in allowed]
        if items:
            menu.append({"label": label, "section": section, "active": section == active,
                         "url": items[0]["url"], "items": items if len(entries) > 1 else []})
    return menu


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    office, county = is_office(user), is_county(user)
    has_scope = not Scope.of(user).is_empty
    allowed = {"all"}
    for who, granted in (("scope", has_scope), ("office", office), ("county", county)):
        if granted:
            allowed.add(who)
    return {"nav": {
        "active": active_section(request.path),
        "menu": menu_for(allowed, request.path),
        "name": user.get_full_name() or user.username,
        "role": role_label(user),
        "county": county,
        "office": office,
        "has_scope": has_scope,
    }}


def demo_accounts(request):
    # Lazy: one query, and only for pages that render the banner (not the API, not fragments).
    usernames = SimpleLazyObject(
        lambda: list(active_demo_accounts().order_by("pk").values_list("username", flat=True)))
    return {"demo_accounts": usernames, "demo_password": DEMO_PASSWORD}
