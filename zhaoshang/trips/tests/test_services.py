"""trips.services: the one writer. Chinese reasons beside the fields, nothing written on error."""
import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from zhaoshang.core.files import FileData
from zhaoshang.core.models import ChangeRecord
from zhaoshang.core.tests.users import co_unit_user, leader_user, liaison_user, office_user
from zhaoshang.trips import services
from zhaoshang.trips.models import Trip, TripReportFile
from zhaoshang.trips.services import create_trip, delete_trip, update_trip

from .helpers import make_trip, pdf, trip_values

pytestmark = pytest.mark.django_db


def refused(values, report=None, user=None):
    """The {field: message} of a refused create; asserts nothing was written."""
    with pytest.raises(ValidationError) as caught:
        create_trip(values, report=report, user=user, via="test")
    assert not Trip.objects.exists() and not TripReportFile.objects.exists()
    assert not ChangeRecord.objects.filter(object_type="trip").exists()
    return {field: messages[0] for field, messages in caught.value.message_dict.items()}


def test_create_records_the_trip_and_the_change(plan2021):
    liaison = liaison_user("forestry")
    trip = make_trip(user=liaison, enterprises="  甲公司 \n\n乙公司  ", report=pdf())
    assert trip.enterprise_list() == ["甲公司", "乙公司"] and trip.enterprises == "甲公司\n乙公司"
    assert trip.created_by == liaison and trip.days == 3
    assert trip.report_name == "考察报告.pdf" and trip.report_type == "application/pdf"
    assert trip.report_size == len(b"%PDF-1.4 test report")
    assert bytes(trip.report_file.content) == b"%PDF-1.4 test report"
    change = ChangeRecord.objects.get(object_type="trip", object_id=trip.pk)
    assert change.action == "create" and change.group_id == trip.group_id and change.user == liaison
    assert change.after["destination"] == "深圳市" and change.after["report_name"] == "考察报告.pdf"


@pytest.mark.parametrize("overrides, field, message", [
    ({"end_on": datetime.date(2021, 3, 14)}, "end_on", "返回日期（2021-03-14）不能早于出发日期（2021-03-15）"),
    ({"start_on": datetime.date(1999, 12, 31), "end_on": datetime.date(2000, 1, 2)}, "start_on",
     "出发日期 1999-12-31 过早：只能登记 2000 年及以后的外出考察"),
    ({"start_on": "2021-02-30"}, "start_on", "出发日期「2021-02-30」无效，应为 YYYY-MM-DD，如 2021-03-15"),
    ({"end_on": None}, "end_on", "请填写返回日期"),
    ({"end_on": datetime.date(2021, 5, 14)}, "end_on",
     "考察时间过长：2021-03-15 至 2021-05-14 共 61 天，一次外出考察不超过 60 天，请核对日期"),
    ({"region": "华中"}, "region", "考察地区「华中」无效，应为京津冀、长三角、粤港澳大湾区、其他之一"),
    ({"region": ""}, "region", "请选择考察地区"),
    ({"destination": "  "}, "destination", "请填写考察目的地（城市）"),
    ({"leader": ""}, "leader", "请填写带队领导"),
    ({"group": None}, "group", "请选择产业招商组"),
])
def test_bad_values_are_refused_in_chinese(plan2021, overrides, field, message):
    assert refused(trip_values(**overrides))[field] == message


@pytest.mark.parametrize("group", ["forestry", 999999])
def test_an_unknown_group(plan2021, group):
    assert refused({**trip_values(), "group": group})["group"] == "所选产业招商组不存在"


def test_a_trip_is_recorded_after_it_starts(plan2021):
    tomorrow = datetime.date.today() + datetime.timedelta(days=2)
    problems = refused(trip_values(start=tomorrow))
    assert problems["start_on"].startswith(f"出发日期 {tomorrow} 晚于今天")


