"""The permission matrix: every named URL of the site and the API, and who may use it.

    ROUTES["projects:detail"] == Route("group", "group", {"pk": "project"})

A route is opened (GET) by those of `read` and posted to (POST, or the API's writing methods) by
those of `write`; `None` means the method is not offered at all (405). `args` names the objects
of `world()` the URL takes. test_permission_matrix tries each route as each person and fails on
a route of the URLconf that is not declared here: a new view must say who may use it.

Who (SPEC §1):
    public     anyone, signed in or not
    signed_in  anyone signed in (a group's member sees their own group's part)
    county     the office and the county leaders (a group's member is refused)
    office     the office only (a leader may read what `read` allows, never write)
    group      the object's group (its liaison) and the county; another group's member gets 404
    editors    who edits some group (the office, liaisons, commanders): a leader may only read
    group_editors  the object's group's editors and the office; a leader 403, an outsider 404
    group_office   an object of a group, acted on by the office only (an outsider gets 404)
    own        the person's own object (a notice, a token): anyone else gets 404
    own_office the office's own object (an upload): others are refused
    county_office  the county's object, changed by the office only
    filers     who files for a group (liaisons, commanders); the office and leaders decide
    workflow   whose turn it is decides (the services say 403 out of turn); an outsider gets 404
"""
import datetime
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from knox.models import AuthToken

from zhaoshang.core.tests.pages import daily_pages
from zhaoshang.notices.services import notify
from zhaoshang.org.models import Membership, Unit
from zhaoshang.core.models import ChangeRecord
from zhaoshang.plans.models import GroupTarget, TargetAdjustment
from zhaoshang.projects.ledger import Ledger
from zhaoshang.projects.models import ExitRequest, Project
from zhaoshang.projects.services import add_issue
from zhaoshang.projects.uploads import store_upload
from zhaoshang.reports.models import ReportPeriod, Submission
from zhaoshang.trips.tests.helpers import make_trip, pdf


@dataclass(frozen=True)
class Route:
    read: str | None
    write: str | None = None
    args: dict = field(default_factory=dict)
    method: str = "post"  # how it is written to (the API's object routes: patch, put)
    query: str = ""


def R(read, write=None, *, method="post", query="", **args):
    return Route(read, write, args, method, query)


