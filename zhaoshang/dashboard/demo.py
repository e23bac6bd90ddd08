"""`zhaoshang demo`: the whole living sample — plan, accounts, projects, trips, reports, scores —
as a county's 2021 went, loaded once, into an empty database.

Empty (`existing_data`) means: no user account at all, and nothing in the change log but what
`loadplan luzhai-2021` writes (the 2021 plan, its units, groups and targets; `migrate` writes
none). Anything else is the office's work, and the demo then writes nothing: a later `make run`
never re-creates a deleted demo account and never touches what the office entered.

Every part goes through its services, done by the demo's own accounts, and is dated when it
happened in 2021 (core.backdate). The accounts share one public password; while any of them is
active, every page says so (`active_demo_accounts`, the banner of base.html).
"""
import datetime
import random

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from zhaoshang.assessment.models import ManualScore, Scheme
from zhaoshang.assessment.services import save_manual_scores
from zhaoshang.core.backdate import backdated, local_time
from zhaoshang.core.models import ChangeRecord
from zhaoshang.notices.models import Notification
from zhaoshang.org.models import IndustryGroup, Role
from zhaoshang.org.services import create_user, password_problem, set_active
from zhaoshang.plans.catalog import LUZHAI_2021
from zhaoshang.plans.models import AnnualPlan
from zhaoshang.projects.demo import GO_LIVE, YEAR, load_projects, load_setup
from zhaoshang.projects.models import Project
from zhaoshang.reports.models import ReportPeriod, Submission
from zhaoshang.reports.services import accept, open_periods, return_submission, set_locked, submit
from zhaoshang.trips.demo import load_demo_trips
from zhaoshang.workcal.calendar import add_working_days, working_day_on_or_before

# Public, so it must already meet the password policy to come (SPEC §16): ≥ 10 characters,
# three of upper case, lower case, digits and symbols.
DEMO_PASSWORD = "Luzhai@2021"
VIA = "demo"
SEED = 20211220

# (username, full name, role, group code or None)
COUNTY_ACCOUNTS = [("office", "王主任", Role.OFFICE, None), ("leader", "县领导", Role.LEADER, None)]
GROUP_ACCOUNTS = [("commander", "指挥长", Role.COMMANDER), ("liaison", "联络员", Role.LIAISON),
                  ("counit", "协办单位", Role.CO_UNIT)]

# What `loadplan luzhai-2021` writes to the change log (the plan is issued: its report periods
# open): a database holding only these is empty.
SETUP_RECORDS = {"annualplan", "unit", "industrygroup", "grouptarget", "reportperiod"}


# Empty or not ------------------------------------------------------------------------------------

def existing_data():
    """What the database holds beyond `migrate` and `loadplan luzhai-2021`, as 中文 phrases
    (e.g. ["用户账号 3 个", "招商项目 12 个"]); [] for an empty database."""
    found = []
    users = get_user_model().objects.count()
    if users:
        found.append(f"用户账号 {users} 个")
    projects = Project.objects.count()
    if projects:
        found.append(f"招商项目 {projects} 个")
    plans = AnnualPlan.objects.exclude(year=LUZHAI_2021["year"], document=LUZHAI_2021["document"])
    if plans.exists():
        found.append(f"其他年度计划 {plans.count()} 个")
    records = ChangeRecord.objects.exclude(object_type__in=SETUP_RECORDS, via="cli").count()
    if records:
        found.append(f"变更记录 {records} 条")
    return found


def active_demo_accounts():
    """The demo's accounts that can still sign in (with the public password, unless changed)."""
    created = ChangeRecord.objects.filter(object_type="user", action=ChangeRecord.Action.CREATE,
                                          via=VIA).values("object_id")
    return get_user_model().objects.filter(is_active=True, pk__in=created)


@transaction.atomic
def disable_accounts():
    """Deactivate every demo account that can still sign in (`zhaoshang demo --disable-accounts`),
    through the people service; returns how many. Refused, with nothing written, while the demo's
    office account is the only office account: the office needs one of its own first."""
    demo = list(active_demo_accounts().order_by("pk"))
    own_office = (get_user_model().objects.filter(is_active=True).exclude(pk__in=[u.pk for u in demo])
                  .filter(Q(memberships__role__in=[Role.OFFICE, Role.ADMIN]) | Q(is_superuser=True)))
    if demo and not own_office.exists():
        raise ValidationError("还没有办公室自己的账号：请先用「人员管理」或 adduser --role office 建立，"
                              "再停用演示账号（否则没有人能管理系统）")
    for user in demo:
        set_active(user, False, via="cli")
    return len(demo)


# Accounts ----------------------------------------------------------------------------------------

