"""?year= and ?as_of=: the as-of date a page takes when none is given, for any year."""
import datetime

import pytest
from django.utils import timezone

from zhaoshang.core.params import BadParameter, default_as_of, default_year, year_and_as_of
from zhaoshang.core.tests.users import office_user
from zhaoshang.plans.annual import create_plan


@pytest.fixture
def today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda: datetime.date(2022, 5, 20))


@pytest.mark.parametrize("year, expected", [
    (2021, datetime.date(2021, 12, 31)),  # over: its last day
    (2022, datetime.date(2022, 5, 20)),   # running: today
    (2023, datetime.date(2023, 1, 1)),    # a plan entered ahead: its first day, nothing counted yet
])
def test_default_as_of(today, year, expected):
    assert default_as_of(year) == expected


def test_year_and_as_of(today):
    assert year_and_as_of({}, [2023, 2022]) == (2022, datetime.date(2022, 5, 20))
    assert year_and_as_of({}, [2023]) == (2023, datetime.date(2023, 1, 1))
    assert year_and_as_of({"as_of": "2022-03-31"}, [2022]) == (2022, datetime.date(2022, 3, 31))
    with pytest.raises(BadParameter, match="截止日期 2021-03-31 不在 2022 年内"):
        year_and_as_of({"year": "2022", "as_of": "2021-03-31"}, [2022])
    with pytest.raises(BadParameter, match="没有 2020 年的年度计划"):
        year_and_as_of({"year": "2020"}, [2022])


def test_pages_of_a_year_not_begun(client, plan2021):
    year = timezone.localdate().year + 1
    create_plan(year, copy_from=plan2021)
    client.force_login(office_user())
    for path in ["/", "/reports/", "/assessment/", "/trips/compliance/", "/api/stats/",
                 "/api/assessment/", "/api/trips/compliance/"]:
        response = client.get(path, {"year": year})
        assert response.status_code == 200, (path, response.content.decode()[:300])
    html = client.get("/", {"year": year}).content.decode()
    assert f"截至 {year}年1月1日" in html


@pytest.mark.parametrize("years, expected", [
    ([2023, 2022, 2021], 2022),  # next year's plan entered ahead: this year's still opens
    ([2021], 2021),              # only past plans: the latest
    ([2024, 2023], 2023),        # only plans ahead: the nearest
])
def test_default_year(today, years, expected):
    assert default_year(years) == expected
