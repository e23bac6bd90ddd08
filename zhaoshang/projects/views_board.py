"""项目看板: the pipeline by stage as cards; a drag (or the 移动到… menu) asks for what the new
stage needs and goes through `services.move_stage`, like the form.

The move dialog is one server-rendered partial: fetched into a <dialog> by static/js/board.js,
or shown as a page of its own without JavaScript.
"""
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Sum
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode

from zhaoshang.org.scope import Scope, may_edit_group, restrict
from zhaoshang.core.formats import money, thousands

from .filtersets import ProjectFilterSet, flag_values
from .forms import StageMoveForm, stage_targets
from .models import Project, Stage
from .stages import is_final, required_fields

COLUMNS = [Stage.LEAD, Stage.NEGOTIATING, Stage.SIGNED, Stage.STARTED, Stage.PRODUCING, Stage.EXITED]
# Cards shown per column; the rest are one click away in the list filtered by that stage.
CARDS_PER_COLUMN = 100
SAMPLE_PK = 987654321
# The board is the stages: a stage filter or a sort order from the list would only confuse it.
IGNORED_PARAMS = {"stage", "ordering", "page", "page_size", "to"}


def board_filterset(request):
    data = request.GET.copy()
    for name in IGNORED_PARAMS:
        data.pop(name, None)
    return ProjectFilterSet(data, request=request)


def column_summaries(queryset):
    """{stage: {"count": "1,234", "total": "12,345.00"}} for every column, formatted."""
    rows = {row["stage"]: row for row in queryset.order_by().values("stage")
            .annotate(count=Count("id"), total=Sum("total_investment"))}
    return {stage.value: {"count": thousands(rows.get(stage, {}).get("count", 0)),
                          "total": money(rows.get(stage, {}).get("total") or 0)}
            for stage in COLUMNS}


def filter_query(request):
    """The board's filters as a query string (without ?), for links that keep them."""
    return urlencode([(k, v) for k, values in request.GET.lists() if k not in IGNORED_PARAMS
                      for v in values if v])


def board(request):
    filterset = board_filterset(request)
    projects = filterset.qs.select_related("group")
    summaries = column_summaries(projects)
    editable = Scope.editable_by(request.user)
    query = filter_query(request)
    prepare = card_preparer(editable)
    columns = []
    for stage in COLUMNS:
        cards = list(projects.filter(stage=stage)
                     .order_by(F("total_investment").desc(nulls_last=True), "code")[:CARDS_PER_COLUMN])
        for card in cards:
            prepare(card)
        count = int(summaries[stage.value]["count"].replace(",", ""))
        columns.append({
            "stage": stage, "cards": cards, "summary": summaries[stage.value],
            "hidden": count - len(cards),
            "more_url": f"{reverse('projects:list')}?{urlencode({'stage': stage.value})}{'&' + query if query else ''}",
        })
    return render(request, "projects/board.html", {
        "filterset": filterset, "columns": columns, "query": query,
        "may_drag": not editable.is_empty, "cards_per_column": CARDS_PER_COLUMN,
        "boolean_filters": flag_values(filterset.form),
    })


def url_maker(name):
    """pk → the URL `name` takes: one reverse() for the hundreds of cards a board shows."""
    head, tail = reverse(name, args=[SAMPLE_PK]).split(str(SAMPLE_PK))
    return lambda pk: f"{head}{pk}{tail}"


def card_preparer(editable):
    """A function setting what a card shows beyond the project: whether it moves, its links."""
    detail_url, move_url = url_maker("projects:detail"), url_maker("board:move")

    def prepare(project):
        project.movable = editable.includes(project.group_id) and not is_final(project.stage)
        project.detail_url = detail_url(project.pk)
        project.move_url = move_url(project.pk) if project.movable else ""
        return project
    return prepare


def is_fetch(request):
    """A request from board.js (which wants the bare partial / JSON) rather than a page."""
    return request.headers.get("X-Requested-With") == "fetch"


def editable_project(request, pk):
    """The project, 404 outside the user's scope, 403 where the user may only read it."""
    project = get_object_or_404(restrict(request.user, Project.objects.select_related("group")), pk=pk)
    if not may_edit_group(request.user, project.group_id):
        raise PermissionDenied("您只能查看该项目，不能移动它")
    return project


def target_stage(request):
    text = (request.POST.get("to_stage") or request.GET.get("to") or "").strip()
    return Stage(text) if text in Stage.values else None


def move(request, pk):
    """GET: the dialog for moving project `pk` to ?to=STAGE (without it: the stages to choose
    from, the 移动到… menu); POST: the move itself."""
    project = editable_project(request, pk)
    to_stage = target_stage(request)
    if request.method == "GET" and not request.GET.get("to"):
        return render_move(request, project, None, None, choices=stage_targets(project, request.user))
    if to_stage is None or to_stage == project.stage:
        message = ("项目已处于该阶段" if to_stage else "请选择要移动到的阶段（线索、在谈、签约、开工、投产或退出）")
        return render_move(request, project, None, to_stage, status=400, message=message)
    if request.method == "POST":
        form = move_form(request, project, data=request.POST)
        if form.is_valid():
            moved_project = form.save(via="board")
            if moved_project is not None:
                return moved(request, moved_project)
        return render_move(request, project, form, to_stage, status=400)
    return render_move(request, project, move_form(request, project, to_stage=to_stage), to_stage)


def move_form(request, project, **kwargs):
    form = StageMoveForm(project=project, user=request.user, **kwargs)
    if not form.backward:  # the reason only matters for a correction
        form.fields["reason"].label, form.fields["reason"].help_text = "说明（选填）", ""
    return form


def render_move(request, project, form, to_stage, *, status=200, message="", choices=()):
    context = {"project": project, "form": form, "to_stage": to_stage, "message": message,
               "choices": choices, "query": filter_query(request),
               "required_names": set(required_fields(to_stage)) if to_stage else set()}
    template = "projects/_board_move.html" if is_fetch(request) else "projects/_board_move_page.html"
    return render(request, template, context, status=status)


def moved(request, project):
    if not is_fetch(request):
        query = filter_query(request)
        return redirect(reverse("board:index") + (f"?{query}" if query else ""))
    card_preparer(Scope.editable_by(request.user))(project)
    card = render_to_string("projects/_board_card.html", {"project": project}, request=request)
    return JsonResponse({"stage": project.stage, "card": card,
                         "columns": column_summaries(board_filterset(request).qs)})
