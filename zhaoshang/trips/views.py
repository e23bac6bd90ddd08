"""外出招商考察 pages: list, detail, 新建/修改/删除, report download, and the compliance matrix.

Every query goes through `restrict`: another group's trip is a 404, never a hint that it exists.
Writes need `may_edit_group` (office, the group's commander and liaisons); a user who may only
read gets 403. State changes only through `services` (via the forms).
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe

from zhaoshang.core.filters import filter_errors
from zhaoshang.core.models import ChangeRecord
from zhaoshang.core.params import BadParameter, year_and_as_of
from zhaoshang.org.generic import scoped
from zhaoshang.org.models import IndustryGroup
from zhaoshang.org.scope import Scope, may_edit_group, restrict
from zhaoshang.plans.models import AnnualPlan

from .compliance import CLOSING_DAYS, Status, compliance_matrix, windows
from .filtersets import TripFilterSet
from .forms import DeleteForm, TripForm
from .models import Trip, TripReportFile

PER_PAGE = 50
READ_ONLY = "您的角色只能查看外出招商考察，不能登记、修改或删除"
NO_GROUP = "您的角色不能登记外出招商考察（只有办公室、指挥长和联络员可以为本组登记）"


def message(request, title, text, *, status, back=None):
    return render(request, "trips/message.html",
                  {"title": title, "message": text, "back": back or "/trips/"}, status=status)


def forbidden(request, text=READ_ONLY):
    return message(request, "没有权限", text, status=403)


# The trip of a page, looked up within the user's scope before the view runs (404 outside).
scoped_trip = scoped(Trip.objects.select_related("group", "created_by"))


def trip_years(user):
    """Years to choose from: those with trips in scope, the plans' years and this year."""
    years = {d.year for d in restrict(user, Trip.objects.all()).dates("start_on", "year")}
    years |= set(AnnualPlan.objects.values_list("year", flat=True))
    years.add(timezone.localdate().year)
    return sorted(years, reverse=True)


@require_safe  # reads only: a POST is 405
def trip_list(request):
    filterset = TripFilterSet(request.GET, request=request)
    if not filterset.is_valid():
        return message(request, "查询参数有误", filter_errors(filterset), status=400)
    trips = filterset.qs.select_related("group").order_by("-start_on", "-id")
    page = Paginator(trips, PER_PAGE).get_page(request.GET.get("page"))
    data = filterset.form.data
    return render(request, "trips/list.html", {
        "page": page, "groups": filterset.filters["group"].queryset.order_by("position", "id"),
        "filters": {name: data.get(name, "") for name in ("q", "group", "region", "year", "window")},
        "active": any(data.get(name) for name in ("q", "group", "region", "year", "window")),
        "regions": Trip.region.field.choices, "windows": windows(timezone.localdate().year),
        "years": trip_years(request.user),
        "may_create": not Scope.editable_by(request.user).is_empty,
    })


@scoped_trip
@require_safe  # reads only: a POST is 405
def trip_detail(request, trip):
    history = ChangeRecord.objects.filter(object_type="trip", object_id=trip.pk) \
        .select_related("user").order_by("-at", "-id")
    return render(request, "trips/detail.html", {
        "trip": trip, "may_edit": may_edit_group(request.user, trip.group_id),
        "history": restrict(request.user, history),
    })


def render_form(request, form, *, status=200):
    return render(request, "trips/form.html", {"form": form, "trip": form.trip}, status=status)


def trip_create(request):
    if Scope.editable_by(request.user).is_empty:
        return forbidden(request, NO_GROUP)
    if request.method != "POST":
        group = request.GET.get("group", "")
        form = TripForm(user=request.user)
        chosen = form.fields["group"].queryset.filter(code=group).first() if group else None
        if chosen:
            form.initial["group"] = chosen.pk
        return render_form(request, form)
    form = TripForm(request.POST, request.FILES, user=request.user)
    trip = form.save() if form.is_valid() else None
    if trip is None:
        return render_form(request, form, status=400)
    messages.success(request, f"已登记外出招商考察：{trip}")
    return redirect("trips:detail", pk=trip.pk)


@scoped_trip
def trip_edit(request, trip):
    if not may_edit_group(request.user, trip.group_id):
        return forbidden(request)
    if request.method != "POST":
        return render_form(request, TripForm(user=request.user, trip=trip))
    form = TripForm(request.POST, request.FILES, user=request.user, trip=trip)
    saved = form.save() if form.is_valid() else None
    if saved is None:
        return render_form(request, form, status=400)
    messages.success(request, "已保存修改")
    return redirect("trips:detail", pk=trip.pk)


@scoped_trip
def trip_delete(request, trip):
    if not may_edit_group(request.user, trip.group_id):
        return forbidden(request)
    if request.method != "POST":
        form = DeleteForm(user=request.user, trip=trip)
        return render(request, "trips/delete.html", {"trip": trip, "form": form})
    form = DeleteForm(request.POST, user=request.user, trip=trip)
    if not (form.is_valid() and form.save()):
        return render(request, "trips/delete.html", {"trip": trip, "form": form}, status=400)
    messages.success(request, f"已删除外出招商考察：{trip}")
    return redirect("trips:list")


@scoped_trip
@require_safe  # reads only: a POST is 405
def report_download(request, trip):
    """The report file as an attachment (never shown inline), for whoever may see the trip."""
    stored = TripReportFile.objects.filter(trip=trip).first()
    if stored is None:
        return message(request, "没有考察报告", "该次外出招商考察还没有上传考察报告。", status=404,
                       back=f"/trips/{trip.pk}/")
    response = HttpResponse(bytes(stored.content),
                            content_type=trip.report_type or "application/octet-stream")
    response["Content-Disposition"] = content_disposition_header(True, trip.report_name)
    response["Content-Length"] = str(len(stored.content))
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_safe  # reads only: a POST is 405
def compliance(request):
    plan_years = list(AnnualPlan.objects.order_by("-year").values_list("year", flat=True))
    years = trip_years(request.user)
    try:
        year, as_of = year_and_as_of(request.GET, plan_years or years, known_only=False)
    except BadParameter as exc:
        return message(request, "查询参数有误", str(exc), status=400, back="/trips/compliance/")
    groups = list(restrict(request.user, IndustryGroup.objects.order_by("position", "id")))
    matrix = compliance_matrix(groups, year, as_of, trips=restrict(request.user, Trip.objects.all()))
    rows = [{"group": group, "windows": row, "share": share, "covered": sum(w.covered for w in row),
             "may_edit": may_edit_group(request.user, group.pk)} for group, row, share in matrix]
    counts = {status: sum(1 for row in rows for w in row["windows"] if w.status == status)
              for status in Status.values}
    return render(request, "trips/compliance.html", {
        "year": year, "as_of": as_of, "years": sorted(set(years) | {year}, reverse=True),
        "windows": windows(year), "rows": rows, "counts": counts, "closing_days": CLOSING_DAYS,
    })
