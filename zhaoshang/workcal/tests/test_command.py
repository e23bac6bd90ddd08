"""zhaoshang deadlines --year Y [--json]."""
import datetime
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from zhaoshang.workcal.services import save_notice

pytestmark = pytest.mark.django_db


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("deadlines", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_json_shape_2021():
    out, err = run("--year", "2021", "--json")
    assert json.loads(out) == {
        "year": 2021,
        "quarterly": ["2021-03-19", "2021-06-18", "2021-09-18", "2021-12-20"],
        "monthly": ["2021-01-20", "2021-02-20", "2021-03-19", "2021-04-20", "2021-05-20", "2021-06-18",
                    "2021-07-20", "2021-08-20", "2021-09-18", "2021-10-20", "2021-11-19", "2021-12-20"],
    }
    assert list(json.loads(out)) == ["year", "quarterly", "monthly"]
    assert err == ""


def test_table_in_chinese():
    out, err = run("--year", "2021")
    assert "2021年报送期限（日历来源：系统自带的节假日数据" in out
    assert "第三季度  2021-09-18  星期六" in out
    assert "2月    2021-02-20  星期六" in out
    assert err == ""


def test_fallback_warns_on_stderr_and_keeps_json_clean():
    out, err = run("--year", "2031", "--json")
    assert json.loads(out)["quarterly"] == ["2031-03-20", "2031-06-20", "2031-09-19", "2031-12-19"]
    assert "2031年尚无节假日安排数据，暂按周一至周五计算工作日" in err


def test_office_entered_year():
    save_notice(2031, reference="国办发明电〔2030〕1号", working_weekends=[datetime.date(2031, 9, 20)],
                holidays=[{"name": "国庆节", "first_day": datetime.date(2031, 10, 1),
                           "last_day": datetime.date(2031, 10, 7)}])
    out, err = run("--year", "2031", "--json")
    assert json.loads(out)["quarterly"][2] == "2031-09-20"  # the entered working Saturday
    assert err == ""
    assert "办公室录入" in run("--year", "2031")[0]


def test_bad_year():
    with pytest.raises(CommandError, match="年度应在"):
        run("--year", "1899")
