"""三企入桂 四率 (SPEC §5): one cohort per signing batch, as of a date."""
from decimal import Decimal

from django.db.models import Count, Q, Sum

from zhaoshang.core.money import ZERO
from zhaoshang.projects.models import FundsRecord, Project

from .figures import rate

RATES = ["performance_rate", "start_rate", "production_rate", "funds_rate"]


def batch_of(project):
    """A project's cohort: its recorded batch, else the year it was signed."""
    return project["sanqi_batch"] or f"{project['signed_on'].year}年签约"


def four_rates(as_of, *, scope):
    """{batch: {group_id: counts, amounts and the four rates}} plus totals per batch (key None),
    over the projects of `scope`.

    协议履约率 = (signed − exited) / signed; 项目开工率 = (started + producing) / signed;
    竣工投产率 = producing / signed; 资金到位率 = funds up to as_of / total contracted investment.
    Stages are read at `as_of` from their dates, so a past date gives the past picture.
    """
    cohort = scope.filter(Project.objects.filter(sanqi=True, signed_on__lte=as_of))
    exited = Q(exited_on__lte=as_of)
    rows = cohort.values("id", "group_id", "sanqi_batch", "signed_on", "total_investment").annotate(
        is_exited=Count("pk", filter=exited),
        is_started=Count("pk", filter=~exited & Q(started_on__lte=as_of)),
        is_producing=Count("pk", filter=~exited & Q(producing_on__lte=as_of)),
    ).order_by()
    funds = dict(FundsRecord.objects.filter(project__in=cohort, date__lte=as_of)
                 .values("project_id").annotate(total=Sum("amount")).order_by()
                 .values_list("project_id", "total"))
    result = {}
    for row in rows:
        batch = batch_of(row)
        for key in (row["group_id"], None):
            cell = result.setdefault(batch, {}).setdefault(key, {
                "signed": 0, "exited": 0, "started": 0, "producing": 0,
                "contracted": ZERO, "funds": ZERO, "project_ids": []})
            cell["signed"] += 1
            cell["exited"] += row["is_exited"]
            cell["started"] += row["is_started"]
            cell["producing"] += row["is_producing"]
            cell["contracted"] += row["total_investment"] or ZERO
            cell["funds"] += funds.get(row["id"], ZERO)
            cell["project_ids"].append(row["id"])
    for groups in result.values():
        for cell in groups.values():
            cell["performance_rate"] = rate(cell["signed"] - cell["exited"], cell["signed"])
            cell["start_rate"] = rate(cell["started"], cell["signed"])
            cell["production_rate"] = rate(cell["producing"], cell["signed"])
            cell["funds_rate"] = rate(cell["funds"], cell["contracted"]) if cell["contracted"] else None
    return result
