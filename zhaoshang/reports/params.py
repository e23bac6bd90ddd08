"""The query parameters the dashboard and the 报表 page share: ?year=, ?as_of=, ?group=."""
import datetime

from django.http import Http404
from django.utils import timezone

from zhaoshang.org.models import IndustryGroup
from zhaoshang.org.scope import is_county, restrict
from zhaoshang.plans.models import AnnualPlan


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
    """The IndustryGroup of ?group=CODE the user may see, or None for all their groups.

    An unknown code is a 400 for county users; for a group member it is a 404 like another
    group's code, so a member cannot probe which codes exist.
    """
    code = request.GET.get("group", "").strip()
    if not code:
        return None
    group = restrict(request.user, IndustryGroup.objects.all()).filter(code=code).first()
    if group is not None:
        return group
    if is_county(request.user):
        raise BadParameter(f"没有代码为「{code}」的产业招商组")
    raise Http404("没有这个产业招商组")
