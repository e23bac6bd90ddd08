"""项目 list and its Excel export: one query builder, so the export is exactly the filtered view.

The queryset starts from the user's scope (or, for a dashboard drill-down, from the projects
behind a figure: `?figure=…&year=…&as_of=…`), then ProjectFilterSet filters and sorts it, and
`tables.with_funds` adds the two funds columns in the same SQL query.
"""
from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import Max, Min
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from zhaoshang.core.filters import filter_errors
from zhaoshang.core.params import BadParameter, default_year, parse_as_of, parse_year
from zhaoshang.core.xlsx import workbook_response
from zhaoshang.org.scope import Scope, restrict
from zhaoshang.plans.models import AnnualPlan
from zhaoshang.stats.drilldown import FIGURE_LABELS, projects_behind
from zhaoshang.stats.figures import NoPlan, year_bounds

from ..exports import list_workbook
from ..filtersets import ProjectFilterSet, flag_values
from ..models import Project, Stage
from ..tables import columns, with_funds
from .common import bad_request

PER_PAGE = 50
# Columns sorted largest / newest first on the first click.
DESCENDING_FIRST = {"money", "date", "datetime"}


@dataclass
class ListQuery:
    filterset: ProjectFilterSet
    projects: object  # the filtered, sorted, annotated queryset
    year: int
    drill: dict | None = None
    description: list = field(default_factory=list)

    @property
    def columns(self):
        return columns(self.year)


def list_year():
    """The year of the list's funds columns: the pages' plan year, else the calendar year."""
    years = list(AnnualPlan.objects.values_list("year", flat=True))
    return default_year(years) if years else timezone.localdate().year


def list_query(request):
    """The list as the query string asks for it; BadParameter for what it cannot use."""
    params = request.GET
    figure = params.get("figure", "").strip()
    year_text, as_of_text = params.get("year", "").strip(), params.get("as_of", "").strip()
    year = parse_year(year_text) if year_text else list_year()
    as_of = parse_as_of(as_of_text) if as_of_text else None
    try:
        start, end = year_bounds(year, as_of)
        projects = restrict(request.user, Project.objects.all())
        drill = None
        if figure:
            projects = projects_behind(figure, year, as_of, projects=projects)
            drill = {"figure": figure, "label": FIGURE_LABELS[figure], "year": year, "as_of": end}
    except (ValueError, NoPlan) as exc:
        raise BadParameter(str(exc)) from None
    filterset = ProjectFilterSet(params, queryset=projects, request=request)
    if not filterset.is_valid():
        raise BadParameter(filter_errors(filterset))
    projects = filterset.qs
    if projects.query.order_by:
        projects = projects.order_by(*projects.query.order_by, "pk")  # stable pages on ties
    # Without an as-of date the cumulative column is every funds record to this day.
    projects = with_funds(projects, start, end, upto=as_of)
    return ListQuery(filterset, projects, year, drill, describe(filterset, drill))


def describe(filterset, drill):
    """The active filters in words: ["产业招商组：林木加工产业招商组", "项目阶段：签约、开工"]."""
    parts = []
    if drill:
        parts.append(f"统计口径：{drill['year']}年{drill['label']}（截至{drill['as_of']:%Y年%-m月%-d日}）")
    form = filterset.form
    for name, value in form.cleaned_data.items():
        if value in (None, "", []):
            continue
        label = form.fields[name].label
        if name == "stage":
            value = "、".join(Stage(v).label for v in value)
        elif name == "origin":
            value = dict(form.fields[name].choices).get(value, value)
        elif isinstance(value, bool):
            value = "是" if value else "否"
        elif name == "ordering":
            key = value[0]
            sort_label = dict(form.fields[name].choices).get(key.lstrip("-"), key)
            value = f"{sort_label}{'（降序）' if key.startswith('-') else '（升序）'}"
        parts.append(f"{label}：{value}")
    return parts


def sort_headers(table_columns, ordering):
    """Each column with the `ordering` value its header link sets and its current direction."""
    current = ordering[0] if ordering else Project._meta.ordering[0]
    headers = []
    for column in table_columns:
        direction, next_order = "", None
        if column.order_by:
            key = column.order_by
            if current == key:
                direction, next_order = "asc", f"-{key}"
            elif current == f"-{key}":
                direction, next_order = "desc", key
            else:
                next_order = f"-{key}" if column.kind in DESCENDING_FIRST else key
        headers.append({"column": column, "direction": direction, "next": next_order})
    return headers


def filter_bar(form):
    """The filter bar's current values, as the template shows them."""
    data = form.data
    chosen = data.getlist("stage") if hasattr(data, "getlist") else []
    flags = flag_values(form)
    return {
        "q": data.get("q", ""), "group": data.get("group", ""), "origin": data.get("origin", ""),
        "signed_year": data.get("signed_year", ""),
        "investment_min": data.get("investment_min", ""), "investment_max": data.get("investment_max", ""),
        "flags": flags,
        "stages": [(stage.value, stage.label, stage.value in chosen) for stage in Stage],
        "origins": [(v, label) for v, label in form.fields["origin"].choices if v],
        "active": any(data.get(k) for k in ("q", "group", "origin", "signed_year", "investment_min",
                                            "investment_max", "stage"))
        or any(value for _, _, value in flags),
    }


@require_safe  # reads only: a POST is 405
def project_list(request):
    try:
        query = list_query(request)
    except BadParameter as exc:
        return bad_request(request, str(exc), back=request.path)
    page = Paginator(query.projects, PER_PAGE).get_page(request.GET.get("page"))
    form, table_columns = query.filterset.form, query.columns
    # The first and last signing years bound the choice: two queries, each one index lookup
    # (together in one query SQLite scans), where .dates() would read every row.
    visible = restrict(request.user, Project.objects.all())
    first = visible.aggregate(day=Min("signed_on"))["day"]
    last = visible.aggregate(day=Max("signed_on"))["day"]
    signed_years = range(last.year, first.year - 1, -1) if first else []
    return render(request, "projects/list.html", {
        "query": query, "page": page,
        "rows": [(p, [(c, c.value(p)) for c in table_columns]) for p in page.object_list],
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        "headers": sort_headers(table_columns, form.cleaned_data.get("ordering")),
        "filters": filter_bar(form), "groups": form.fields["group"].queryset.order_by("position", "id"),
        "signed_years": [str(year) for year in signed_years],
        "may_create": not Scope.editable_by(request.user).is_empty,
    })


@require_safe  # reads only: a POST is 405
def project_export(request):
    try:
        query = list_query(request)
    except BadParameter as exc:
        return bad_request(request, str(exc), back=request.path)
    stamp = timezone.localtime()
    workbook = list_workbook(query.projects.iterator(chunk_size=2000), query.columns,
                             query.description, stamp, query.projects.count())
    return workbook_response(workbook, f"招商项目列表-{stamp:%Y%m%d-%H%M}.xlsx")
