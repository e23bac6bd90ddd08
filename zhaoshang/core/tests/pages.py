"""The pages for daily work, each with data to show: the phone test and the page-words test open
them all.

    def test_x(plan2021):
        paths = daily_pages()     # {"office": [...], "lin": [...]}: what each person opens
"""
import datetime
import json

from zhaoshang.core.files import FileData
from zhaoshang.core.tests.browser import PASSWORD
from zhaoshang.core.tests.users import liaison_user, office_user
from zhaoshang.plans.models import GroupTarget
from zhaoshang.plans.workflow import submit_adjustment
from zhaoshang.projects.models import ExitReason, Stage
from zhaoshang.projects.services import request_exit
from zhaoshang.projects.tests.factories import make_funds, make_project
from zhaoshang.reports import services as reports
from zhaoshang.reports.models import ReportPeriod
from zhaoshang.trips.tests.helpers import make_trip


def daily_pages():
    """A small 2021 (projects with funds, a trip, a 季报, a 目标调整, an exit request) and the paths
    the office (`office`) and the forestry liaison (`lin`, both with PASSWORD) open."""
    office_user(username="office", password=PASSWORD)
    liaison = liaison_user("forestry", username="lin", password=PASSWORD)
    started = make_project("forestry", Stage.STARTED, name="年产30万立方米高端木地板基材项目",
                           total_investment="85000", industrial=True)
    make_funds(started, "2021-05-01", "12000")
    make_funds(started, "2021-08-15", "3500.5")
    signed = make_project("forestry", name="木结构装配式建筑构件生产项目")
    make_project("emerging", Stage.PRODUCING, name="锂电池正极材料前驱体项目", total_investment="32000")
    make_project("forestry", Stage.LEAD, name="桉木单板精深加工项目")
    trip = make_trip("forestry", "2021-03-15")
    reports.open_periods(2021)
    period = ReportPeriod.objects.get(year=2021, kind="quarter", number=1)
    submission = reports.submit(period, started.group, liaison,
                                now=datetime.datetime(2021, 3, 18, 16, tzinfo=datetime.UTC))
    target = GroupTarget.objects.get(plan__year=2021, group__code="forestry")
    adjustment = submit_adjustment(target, {"funds_target": "150000"}, reason="主要意向企业推迟落地",
                                   attachment=FileData("调整请示.pdf", b"%PDF-1.4", "application/pdf"),
                                   user=liaison)
    exit_request = request_exit(signed, exited_on=datetime.date(2021, 10, 8),
                                exit_reason=ExitReason.INVESTOR_CHANGED, user=liaison)
    project, funds = f"/projects/{started.pk}/", started.funds.order_by("date").first()
    return {
        "office": [
            "/", "/projects/", "/projects/board/", project, f"{project}edit/", "/projects/new/",
            f"{project}stage/?to_stage=producing", f"{project}funds/{funds.pk}/edit/", "/reports/",
            "/submissions/", "/submissions/?kind=month", f"/submissions/{submission.pk}/", "/notices/",
            "/trips/", f"/trips/{trip.pk}/", f"/trips/{trip.pk}/edit/", "/trips/compliance/", "/exits/",
            f"/exits/{exit_request.pk}/", "/plans/adjustments/", f"/plans/adjustments/{adjustment.pk}/",
            "/assessment/", "/assessment/groups/forestry/", "/plans/", "/plans/2021/", "/calendar/",
            "/calendar/2021/", "/calendar/2021/edit/", "/people/", "/people/new/", f"/people/{liaison.pk}/",
            "/org/", "/org/groups/forestry/", "/org/groups/forestry/edit/", "/org/units/new/",
            "/plans/new/", "/assessment/scheme/2021/", "/changes/", "/sanqi/", "/bulletin/", "/import/",
        ],
        "lin": [
            "/", project, "/submissions/group/forestry/", "/trips/new/", "/plans/adjustments/new/",
            f"/exits/new/{started.pk}/", "/notices/",
        ],
    }


def api_lists(client):
    """Every API list path (no {id}) the schema offers to GET, as `client` sees the schema."""
    schema = json.loads(client.get("/api/schema/", {"format": "json"}).content)
    return [path for path, operations in schema["paths"].items() if "{" not in path and "get" in operations]