def test_every_problem_at_once(plan2021):
    problems = refused(trip_values(destination="", leader="", region="x"))
    assert set(problems) == {"destination", "leader", "region"}


@pytest.mark.parametrize("report, message", [
    (FileData("报告.exe", b"MZ"), "考察报告「报告.exe」的格式不支持，请上传 PDF、Word、WPS、Excel、PPT、JPG、PNG 或 ZIP 文件"),
    (FileData("报告.pdf", b""), "考察报告「报告.pdf」是空文件"),
    (FileData("C:\\材料\\报告.pdf", b"x" * (services.MAX_REPORT_BYTES + 1)),
     "考察报告「报告.pdf」超过 20 MB，请压缩后再上传"),
])
def test_bad_report_files_are_refused(plan2021, report, message):
    assert refused(trip_values(), report=report)["report"] == message


def test_only_editors_of_the_group_write(plan2021):
    values = trip_values("forestry")
    for user in (liaison_user("emerging"), leader_user(), co_unit_user("forestry")):
        assert refused(values, user=user)["group"] == "您的角色不能为该产业招商组登记外出招商考察"
    trip = make_trip("forestry", user=office_user())
    with pytest.raises(PermissionDenied):
        update_trip(trip, {"destination": "广州市"}, user=liaison_user("emerging"))
    with pytest.raises(PermissionDenied):
        delete_trip(trip, reason="重复", user=leader_user())
    assert Trip.objects.get().destination == "深圳市"


def test_a_liaison_cannot_move_a_trip_to_another_group(plan2021):
    liaison = liaison_user("forestry")
    trip = make_trip("forestry", user=liaison)
    with pytest.raises(ValidationError) as caught:
        update_trip(trip, {"group": trip_values("emerging")["group"]}, user=liaison)
    assert "group" in caught.value.message_dict
    assert Trip.objects.get().group.code == "forestry"


def test_update_records_only_what_changed(plan2021):
    trip = make_trip()
    update_trip(trip, {"destination": "广州市", "end_on": "2021-03-18"}, reason="核对行程", via="test")
    trip.refresh_from_db()
    assert trip.destination == "广州市" and trip.end_on == datetime.date(2021, 3, 18)
    change = ChangeRecord.objects.filter(object_type="trip", action="update").get()
    assert change.before == {"end_on": "2021-03-17", "destination": "深圳市"}
    assert change.after == {"end_on": "2021-03-18", "destination": "广州市"}
    assert change.reason == "核对行程"
    update_trip(trip, {"destination": "广州市"}, via="test")  # nothing changed, nothing recorded
    assert ChangeRecord.objects.filter(object_type="trip", action="update").count() == 1


def test_replace_and_remove_the_report(plan2021):
    trip = make_trip(report=pdf())
    update_trip(trip, {}, report=pdf(content=b"%PDF new"), via="test")
    trip.refresh_from_db()
    assert bytes(trip.report_file.content) == b"%PDF new" and trip.report_size == 8
    assert ChangeRecord.objects.filter(object_type="trip", action="update").count() == 1
    update_trip(trip, {}, remove_report=True, via="test")
    trip.refresh_from_db()
    assert trip.report_name == "" and not TripReportFile.objects.exists()
    change = ChangeRecord.objects.filter(object_type="trip", action="update").first()
    assert change.after == {"report_name": ""}


def test_delete_needs_a_reason_and_keeps_the_record(plan2021):
    trip = make_trip(report=pdf())
    with pytest.raises(ValidationError) as caught:
        delete_trip(trip, reason="  ", via="test")
    assert caught.value.message_dict == {"reason": ["请填写删除原因"]}
    assert Trip.objects.exists()
    delete_trip(trip, reason="重复登记", via="test")
    assert not Trip.objects.exists() and not TripReportFile.objects.exists()
    change = ChangeRecord.objects.get(object_type="trip", action="delete")
    assert change.reason == "重复登记" and change.before["destination"] == "深圳市"
    assert change.group_id == trip.group_id