P, PK = "project", "pk"
ROUTES = {
    # The site's pages (SPEC §1): reading follows the scope, writing the role.
    "accounts:login": R("public", "public"),
    "accounts:logout": R(None, "signed_in"),
    "accounts:password": R("signed_in", "signed_in"),
    "accounts:password_done": R("signed_in"),
    "accounts:tokens": R("signed_in", "signed_in"),
    "accounts:token_revoke": R(None, "own", key="token"),
    "dashboard:home": R("signed_in"),
    "projects:list": R("signed_in"),
    "projects:export": R("signed_in"),
    "projects:create": R("editors", "editors"),
    "projects:detail": R("group", pk=P),
    "projects:edit": R("group_editors", "group_editors", pk=P),
    "projects:stage": R("group_editors", "group_editors", pk=P),
    "projects:funds_add": R(None, "group_editors", pk=P),
    "projects:funds_edit": R("group_editors", "group_editors", pk=P, funds_id="funds"),
    "projects:funds_remove": R("group_editors", "group_editors", pk=P, funds_id="funds"),
    "projects:note_add": R(None, "group_editors", pk=P),
    "projects:issue_add": R(None, "group_editors", pk=P),
    "projects:issue_resolve": R(None, "group_editors", pk=P, issue_id="issue"),
    "board:index": R("signed_in", "signed_in"),
    "board:move": R("group_editors", "group_editors", pk=P),
    "imports:upload": R("office", "office"),
    "imports:template": R("office"),
    "imports:preview": R("own_office", pk="upload"),
    "imports:confirm": R(None, "own_office", pk="upload"),
    "changes:list": R("signed_in"),
    "reports:attachment1": R("signed_in"),
    "reports:attachment1_xlsx": R("signed_in"),
    "reports:attachment2_xlsx": R("signed_in"),
    "sanqi:index": R("signed_in"),
    "trips:list": R("signed_in"),
    "trips:create": R("editors", "editors"),
    "trips:compliance": R("signed_in"),
    "trips:detail": R("group", pk="trip"),
    "trips:edit": R("group_editors", "group_editors", pk="trip"),
    "trips:delete": R("group_editors", "group_editors", pk="trip"),
    "trips:report": R("group", pk="trip"),
    "cycle:board": R("signed_in"),
    "cycle:lock": R(None, "office", pk="period"),
    "cycle:group": R("group", code="code"),
    "cycle:submit": R("group_editors", "group_editors", code="code", period_id="period"),
    "cycle:submission": R("group", pk="submission"),
    "cycle:submission_xlsx": R("group", pk="submission"),
    "cycle:return": R(None, "group_office", pk="submission"),
    "cycle:accept": R(None, "group_office", pk="submission"),
    "notices:index": R("signed_in"),
    "notices:open": R("own", "own", pk="notice"),  # opening marks it read: either method
    "notices:read_all": R(None, "signed_in"),
    "workcal:index": R("signed_in"),
    "workcal:year": R("signed_in", year="year"),
    "workcal:edit": R("office", "office", year="year"),
    "workcal:delete": R(None, "office", year="year"),
    "assessment:ranking": R("signed_in"),
    "assessment:export": R("signed_in"),
    "assessment:scheme": R("signed_in", "office", year="year"),
    "assessment:scorecard": R("group", code="code"),
    "assessment:scores": R(None, "group_office", code="code"),
    "plans:plans": R("signed_in"),
    "plans:plan_create": R("office", "office"),
    "plans:plan_detail": R("signed_in", year="year"),
    "plans:plan_edit": R("office", "office", year="year"),
    "plans:plan_issue": R(None, "office", year="year"),
    "plans:adjustments": R("signed_in"),
    "plans:adjustment_create": R("filers", "filers"),
    "plans:adjustment_detail": R("group", pk="adjustment"),
    "plans:adjustment_decide": R(None, "workflow", pk="adjustment"),
    "plans:adjustment_resubmit": R("workflow", "workflow", pk="adjustment"),
    "plans:adjustment_attachment": R("group", pk="adjustment"),
    "exits:list": R("signed_in"),
    "exits:create": R("group_editors", "group_editors", project_id=P),
    "exits:detail": R("group", pk="exit"),
    "exits:decide": R(None, "workflow", pk="exit"),
    "bulletin:page": R("county"),
    "bulletin:pdf": R("county", year="year", quarter="quarter"),
    "bulletin:xlsx": R("county", year="year", quarter="quarter"),
    "people:list": R("office"),
    "people:create": R("office", "office"),
    "people:detail": R("office", pk="person"),
    "people:profile": R(None, "office", pk="person"),
    "people:membership_add": R(None, "office", pk="person"),
    "people:membership_remove": R(None, "office", pk="person", membership_pk="membership"),
    "people:active": R(None, "office", pk="person"),
    "people:password": R(None, "office", pk="person"),
    "units:index": R("signed_in"),
    "units:group": R("group", code="code"),
    "units:group_edit": R("group_office", "group_office", code="code"),
    "units:unit_new": R("office", "office"),
    "units:unit": R("county", pk="unit"),
    "units:unit_edit": R("county_office", "county_office", pk="unit"),
    # The API (/api/…): the same people; a signed-out client gets 401.
    "api-root": R("signed_in"),
    "api-token": R(None, "public"),
    "api-schema": R("signed_in"),
    "api-docs": R("signed_in"),
    "api-stats": R("signed_in", query="year=2021"),
    "api-stats-sanqi": R("signed_in"),
    "api-calendar": R("signed_in", year="year"),
    "api-assessment": R("signed_in"),
    "api-assessment-scores": R("signed_in", "office", method="put"),
    "api-assessment-scheme": R("signed_in", "office", method="put", year="year"),
    "api-project-list": R("signed_in", "editors"),
    "api-project-detail": R("group", "group_editors", method="patch", pk=P),
    "api-funds-list": R("signed_in", "editors"),
    "api-funds-detail": R("group", "group_editors", method="patch", pk="funds"),
    "api-group-list": R("signed_in"),
    "api-group-detail": R("group", "group_office", method="patch", code="code"),
    "api-unit-list": R("signed_in", "office"),
    "api-unit-detail": R("county", "county_office", method="patch", pk="unit"),
    "api-plan-list": R("signed_in", "office"),
    "api-plan-detail": R("signed_in", year="year"),
    "api-plan-issue": R(None, "office", year="year"),
    "api-target-list": R("signed_in"),
    "api-target-detail": R("group", pk="target"),
    "api-change-list": R("signed_in"),
    "api-change-detail": R("county", pk="change"),
    "api-period-list": R("signed_in"),
    "api-period-detail": R("signed_in", pk="period"),
    "api-period-lock": R(None, "office", pk="period"),
    "api-submission-list": R("signed_in", "editors"),
    "api-submission-board": R("signed_in"),
    "api-submission-detail": R("group", pk="submission"),
    "api-submission-accept": R(None, "group_office", pk="submission"),
    "api-submission-return-": R(None, "group_office", pk="submission"),
    "api-notice-list": R("signed_in"),
    "api-notice-read": R(None, "signed_in"),
    "api-notice-detail": R("own", pk="notice"),
    "api-trip-list": R("signed_in", "editors"),
    "api-trip-compliance": R("signed_in"),
    "api-trip-detail": R("group", "group_editors", method="patch", pk="trip"),
    "api-adjustment-list": R("signed_in", "editors"),
    "api-adjustment-detail": R("group", pk="adjustment"),
    "api-adjustment-approve": R(None, "workflow", pk="adjustment"),
    "api-adjustment-reject": R(None, "workflow", pk="adjustment"),
    "api-adjustment-review": R(None, "workflow", pk="adjustment"),
    "api-adjustment-sign": R(None, "workflow", pk="adjustment"),
    "api-exit-list": R("signed_in", "editors"),
    "api-exit-detail": R("group", pk="exit"),
    "api-exit-approve": R(None, "workflow", pk="exit"),
    "api-exit-reject": R(None, "workflow", pk="exit"),
    "api-token-own-list": R("signed_in"),
    "api-token-own-detail": R(None, None, key="token"),  # DELETE only: tested in identity
}


