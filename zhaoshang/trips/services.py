"""The only code that changes trips (the one writer). Forms, demo data and tests call it.

Every function runs in one transaction, checks the values, and writes the change log.
Errors are `ValidationError({field: 中文 reason})` and nothing is written; a user who may not
change the trip's group gets PermissionDenied. `user=None` is the system itself (demo data).
"""
import datetime
import mimetypes
from pathlib import PurePath

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from zhaoshang.core.audit import diff, record, snapshot
from zhaoshang.core.models import ChangeRecord
from zhaoshang.org.models import IndustryGroup
from zhaoshang.org.scope import may_edit_group

from .models import Region, Trip, TripReportFile

# The fields a trip's change log follows (the report by its file name).
TRIP_FIELDS = ["group", "start_on", "end_on", "destination", "region", "leader", "participants",
               "enterprises", "outcome", "report_name"]
TEXT_FIELDS = ["destination", "leader", "participants", "enterprises", "outcome"]
EARLIEST = datetime.date(2000, 1, 1)
MAX_DAYS = 60
MAX_REPORT_BYTES = 20 * 1024 * 1024
REPORT_TYPES = {".pdf", ".doc", ".docx", ".wps", ".xls", ".xlsx", ".et", ".ppt", ".pptx",
                ".jpg", ".jpeg", ".png", ".zip"}
REPORT_TYPES_TEXT = "PDF、Word、WPS、Excel、PPT、JPG、PNG 或 ZIP"
NO_RIGHT = "您的角色不能登记或修改该产业招商组的外出招商考察"


def parse_date(value, label, problems, key):
    if value in (None, ""):
        problems[key] = f"请填写{label}"
        return None
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value).strip())
    except ValueError:
        problems[key] = f"{label}「{value}」无效，应为 YYYY-MM-DD，如 2021-03-15"
        return None


def clean_values(values, problems, user):
    """The values a trip will be saved with; what is wrong goes into `problems`."""
    clean = {name: str(values.get(name) or "").strip() for name in TEXT_FIELDS}
    clean["enterprises"] = "\n".join(
        line.strip() for line in clean["enterprises"].splitlines() if line.strip())

    group = values.get("group")
    group_id = getattr(group, "pk", group)
    if group_id in (None, ""):
        problems["group"] = "请选择产业招商组"
    elif not str(group_id).isdigit() or not IndustryGroup.objects.filter(pk=group_id).exists():
        problems["group"] = "所选产业招商组不存在"
    elif user is not None and not may_edit_group(user, int(group_id)):
        problems["group"] = "您的角色不能为该产业招商组登记外出招商考察"
    clean["group_id"] = group_id

    start = parse_date(values.get("start_on"), "出发日期", problems, "start_on")
    end = parse_date(values.get("end_on"), "返回日期", problems, "end_on")
    today = timezone.localdate()
    if start and start < EARLIEST:
        problems["start_on"] = f"出发日期 {start} 过早：只能登记 {EARLIEST.year} 年及以后的外出考察"
    elif start and start > today:
        problems["start_on"] = f"出发日期 {start} 晚于今天（{today}）：外出考察请在出发后登记"
    if start and end:
        if end < start:
            problems["end_on"] = f"返回日期（{end}）不能早于出发日期（{start}）"
        elif (end - start).days + 1 > MAX_DAYS:
            problems["end_on"] = (f"考察时间过长：{start} 至 {end} 共 {(end - start).days + 1} 天，"
                                  f"一次外出考察不超过 {MAX_DAYS} 天，请核对日期")
    clean["start_on"], clean["end_on"] = start, end

    if not clean["destination"]:
        problems["destination"] = "请填写考察目的地（城市）"
    elif len(clean["destination"]) > 100:
        problems["destination"] = "目的地不超过 100 个字"
    region = str(values.get("region") or "").strip()
    if not region:
        problems["region"] = "请选择考察地区"
    elif region not in Region.values:
        problems["region"] = (f"考察地区「{region}」无效，应为"
                              f"{'、'.join(Region.labels)}之一")
    clean["region"] = region
    if not clean["leader"]:
        problems["leader"] = "请填写带队领导"
    elif len(clean["leader"]) > 100:
        problems["leader"] = "带队领导不超过 100 个字"
    return clean


