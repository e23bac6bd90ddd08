"""季度通报: the page to choose a year and quarter, and the bulletin as PDF or .xlsx.

The bulletin is the county's document: county roles (admin, office, leader) only; a group's
users get 403, as the whole county's figures are not theirs to read.
"""
import io

from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from zhaoshang.core.params import default_year
from zhaoshang.core.xlsx import XLSX_CONTENT_TYPE
from zhaoshang.org.scope import is_county
from zhaoshang.stats.figures import NoPlan

from .bulletin import (bulletin_as_of, bulletin_data, bulletin_pdf, bulletin_title, bulletin_xlsx,
                       quarter_bounds, quarter_name)
from .params import BadParameter, plan_years

FORMATS = {"pdf": "application/pdf", "xlsx": XLSX_CONTENT_TYPE}


def county_only(user):
    if not is_county(user):
        raise PermissionDenied("季度通报是全县的文件，只有领导小组办公室和县领导可以查看")


def number(request, name, allowed, label):
    text = request.GET.get(name, "").strip()
    if not text:
        return None
    if not text.isdigit() or int(text) not in allowed:
        raise BadParameter(f"{label}「{text}」无效，可选：{'、'.join(map(str, allowed))}")
    return int(text)


def quarters_of(year, today):
    """The four quarters of `year`: name, dates, whether begun and the as-of of its bulletin."""
    quarters = []
    for q in range(1, 5):
        start, end = quarter_bounds(year, q)
        begun = start <= today
        quarters.append({"number": q, "name": quarter_name(q), "start": start, "end": end, "begun": begun,
                         "as_of": bulletin_as_of(year, q, today) if begun else None,
                         "running": begun and today <= end,
                         "pdf": reverse("bulletin:pdf", args=[year, q]),
                         "xlsx": reverse("bulletin:xlsx", args=[year, q])})
    return quarters


def default_quarter(quarters):
    """The latest quarter that has ended, else the running one, else the first."""
    ended = [q for q in quarters if q["begun"] and not q["running"]]
    begun = [q for q in quarters if q["begun"]]
    return (ended or begun or quarters)[-1]["number"]


@require_safe  # reads only: a POST is 405
def page(request):
    county_only(request.user)
    years = plan_years()
    if not years:
        return render(request, "reports/bulletin.html", {"no_plan": True})
    try:
        year = number(request, "year", years, "年度") or default_year(years)
        today = timezone.localdate()
        quarters = quarters_of(year, today)
        quarter = number(request, "quarter", [1, 2, 3, 4], "季度") or default_quarter(quarters)
    except BadParameter as exc:
        return render(request, "reports/bulletin.html", {"error": str(exc)}, status=400)
    return render(request, "reports/bulletin.html", {
        "years": years, "year": year, "quarters": quarters, "selected": quarters[quarter - 1],
        "title": bulletin_title(year, quarter),
    })


def download(request, year, quarter, kind):
    county_only(request.user)
    try:
        data = bulletin_data(year, quarter)
    except NoPlan as exc:
        return render(request, "reports/bulletin.html", {"error": str(exc)}, status=404)
    except ValueError as exc:
        return render(request, "reports/bulletin.html", {"error": str(exc)}, status=400)
    filename = f"{data['title']}.{kind}"
    if kind == "pdf":
        content = bulletin_pdf(data)
    else:
        buffer = io.BytesIO()
        bulletin_xlsx(data).save(buffer)
        content = buffer.getvalue()
    return FileResponse(io.BytesIO(content), as_attachment=True, filename=filename, content_type=FORMATS[kind])


@require_safe  # reads only: a POST is 405
def pdf(request, year, quarter):
    return download(request, year, quarter, "pdf")


@require_safe  # reads only: a POST is 405
def xlsx(request, year, quarter):
    return download(request, year, quarter, "xlsx")
