"""Hand-made assessment data, written through the services like everything else.

The 2021 plan's group targets (亿元 funds, signed, industrial, 亿元工业) are:
forestry 16/7/7/5 · emerging 8/8/6/1 · electroplating 2/2/2/0 · automotive 3/5/5/2 ·
logistics 3/2/0/0 · agriculture 2/2/0/0 · infrastructure 7/3/0/0 · culture_tourism 4/1/0/0.
"""
import datetime
from zoneinfo import ZoneInfo

from zhaoshang.core.tests.users import liaison_user
from zhaoshang.projects.tests.factories import group_of, make_funds, make_project
from zhaoshang.reports import services as reports
from zhaoshang.reports.models import ReportPeriod
from zhaoshang.trips.tests.helpers import make_trip

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(text):
    """An aware moment in Asia/Shanghai from 'YYYY-MM-DD HH:MM:SS'."""
    return datetime.datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


def submit_quarter(code, number, moment):
    """The group's liaison submits the 2021 季报 `number` at `moment`."""
    reports.open_periods(2021)
    period = ReportPeriod.objects.get(year=2021, kind="quarter", number=number)
    group = group_of(code)
    return reports.submit(period, group, liaison_user(group), now=at(moment))


def signed(code, count, *, signed_on="2021-03-01", **fields):
    """`count` counted projects of `code` signed on `signed_on`."""
    return [make_project(code, signed_on=signed_on, **fields) for _ in range(count)]


def build_year():
    """The ranking scenario of test_scorecard (every point worked out there by hand)."""
    # 林木加工: 12 of 16 亿; 8 signed of 7; 3 industrial of 7; 1 亿元工业 of 5.
    projects = signed("forestry", 5)
    projects += signed("forestry", 2, industrial=True)
    projects += signed("forestry", 1, industrial=True, total_investment="200000")
    make_funds(projects[-1], "2021-05-01", "120000")
    for start in ("2021-01-10", "2021-03-15", "2021-07-05", "2021-11-20"):  # 4 of 6 windows
        make_trip("forestry", start)
    submit_quarter("forestry", 1, "2021-03-22 10:00:00")  # due 03-19: 3 days late
    # Q2 missing
    submit_quarter("forestry", 3, "2021-09-10 10:00:00")
    submit_quarter("forestry", 4, "2021-12-10 10:00:00")

    # 商贸物流: 3.75 of 3 亿 (125%), 2 signed of 2, by 30 November.
    made = signed("logistics", 2, total_investment="50000")
    make_funds(made[0], "2021-06-01", "37500")

    # 文旅: 3 of 4 亿 (75%) on a project signed in 2020 (续建), so 0 signed of 1.
    old = make_project("culture_tourism", signed_on="2020-06-01", total_investment="50000")
    make_funds(old, "2021-04-01", "30000")

    # 农业: 0.70 of 2 亿 (35%), 2 signed of 2.
    made = signed("agriculture", 2)
    make_funds(made[0], "2021-04-01", "7000")
