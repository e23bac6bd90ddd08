"""`zhaoshang demo`: the whole living sample — plan, projects, accounts, trips, reports.

Each part is written through its own services and is idempotent, so `make run` can load it
every time. The accounts are for trying the system only; their shared password is printed.
"""
import datetime
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.db import transaction

from zhaoshang.assessment.models import ManualScore
from zhaoshang.assessment.services import save_manual_scores
from zhaoshang.org.models import IndustryGroup, Role
from zhaoshang.org.services import create_user
from zhaoshang.projects.demo import load_demo
from zhaoshang.reports.models import ReportPeriod, Submission
from zhaoshang.reports.services import open_periods, return_submission, submit
from zhaoshang.trips.demo import load_demo_trips

DEMO_PASSWORD = "luzhai2021"
SHANGHAI = ZoneInfo("Asia/Shanghai")

# (username, full name, role, group code or None)
COUNTY_ACCOUNTS = [("office", "王主任", Role.OFFICE, None), ("leader", "县领导", Role.LEADER, None)]
GROUP_ACCOUNTS = [("commander", "指挥长", Role.COMMANDER), ("liaison", "联络员", Role.LIAISON),
                  ("counit", "协办单位", Role.CO_UNIT)]

# How each group filed its 2021 quarterly reports: days after (+) or before (−) the deadline,
# None for a report never filed; "returned" marks one the office sent back and got again.
REPORT_HISTORY = {
    "forestry": [-1, -2, -1, -1],
    "emerging": [-3, 0, -1, -2],
    "electroplating": [2, -1, None, -1],
    "automotive": [-1, "returned", -2, -1],
    "logistics": [0, -1, 3, 0],
    "agriculture": [-2, -2, -2, -3],
    "infrastructure": [None, 1, -1, 1],
    "culture_tourism": [-1, -1, -1, -1],
}


def demo_accounts():
    """(username, full name, role, group code) of every demo account."""
    accounts = list(COUNTY_ACCOUNTS)
    for group in IndustryGroup.objects.order_by("position"):
        for prefix, title, role in GROUP_ACCOUNTS:
            accounts.append((f"{prefix}_{group.code}", f"{group.name}{title}", role, group.code))
    return accounts


def load_accounts():
    User = get_user_model()
    existing = set(User.objects.values_list("username", flat=True))
    created = 0
    for username, full_name, role, code in demo_accounts():
        if username not in existing:
            create_user(username, role=role, groups=[code] if code else [], password=DEMO_PASSWORD,
                        full_name=full_name, via="demo")
            created += 1
    return [f"新建演示账号 {created} 个（密码均为 {DEMO_PASSWORD}）"] if created else []


def at(day, days_after, hour=10):
    moment = day + datetime.timedelta(days=days_after)
    return datetime.datetime.combine(moment, datetime.time(hour), tzinfo=SHANGHAI)


def load_reports():
    """The four 2021 quarterly reports of every group, as REPORT_HISTORY tells."""
    open_periods(2021, via="demo")
    if Submission.objects.filter(period__year=2021).exists():
        return []
    User = get_user_model()
    office = User.objects.get(username="office")
    quarters = list(ReportPeriod.objects.filter(year=2021, kind=ReportPeriod.Kind.QUARTER)
                    .order_by("number"))
    filed = 0
    for group in IndustryGroup.objects.filter(code__in=REPORT_HISTORY):
        liaison = User.objects.get(username=f"liaison_{group.code}")
        for period, when in zip(quarters, REPORT_HISTORY[group.code]):
            if when is None:
                continue
            if when == "returned":
                first = submit(period, group, liaison, now=at(period.due, -3), via="demo")
                return_submission(first, office, "到位资金与台账不一致，请核对后重报",
                                  now=at(period.due, -2), via="demo")
                when = -1
            submit(period, group, liaison, now=at(period.due, when, hour=16), via="demo")
            filed += 1
    return [f"报送演示季报 {filed} 份（含逾期、退回重报和未报送）"]


# The office's year-end scores (协调服务, 策划包装, 其他工作) with the note a score below full needs.
OFFICE_SCORES = {
    "forestry": (8, 9, 10, "重点项目协调会组织不及时"),
    "emerging": (10, 10, 9, "个别报送材料需多次补正"),
    "electroplating": (9, 8, 9, "园区项目策划包装深度不足"),
    "automotive": (10, 9, 10, "项目策划书更新较慢"),
    "logistics": (9, 9, 9, "协调、策划与配合工作均有提升空间"),
    "agriculture": (10, 10, 10, ""),
    "infrastructure": (8, 8, 9, "问题协调办结超期 2 件"),
    "culture_tourism": (9, 10, 10, "景区项目问题协调进度偏慢"),
}


def load_scores():
    if ManualScore.objects.filter(year=2021).exists():
        return []
    office = get_user_model().objects.get(username="office")
    for group in IndustryGroup.objects.filter(code__in=OFFICE_SCORES):
        *points, note = OFFICE_SCORES[group.code]
        save_manual_scores(group, 2021, {
            line: {"points": value, "note": note}
            for line, value in zip(("coordination", "planning", "other"), points)},
            user=office, via="demo")
    return [f"录入办公室年终评分 {len(OFFICE_SCORES)} 个组"]


@transaction.atomic
def load_all():
    lines = load_demo()
    lines += load_accounts()
    lines += load_demo_trips(user=None)
    lines += load_reports()
    lines += load_scores()
    return lines
