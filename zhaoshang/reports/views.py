"""报表: the 附件1 completion table and the two workbooks (附件1, 附件2) as downloads.

Within the user's scope: a group member's table, 附件1 and 附件2 hold their own groups only;
another group's code is a 404 (selected_group).
"""
from urllib.parse import urlencode

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from zhaoshang.core.xlsx import workbook_response
from zhaoshang.org.models import IndustryGroup
from zhaoshang.org.scope import Scope, restrict

from .exports import (ATTACHMENT1_NOTES, TARGET_COLUMNS, attachment1_table,
                      attachment1_workbook, attachment2_workbook)
from .params import BadParameter, period, plan_years, selected_group


def bad_request(request, message):
    return render(request, "reports/attachment1.html", {"error": message}, status=400)


def report_scope(request):
    """(group, scope) of the report: ?group= if given, else all the user may see."""
    group = selected_group(request)
    return group, (Scope.groups({group.pk}) if group else Scope.of(request.user))


@require_safe  # reads only: a POST is 405
def attachment1(request):
    if Scope.of(request.user).is_empty:
        return render(request, "dashboard/no_scope.html")
    years = plan_years()
    if not years:
        return render(request, "reports/attachment1.html", {"no_plan": True})
    try:
        year, as_of = period(request, years)
        group, scope = report_scope(request)
    except BadParameter as exc:
        return bad_request(request, str(exc))
    result, total, rows = attachment1_table(year, as_of, scope=scope)
    return render(request, "reports/attachment1.html", {
        "years": years, "year": year, "as_of": as_of, "result": result, "county": result["county"],
        "county_scope": scope.is_everything, "group": group,
        "scope_name": None if scope.is_everything else "、".join(row["name"] for row in rows),
        "download_query": urlencode({"year": year, "as_of": as_of.isoformat(),
                                     **({"group": group.code} if group else {})}),
        "total": total, "table_rows": [total, *rows], "target_columns": TARGET_COLUMNS,
        "notes": ATTACHMENT1_NOTES,
        "groups": restrict(request.user, IndustryGroup.objects.order_by("position", "id")),
    })



def download_period(request):
    """(year, as_of, group, scope) of a download, or BadParameter."""
    if Scope.of(request.user).is_empty:
        raise Http404("没有可导出的产业招商组")
    years = plan_years()
    if not years:
        raise BadParameter("尚未导入年度计划")
    year, as_of = period(request, years)
    return year, as_of, *report_scope(request)


@require_safe  # reads only: a POST is 405
def attachment1_xlsx(request):
    try:
        year, as_of, group, scope = download_period(request)
    except BadParameter as exc:
        return bad_request(request, str(exc))
    suffix = f"-{group.name}" if group else ""
    return workbook_response(attachment1_workbook(year, as_of, scope=scope),
                             f"附件1-{year}年目标任务完成情况{suffix}-{as_of:%Y%m%d}.xlsx")


@require_safe  # reads only: a POST is 405
def attachment2_xlsx(request):
    try:
        year, as_of, group, scope = download_period(request)
    except BadParameter as exc:
        return bad_request(request, str(exc))
    suffix = f"-{group.name}" if group else ""
    return workbook_response(attachment2_workbook(year, as_of, scope=scope),
                             f"附件2-{year}年招商引资项目统计表{suffix}-{as_of:%Y%m%d}.xlsx")