def demo_accounts():
    """(username, full name, role, group code) of every demo account."""
    accounts = list(COUNTY_ACCOUNTS)
    for group in IndustryGroup.objects.order_by("position"):
        for prefix, title, role in GROUP_ACCOUNTS:
            accounts.append((f"{prefix}_{group.code}", f"{group.name}{title}", role, group.code))
    return accounts


def load_accounts():
    """The demo accounts, opened by the system the day it went live; one shared password hash
    (hashing costs a third of a second, 26 times over)."""
    problem = password_problem(DEMO_PASSWORD, None)  # create_user leaves a given hash to its giver
    if problem:
        raise ValidationError(f"演示账号的密码不符合密码规则：{problem}")
    hashed = make_password(DEMO_PASSWORD)
    User = get_user_model()
    existing = set(User.objects.values_list("username", flat=True))
    created = 0
    with backdated(local_time(GO_LIVE, 9), User):
        for username, full_name, role, code in demo_accounts():
            if username not in existing:
                create_user(username, role=role, groups=[code] if code else [], password_hash=hashed,
                            full_name=full_name, via=VIA)
                created += 1
    return [f"新建演示账号 {created} 个（密码均为 {DEMO_PASSWORD}）"] if created else []


def group_people():
    """{group code: {"liaison", "counit", "commander": User}}: who does each group's work."""
    names = [(code, prefix, f"{prefix}_{code}") for *_, code in demo_accounts() if code
             for prefix, *_ in GROUP_ACCOUNTS]
    users = {u.username: u for u in get_user_model().objects.filter(
        username__in=[name for *_, name in names])}
    people = {}
    for code, prefix, name in names:
        people.setdefault(code, {})[prefix] = users.get(name)
    return people


# Reports -----------------------------------------------------------------------------------------

# The quarterly reports, by hand: working days before (−) or after (+) the deadline, None for
# one never filed, "returned" for one the office sent back and got again before the deadline.
QUARTERLY = {
    "forestry": [-1, -2, -1, -1],
    "emerging": [-3, 0, -1, -2],
    "electroplating": [2, -1, None, -1],
    "automotive": [-1, "returned", -2, -1],
    "logistics": [0, -1, 3, 0],
    "agriculture": [-2, -2, -2, -3],
    "infrastructure": [-1, 1, -1, 1],
    "culture_tourism": [-1, -1, -1, -1],
}
# The monthly reports: 0–3 working days early (at random), but for these.
MONTHLY = {("logistics", 2): 1, ("infrastructure", 5): 2, ("electroplating", 8): 1,
           ("emerging", 11): 1, ("infrastructure", 10): 3, ("culture_tourism", 6): "returned"}
RETURN_COMMENTS = {ReportPeriod.Kind.QUARTER: "到位资金与台账不一致，请核对后重报",
                   ReportPeriod.Kind.MONTH: "项目进展情况填写过于简单，请补充后重报"}


def working_day(due, offset):
    """The working day `offset` working days after (+) or before (−) `due`."""
    if offset >= 0:
        return add_working_days(due, offset) if offset else due
    day = due
    for _ in range(-offset):
        day = working_day_on_or_before(day - datetime.timedelta(days=1))
    return day


def file_report(period, group, when, liaison, office, rng):
    """The group's report for `period` as `when` says; returns its standing version."""
    if when == "returned":
        first_moment = local_time(working_day(period.due, -3), 10, rng.randint(0, 59))
        with backdated(first_moment, Notification):
            first = submit(period, group, liaison, now=first_moment, via=VIA)
        returned = local_time(working_day(period.due, -2), 9, 30)
        with backdated(returned, Notification):
            return_submission(first, office, RETURN_COMMENTS[period.kind], now=returned, via=VIA)
        when = -1
    moment = local_time(working_day(period.due, when), rng.choice([9, 10, 11, 15, 16, 17]),
                        rng.randint(0, 59))
    with backdated(moment, Notification):
        return submit(period, group, liaison, now=moment, via=VIA)


