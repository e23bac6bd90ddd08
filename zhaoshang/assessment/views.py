"""绩效考评 pages: the ranking, a group's scorecard with the office's scores, the Excel export,
and the year's scheme.

Ranks are county-wide (every group is assessed); a user sees the cards of the groups in their
scope only: a group's member sees their own group's card and rank, never another group's name
or points. Another group's scorecard is a 404. Only the office writes (scores, scheme); the
others read (403 on a write).
"""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header, urlencode
from django.views.decorators.http import require_POST, require_safe

from zhaoshang.core.params import BadParameter, year_and_as_of
from zhaoshang.core.xlsx import XLSX_CONTENT_TYPE
from zhaoshang.org.generic import scoped
from zhaoshang.org.models import IndustryGroup
from zhaoshang.org.scope import Scope, is_county, is_office
from zhaoshang.plans.models import AnnualPlan
from zhaoshang.stats.figures import NoPlan

from .exports import assessment_workbook
from .forms import SchemeForm, ScoresForm
from .scorecard import LINE_KEYS, SHORT_LABELS, ZERO, assess
from .services import BASE_LINES, scheme_for

READ_ONLY = "只有领导小组办公室可以评分或修改考评方案，您可以查看考评结果。"


def message(request, title, text, *, status):
    return render(request, "assessment/message.html", {"title": title, "message": text}, status=status)


def plan_years():
    return list(AnnualPlan.objects.order_by("-year").values_list("year", flat=True))


def assessed(request):
    """(assessment, the cards the user may see) for the page's ?year=&as_of=, or an error page."""
    years = plan_years()
    if not years:
        return None, message(request, "还没有年度计划", "请先在「设置 · 年度计划」中录入年度计划，再进行绩效考评。",
                             status=404)
    try:
        year, as_of = year_and_as_of(request.GET, years, known_only=False)
        result = assess(year, as_of)
    except (BadParameter, NoPlan, ValueError) as exc:
        return None, message(request, "查询参数有误", str(exc), status=400)
    scope = Scope.of(request.user)
    cards = [c for c in result.cards if scope.includes(c.group.pk)]
    return (result, cards), None


def query(result):
    return urlencode({"year": result.year, "as_of": result.as_of.isoformat()})


@require_safe  # reads only: a POST is 405
def ranking(request):
    found, error = assessed(request)
    if error:
        return error
    result, cards = found
    weights = {key: getattr(result.scheme, field) for key, field in BASE_LINES}
    return render(request, "assessment/ranking.html", {
        "result": result, "cards": cards, "years": plan_years(), "query": query(result),
        "county": is_county(request.user), "office": is_office(request.user),
        "targets": [(SHORT_LABELS[key], weights[key]) for key in LINE_KEYS[:4]],
        "trips_weight": weights["trips"],
        "manual": [(SHORT_LABELS[key], weights[key]) for key in LINE_KEYS[5:8]],
        "group_count": len(result.cards),
        "unscored": sum(1 for c in cards for line in c.lines if not line.scored),
    })


# The scorecard's sections: (heading, line keys).
SECTIONS = [("目标任务完成", LINE_KEYS[:4]), ("产业招商", LINE_KEYS[4:5]), ("办公室评分", LINE_KEYS[5:8]),
            ("加分", ["bonus"]), ("减分", ["deduction"])]


def sections(card):
    """[(heading, full marks or None, [lines])] in scorecard order."""
    result = []
    for heading, keys in SECTIONS:
        lines = [card.line(key) for key in keys]
        weights = [line.weight for line in lines if line.weight is not None]
        result.append((heading, sum(weights) if weights else None, lines))
    return result


def render_scorecard(request, group, found, form=None, *, status=200):
    result, _ = found
    card = result.card(group.pk)
    office = is_office(request.user)
    if office and form is None:
        form = ScoresForm(group=group, year=result.year, scheme=result.scheme, scores=card.scores)
    return render(request, "assessment/scorecard.html", {
        "result": result, "card": card, "group": group, "query": query(result),
        "county": is_county(request.user), "office": office, "form": form,
        "group_count": len(result.cards), "years": plan_years(),
        "sections": sections(card),
        "base": sum((line.points for line in card.base_lines), ZERO),
        "scores": [(line, card.scores.get(line.key)) for line in card.lines if line.key in LINE_KEYS[5:8]],
    }, status=status)


scoped_group = scoped(IndustryGroup.objects.all(), lookup="code")


@scoped_group
@require_safe  # reads only: a POST is 405
def scorecard(request, group):
    found, error = assessed(request)
    if error:
        return error
    return render_scorecard(request, group, found)


@require_POST
@scoped_group
def scores(request, group):
    if not is_office(request.user):
        return message(request, "没有权限", READ_ONLY, status=403)
    found, error = assessed(request)
    if error:
        return error
    result, _ = found
    form = ScoresForm(request.POST, group=group, year=result.year, scheme=result.scheme,
                      scores=result.card(group.pk).scores)
    if form.save(request.user) is None:
        return render_scorecard(request, group, found, form, status=400)
    messages.success(request, f"已保存{group.name}{result.year}年的办公室评分")
    return redirect(f"{reverse('assessment:scorecard', args=[group.code])}?{query(result)}")


@require_safe  # reads only: a POST is 405
def export(request):
    found, error = assessed(request)
    if error:
        return error
    result, cards = found
    workbook = assessment_workbook(result, cards)
    response = HttpResponse(content_type=XLSX_CONTENT_TYPE)
    workbook.save(response)
    name = f"{result.year}年绩效考评（截至{result.as_of:%Y-%m-%d}）.xlsx"
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


def scheme(request, year):
    if year not in plan_years():
        return message(request, "没有该年度计划", f"没有 {year} 年的年度计划，不能设置考评方案。", status=404)
    current = scheme_for(year)
    office = is_office(request.user)
    if request.method == "POST":
        if not office:
            return message(request, "没有权限", READ_ONLY, status=403)
        form = SchemeForm(request.POST, scheme=current)
        if form.save(request.user) is not None:
            messages.success(request, f"已保存{year}年绩效考评方案，考评结果已按新方案计算")
            return redirect("assessment:scheme", year=year)
        status = 400
    else:
        form = SchemeForm(scheme=current) if office else None
        status = 200
    return render(request, "assessment/scheme.html", {
        "year": year, "scheme": current, "form": form, "office": office,
        "weights": [(current._meta.get_field(field).verbose_name, getattr(current, field))
                    for _, field in BASE_LINES],
    }, status=status)