def read_report(report, problems):
    """(name, content type, bytes) of an uploaded report, or None with the reason in `problems`."""
    name = PurePath(str(report.name or "").replace("\\", "/")).name[:255] or "考察报告"
    suffix = PurePath(name).suffix.lower()
    if suffix not in REPORT_TYPES:
        problems["report"] = f"考察报告「{name}」的格式不支持，请上传 {REPORT_TYPES_TEXT} 文件"
        return None
    too_big = (getattr(report, "size", None) or 0) > MAX_REPORT_BYTES
    content = b"" if too_big else bytes(report.read(MAX_REPORT_BYTES + 1))
    if too_big or len(content) > MAX_REPORT_BYTES:
        problems["report"] = f"考察报告「{name}」超过 {MAX_REPORT_BYTES // 1024 // 1024} MB，请压缩后再上传"
        return None
    if not content:
        problems["report"] = f"考察报告「{name}」是空文件"
        return None
    # The type follows the name, not what the browser claims; the download is always an attachment.
    kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return name, kind, content


@transaction.atomic
def save_trip(values, *, trip=None, report=None, remove_report=False, user=None, via="form",
              reason=""):
    """Create (`trip=None`) or edit a trip with `values` {field: value}; returns it.

    `report` (an uploaded file, or a core.files.FileData) replaces the report file; `remove_report`
    drops it. Values not given keep their stored value on an edit.
    """
    before = None
    if trip is not None:
        trip = Trip.objects.select_for_update().select_related("group").get(pk=trip.pk)
        if user is not None and not may_edit_group(user, trip.group_id):
            raise PermissionDenied(NO_RIGHT)
        stored = {name: getattr(trip, name) for name in TEXT_FIELDS + ["start_on", "end_on", "region"]}
        values = {**stored, "group": trip.group_id, **values}
        before = snapshot(trip, TRIP_FIELDS)

    problems = {}
    clean = clean_values(values, problems, user)
    upload = read_report(report, problems) if report is not None else None
    if problems:
        raise ValidationError(problems)

    trip = trip or Trip(created_by=user if getattr(user, "pk", None) else None)
    for name, value in clean.items():
        setattr(trip, name, value)
    if upload:
        trip.report_name, trip.report_type, content = upload
        trip.report_size = len(content)
    elif remove_report:
        trip.report_name, trip.report_type, trip.report_size = "", "", 0
    trip.save()
    if upload:
        TripReportFile.objects.update_or_create(trip=trip, defaults={"content": content})
    elif remove_report:
        TripReportFile.objects.filter(trip=trip).delete()

    after = snapshot(trip, TRIP_FIELDS)
    if before is None:
        record(trip, ChangeRecord.Action.CREATE, user=user, after=after, via=via,
               group_id=trip.group_id)
    else:
        old, new = diff(before, after)
        if upload and "report_name" not in new:  # the same name, a new file: still a change
            old["report_name"], new["report_name"] = before["report_name"], after["report_name"]
        if new:
            record(trip, ChangeRecord.Action.UPDATE, user=user, before=old, after=new,
                   reason=reason, via=via, group_id=trip.group_id)
    return trip


def create_trip(values, *, report=None, user=None, via="form"):
    return save_trip(values, report=report, user=user, via=via)


def update_trip(trip, values, *, report=None, remove_report=False, user=None, via="form", reason=""):
    return save_trip(values, trip=trip, report=report, remove_report=remove_report, user=user,
                     via=via, reason=reason)


@transaction.atomic
def delete_trip(trip, *, reason, user=None, via="form"):
    """Delete a trip (and its report file) with a reason; the change log keeps what it was."""
    trip = Trip.objects.select_for_update().select_related("group").get(pk=trip.pk)
    if user is not None and not may_edit_group(user, trip.group_id):
        raise PermissionDenied(NO_RIGHT)
    reason = str(reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "请填写删除原因"})
    before = snapshot(trip, TRIP_FIELDS)
    record(trip, ChangeRecord.Action.DELETE, user=user, before=before, reason=reason, via=via,
           group_id=trip.group_id)
    trip.delete()
