"""Test data for trips, written through the services like everything else."""
import datetime

from zhaoshang.projects.tests.factories import group_of
from zhaoshang.trips.models import Region
from zhaoshang.core.files import FileData
from zhaoshang.trips.services import create_trip


def trip_values(group="forestry", start="2021-03-15", days=3, **overrides):
    start = datetime.date.fromisoformat(start) if isinstance(start, str) else start
    values = {
        "group": group_of(group) if isinstance(group, str) else group,
        "start_on": start, "end_on": start + datetime.timedelta(days=days - 1),
        "destination": "深圳市", "region": Region.GREATER_BAY, "leader": "张三（指挥长）",
        "participants": "县投促中心 李四", "enterprises": "深圳某某科技有限公司\n深圳某某电子有限公司",
        "outcome": "获得项目线索1条",
    }
    values.update(overrides)
    return values


def make_trip(group="forestry", start="2021-03-15", *, report=None, user=None, **overrides):
    return create_trip(trip_values(group, start, **overrides), report=report, user=user, via="test")


def pdf(name="考察报告.pdf", content=b"%PDF-1.4 test report"):
    return FileData(name, content)