def load_reports(people):
    """The 2021 monthly and quarterly reports, filed, returned, confirmed and locked by the office
    as the year went: the periods up to November closed once consolidated; December still open."""
    open_periods(YEAR, via=VIA)
    if Submission.objects.filter(period__year=YEAR).exists():
        return []
    office = get_user_model().objects.get(username="office")
    rng = random.Random(SEED)
    groups = list(IndustryGroup.objects.filter(code__in=QUARTERLY).order_by("position"))
    periods = ReportPeriod.objects.filter(year=YEAR).order_by("due", "kind")
    filed = {ReportPeriod.Kind.QUARTER: 0, ReportPeriod.Kind.MONTH: 0}
    for period in periods:
        for group in groups:
            if period.kind == ReportPeriod.Kind.QUARTER:
                when = QUARTERLY[group.code][period.number - 1]
            else:
                when = MONTHLY.get((group.code, period.number), -rng.choice([0, 1, 1, 2, 2, 3]))
            if when is None:
                continue
            standing = file_report(period, group, when, people[group.code]["liaison"], office, rng)
            filed[period.kind] += 1
            accepted = working_day(timezone.localdate(standing.submitted_at), 2)
            if accepted <= datetime.date(YEAR, 12, 24):
                moment = local_time(accepted, 11, rng.randint(0, 59))
                with backdated(moment):
                    accept(standing, office, now=moment, via=VIA)
        if period.end < datetime.date(YEAR, 12, 1):
            with backdated(local_time(working_day(period.due, 8), 17, 30)):
                set_locked(period, True, office, via=VIA)
    return [f"报送演示月报 {filed[ReportPeriod.Kind.MONTH]} 份、季报 {filed[ReportPeriod.Kind.QUARTER]} 份"
            "（含逾期、退回重报和未报送）"]


# Scores ------------------------------------------------------------------------------------------

# The office's year-end scores (重点项目协调服务, 项目策划包装, 其他工作, 10 each) with a note
# that says why: what fell short below full marks, what was done at full marks. (Late and
# missing 季报 are deducted by the scheme itself, so the notes leave them out.)
OFFICE_SCORES = {
    "forestry": [(8, "2 个项目用地问题协调超过办结期限，重点项目协调会组织不及时"),
                 (9, "策划包装项目 6 个，其中 1 个前期论证深度不足"),
                 (10, "信息报送及时，配合办好全县招商推介会")],
    "emerging": [(10, "锂电池材料等重点项目问题均在期限内协调解决"),
                 (10, "策划包装新兴产业项目 8 个，质量较高"),
                 (9, "11 月月报逾期报送，个别报送材料需多次补正")],
    "electroplating": [(9, "园区危废处置问题协调进度偏慢"),
                       (8, "园区项目策划包装深度不足，招商推介材料更新不及时"),
                       (9, "8 月月报逾期报送，配合全县招商推介活动较少")],
    "automotive": [(10, "共享基地企业诉求均按期办结"),
                   (9, "项目策划书更新较慢"),
                   (10, "按时完成各项交办任务")],
    "logistics": [(9, "江口港项目问题协调有待加强"),
                  (9, "策划包装项目数量偏少"),
                  (9, "2 月月报逾期报送，项目信息更新不够及时")],
    "agriculture": [(10, "土地流转等问题协调及时、办结率高"),
                    (10, "策划包装特色农业项目 5 个，推介效果好"),
                    (10, "各项工作按时完成，月报季报均按时报送")],
    "infrastructure": [(8, "征地拆迁问题协调办结超期 2 件"),
                       (8, "项目融资方案策划不够深入"),
                       (8, "5 月、10 月月报逾期报送，项目台账信息多次补正")],
    "culture_tourism": [(9, "景区旅游公路问题协调进度偏慢"),
                        (10, "中渡古镇等文旅项目策划包装到位"),
                        (10, "各项工作按时完成")],
}
SCORED_ON = datetime.date(YEAR, 12, 28)


def load_scores():
    if ManualScore.objects.filter(year=YEAR).exists():
        return []
    office = get_user_model().objects.get(username="office")
    groups = IndustryGroup.objects.filter(code__in=OFFICE_SCORES).order_by("position")
    for minute, group in enumerate(groups):
        lines = zip(("coordination", "planning", "other"), OFFICE_SCORES[group.code])
        with backdated(local_time(SCORED_ON, 15, minute * 5), ManualScore, Scheme):
            save_manual_scores(group, YEAR, {line: {"points": points, "note": note}
                                             for line, (points, note) in lines},
                               user=office, via=VIA)
    return [f"录入办公室年终评分 {len(OFFICE_SCORES)} 个组"]


# All ---------------------------------------------------------------------------------------------

def read_notices():
    """Everyone read their 2021 notices when they came (two hours later), but for December's."""
    december = local_time(datetime.date(YEAR, 12, 1), 0)
    Notification.objects.filter(read_at__isnull=True, created_at__lt=december) \
        .update(read_at=F("created_at") + datetime.timedelta(hours=2))


@transaction.atomic
def load_all():
    """(loaded, 中文 lines): the whole sample into an empty database, else nothing (and why)."""
    found = existing_data()
    if found:
        return False, [f"数据库中已有{'、'.join(found)}，演示数据只装入空数据库：本次未作任何修改"]
    lines = load_setup()
    lines += load_accounts()
    people = group_people()
    lines += load_projects(people)
    lines += load_demo_trips(authors={code: who["liaison"] for code, who in people.items()})
    lines += load_reports(people)
    lines += load_scores()
    read_notices()
    return True, lines

