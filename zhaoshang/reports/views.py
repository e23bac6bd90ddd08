"""The 附件1 completion page and the two workbooks (附件1, 附件2) as downloads.

Open to anyone for now: sign-in and each user's group scope come with the next issue, and
then these views must pass the user's groups to the builders.
"""
import datetime
import io

from django.http import FileResponse
from django.shortcuts import render
from django.utils import timezone

from zhaoshang.org.models import IndustryGroup
from zhaoshang.plans.models import AnnualPlan

from .exports import (ATTACHMENT1_NOTES, TARGET_COLUMNS, XLSX_CONTENT_TYPE, attachment1_table,
                      attachment1_workbook, attachment2_workbook)


class BadParameter(ValueError):
    """A query parameter the page cannot use; its message is shown to the user."""


def plan_years():
    return list(AnnualPlan.objects.order_by("-year").values_list("year", flat=True))


def period(request, years):
    """(year, as_of) from ?year= and ?as_of=.

    Defaults: the latest plan's year; today while that year runs, else its last day.
    """
    text = request.GET.get("year", "").strip()
    if not text:
        year = years[0]
    elif not (text.isdigit() and len(text) == 4):
        raise BadParameter(f"年度「{text}」无效，应为四位数字年份，如 2021")
    else:
        year = int(text)
        if year not in years:
            raise BadParameter(f"没有 {year} 年的年度计划（已有：{'、'.join(map(str, years))}）")
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    text = request.GET.get("as_of", "").strip()
    if not text:
        today = timezone.localdate()
        return year, today if first <= today <= last else last
    try:
        as_of = datetime.datetime.strptime(text, "%Y-%m-%d").date()
    except ValueError:
        raise BadParameter(f"截止日期「{text}」无效，应为 YYYY-MM-DD，如 {year}-06-30") from None
    if not first <= as_of <= last:
        raise BadParameter(f"截止日期 {as_of} 不在 {year} 年内")
    return year, as_of


def selected_group(request):
    """The IndustryGroup of ?group=CODE, or None for every group."""
    code = request.GET.get("group", "").strip()
    if not code:
        return None
    group = IndustryGroup.objects.filter(code=code).first()
    if group is None:
        raise BadParameter(f"没有代码为「{code}」的产业招商组")
    return group


def bad_request(request, message):
    return render(request, "reports/attachment1.html", {"error": message}, status=400)


def attachment1(request):
    years = plan_years()
    if not years:
        return render(request, "reports/attachment1.html", {"no_plan": True})
    try:
        year, as_of = period(request, years)
    except BadParameter as exc:
        return bad_request(request, str(exc))
    result, total, rows = attachment1_table(year, as_of)
    return render(request, "reports/attachment1.html", {
        "years": years, "year": year, "as_of": as_of, "result": result, "county": result["county"],
        "total": total, "table_rows": [total, *rows], "target_columns": TARGET_COLUMNS, "notes": ATTACHMENT1_NOTES,
        "groups": IndustryGroup.objects.order_by("position", "id"),
    })


def workbook_response(workbook, filename):
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return FileResponse(buffer, as_attachment=True, filename=filename, content_type=XLSX_CONTENT_TYPE)


def attachment1_xlsx(request):
    years = plan_years()
    try:
        if not years:
            raise BadParameter("尚未导入年度计划")
        year, as_of = period(request, years)
    except BadParameter as exc:
        return bad_request(request, str(exc))
    return workbook_response(attachment1_workbook(year, as_of),
                             f"附件1-{year}年目标任务完成情况-{as_of:%Y%m%d}.xlsx")


def attachment2_xlsx(request):
    years = plan_years()
    try:
        if not years:
            raise BadParameter("尚未导入年度计划")
        year, as_of = period(request, years)
        group = selected_group(request)
    except BadParameter as exc:
        return bad_request(request, str(exc))
    workbook = attachment2_workbook(year, as_of, [group.pk] if group else None)
    scope = f"-{group.name}" if group else ""
    return workbook_response(workbook, f"附件2-{year}年招商引资项目统计表{scope}-{as_of:%Y%m%d}.xlsx")
