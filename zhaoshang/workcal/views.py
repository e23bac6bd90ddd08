"""工作日历 pages: everyone signed in may read (no group data); only the office writes."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from zhaoshang.org.scope import is_office
from zhaoshang.plans.models import AnnualPlan

from . import services
from .calendar import FALLBACK, SOURCE_LABELS, WorkCalendar, report_due_day
from .display import year_entries, year_page
from .forms import STANDARD_HOLIDAYS, NoticeForm
from .models import HolidayNotice

OFFICE_ONLY = "只有领导小组办公室可以录入或修改节假日安排，您可以查看工作日历和报送期限。"


def _year_or_404(year):
    if not services.MIN_YEAR <= year <= services.MAX_YEAR:
        raise Http404("没有这个年度")
    return year


def _forbidden(request):
    return render(request, "workcal/message.html", {"title": "没有权限", "message": OFFICE_ONLY},
                  status=403)


@require_safe  # reads only: a POST is 405
def calendar_index(request):
    """The years worth showing: those with a plan or a notice, and last, this and next year."""
    wanted = request.GET.get("year", "").strip()
    if wanted:
        if wanted.isdigit() and services.MIN_YEAR <= int(wanted) <= services.MAX_YEAR:
            return redirect("workcal:year", year=int(wanted))
        messages.error(request, f"年度应为 {services.MIN_YEAR} 至 {services.MAX_YEAR} 之间的四位数字")
    this_year = timezone.localdate().year  # Shanghai: on 1 January UTC still says last year
    notices = {n.year: n for n in HolidayNotice.objects.select_related("entered_by")}
    years = sorted(set(notices) | set(AnnualPlan.objects.values_list("year", flat=True))
                   | {this_year - 1, this_year, this_year + 1}, reverse=True)
    calendar = WorkCalendar()
    rows = []
    for year in years:
        source = calendar.source(year)
        rows.append({"year": year, "source": source, "label": SOURCE_LABELS[source.source],
                     "notice": notices.get(year), "current": year == this_year,
                     "quarterly": calendar.quarterly(year)})
    return render(request, "workcal/index.html", {
        "rows": rows, "may_edit": is_office(request.user), "fallback": FALLBACK,
        "due_day": report_due_day(),
    })


@require_safe  # reads only: a POST is 405
def calendar_year(request, year):
    context = year_page(_year_or_404(year))
    context.update(label=SOURCE_LABELS[context["source"].source], may_edit=is_office(request.user),
                   due_day=report_due_day())
    return render(request, "workcal/year.html", context)


def _blank_form(year):
    """The notice as entered; for a new year, chinesecalendar's data or the usual holiday names."""
    notice = HolidayNotice.objects.filter(year=year).first()
    source = WorkCalendar().source(year).source
    holidays, weekends, _ = year_entries(year, source)
    rows = [entry._asdict() for entry in holidays]
    if not rows:
        rows = [{"name": name} for name in STANDARD_HOLIDAYS]
    return NoticeForm(year=year, initial_holidays=rows, initial_weekends=weekends,
                      reference=notice.reference if notice else "")


def calendar_edit(request, year):
    _year_or_404(year)
    if not is_office(request.user):
        return _forbidden(request)
    notice = HolidayNotice.objects.filter(year=year).first()
    if request.method != "POST":
        form = _blank_form(year)
        status = 200
    else:
        form = NoticeForm(request.POST, year=year)
        if form.save(user=request.user, via="form") is not None:
            messages.success(request, f"已保存{year}年节假日安排，报送期限已按新安排计算")
            return redirect("workcal:year", year=year)
        status = 400
    return render(request, "workcal/edit.html", {
        "year": year, "form": form, "notice": notice,
        "source": WorkCalendar().source(year).source,
    }, status=status)


@require_POST
def calendar_delete(request, year):
    _year_or_404(year)
    if not is_office(request.user):
        return _forbidden(request)
    try:
        services.delete_notice(year, user=request.user, via="form")
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, f"已删除办公室录入的{year}年节假日安排")
    return redirect("workcal:year", year=year)
