"""The query parameters the dashboard and the 报表 page share: ?year=, ?as_of=, ?group=."""
from django.http import Http404

from zhaoshang.core.params import BadParameter, year_and_as_of
from zhaoshang.org.models import IndustryGroup
from zhaoshang.org.scope import is_county, restrict
from zhaoshang.plans.models import AnnualPlan


def plan_years():
    return list(AnnualPlan.objects.order_by("-year").values_list("year", flat=True))


def period(request, years):
    """(year, as_of) of the page: the latest plan's year, today while it runs, else its end."""
    return year_and_as_of(request.GET, years)


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
