"""`zhaoshang demo`: a living, deterministic sample year written through the services, each
step dated the day it happened in 2021 (not when it was loaded)."""
import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from zhaoshang.core.models import ChangeRecord
from zhaoshang.org.models import IndustryGroup, Liaison
from zhaoshang.projects.demo import GO_LIVE, demo_projects, load_demo
from zhaoshang.projects.models import (ExitRequest, FundsRecord, Origin, ProgressNote, Project,
                                       ProjectIssue, Stage, StageChange)
from zhaoshang.projects.stages import STAGE_DATE
from zhaoshang.stats.figures import FIGURES, year_figures
from zhaoshang.org.scope import Scope

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def loaded(module_transaction):
    """The demo's plan and projects, once for this module (without accounts: the system did it):
    (the moment loading began, the lines it printed)."""
    start = timezone.now()
    return start, load_demo()


def counts():
    return [model.objects.count() for model in
            (Project, FundsRecord, StageChange, ChangeRecord, Liaison, IndustryGroup)]


def test_demo_fills_every_group_and_stage_with_plausible_figures(loaded):
    _, lines = loaded
    assert any(line.startswith("新建演示项目") for line in lines)
    assert 55 <= Project.objects.count() <= 65
    assert set(Project.objects.values_list("stage", flat=True)) == set(Stage.values)
    assert set(Project.objects.values_list("origin", flat=True)) == set(Origin.values)
    groups = set(IndustryGroup.objects.values_list("code", flat=True))
    assert len(groups) == 8
    assert set(Project.objects.values_list("group__code", flat=True)) == groups
    assert all(g.commander and g.liaisons.count() == 2 for g in IndustryGroup.objects.all())
    # Every project was moved stage by stage through the services, so each move is on record.
    assert StageChange.objects.count() > Project.objects.count()
    assert FundsRecord.objects.filter(date__year=2020).exists()  # 续建 projects' earlier funds

    result = year_figures(2021, scope=Scope.everything())
    county = result["county"]
    for name in FIGURES:
        assert county[name] > 0, name
        assert sum(g[name] for g in result["groups"]) == county[name], name
    # A county behind on funds (70–90 % of 45 亿) with a couple of groups behind 序时进度.
    assert Decimal("0.70") <= county["funds_rate"] <= Decimal("0.90")
    behind = [g["code"] for g in result["groups"] if g["behind_time_progress"]]
    assert 1 <= len(behind) <= 3
    assert county["signed_projects"] >= county["signed_target"]
    assert county["major_industrial_projects"] < county["major_industrial_target"]


def test_second_run_adds_nothing(loaded):
    # load_demo skips what exists; the `zhaoshang demo` command loads only into an empty database
    # (its tests are the dashboard's).
    before = counts()

    lines = load_demo()

    assert counts() == before
    assert f"已存在的演示项目 {before[0]} 个，跳过" in lines
    assert not any(line.startswith(("新建", "设置", "登记")) for line in lines)


def test_the_sample_is_the_same_every_time():
    assert demo_projects() == demo_projects()


def day(moment):
    return timezone.localdate(moment)


def test_every_record_is_dated_in_2021_not_when_it_was_loaded(loaded):
    start, _ = loaded
    assert not ChangeRecord.objects.filter(at__gte=start).exists()
    assert {day(at).year for at in ChangeRecord.objects.values_list("at", flat=True)} == {2021}
    assert {day(p.created_at).year for p in Project.objects.all()} == {2021}
    assert not ProgressNote.objects.filter(created_at__gte=start).exists()
    assert not ProjectIssue.objects.filter(created_at__gte=start).exists()


def test_a_stage_change_is_dated_the_day_the_project_reached_the_stage(loaded):
    moves = StageChange.objects.exclude(from_stage="").filter(to_stage__in=list(STAGE_DATE))
    assert moves.count() > 30
    for move in moves.select_related("project"):
        assert day(move.at) == getattr(move.project, STAGE_DATE[move.to_stage]), move


def test_a_project_is_entered_before_it_moves_and_last_changed_at_its_last_step(loaded):
    for project in Project.objects.prefetch_related("stage_changes"):
        changes = sorted(change.at for change in project.stage_changes.all())
        assert changes[0] == project.created_at
        last = ChangeRecord.objects.filter(object_type="project", object_id=project.pk) \
            .order_by("-at").first()
        assert project.updated_at >= last.at >= changes[-1]


def test_continuing_projects_were_entered_at_their_stage_when_the_system_went_live(loaded):
    continuing = Project.objects.filter(signed_on__year=2020)
    assert continuing.exists()
    for project in continuing:
        entered = project.stage_changes.order_by("at").first()
        assert (entered.from_stage, entered.to_stage, day(entered.at)) == ("", Stage.STARTED, GO_LIVE)


def test_funds_are_registered_after_they_arrived(loaded):
    dates = dict(FundsRecord.objects.values_list("pk", "date"))
    records = ChangeRecord.objects.filter(object_type="fundsrecord")
    assert records.count() == len(dates)
    for record in records:
        registered, arrived = day(record.at), dates[record.object_id]
        assert registered > arrived or arrived.year == 2020 and registered == GO_LIVE


def test_projects_have_progress_notes_and_problems_some_solved(loaded):
    assert ProgressNote.objects.count() > Project.objects.count()
    assert all(day(note.created_at) == note.date for note in ProgressNote.objects.all())
    solved = ProjectIssue.objects.filter(status=ProjectIssue.Status.RESOLVED)
    assert solved.exists() and ProjectIssue.objects.filter(status=ProjectIssue.Status.OPEN).exists()
    assert all(issue.resolved_on > issue.raised_on for issue in solved)
    # What the ledger still names as a project's problem is the one left open.
    for issue in ProjectIssue.objects.filter(status=ProjectIssue.Status.OPEN).select_related("project"):
        assert issue.text == issue.project.problems


def test_exits_went_through_a_request_and_its_approval(loaded):
    exited = Project.objects.filter(stage=Stage.EXITED)
    requests = ExitRequest.objects.filter(project__in=exited, status=ExitRequest.Status.APPROVED)
    assert requests.count() == exited.count() == 4
    for request in requests.select_related("project"):
        assert day(request.requested_at) == request.project.exited_on
        assert request.project.exited_on < day(request.decided_at) <= datetime.date(2021, 12, 31)