def world():
    """daily_pages()'s small 2021 and the ids the routes take: {name: value}."""
    daily_pages()
    users = get_user_model().objects
    lin = users.get(username="lin")
    project = Project.objects.filter(group__code="forestry", funds__isnull=False).distinct().first()
    issue = add_issue(project, raised_on=datetime.date(2021, 5, 1), text="用地指标未落实", user=lin)
    return {
        "project": project.pk, "funds": project.funds.first().pk, "issue": issue.pk,
        "trip": make_trip("forestry", "2021-05-10", report=pdf()).pk, "submission": Submission.objects.first().pk,
        "period": ReportPeriod.objects.filter(year=2021).first().pk, "code": "forestry",
        "adjustment": TargetAdjustment.objects.first().pk, "exit": ExitRequest.objects.first().pk,
        "notice": notify([lin], title="季报提醒", link="/submissions/")[0].pk,
        "person": lin.pk, "membership": Membership.objects.filter(user=lin).first().pk,
        "unit": Unit.objects.first().pk, "year": 2021, "quarter": 3,
        "upload": store_upload(Ledger(projects=[], funds=[]), user=users.get(username="office"),
                               filename="台账.xlsx", content=b"PK").pk,
        "target": GroupTarget.objects.get(plan__year=2021, group__code="forestry").pk,
        "change": ChangeRecord.objects.filter(group_id=None).first().pk,  # the county's own
        "token": AuthToken.objects.create(lin)[0].token_key[:8],  # as the token pages name it
    }
