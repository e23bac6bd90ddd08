"""`zhaoshang demo`: a living, deterministic sample year written through the services."""
from decimal import Decimal

import pytest

from zhaoshang.core.models import ChangeRecord
from zhaoshang.org.models import IndustryGroup, Liaison
from zhaoshang.projects.demo import demo_projects, load_demo
from zhaoshang.projects.models import FundsRecord, Origin, Project, Stage, StageChange
from zhaoshang.stats.figures import FIGURES, year_figures
from zhaoshang.org.scope import Scope

pytestmark = pytest.mark.django_db


def counts():
    return [model.objects.count() for model in
            (Project, FundsRecord, StageChange, ChangeRecord, Liaison, IndustryGroup)]


def test_demo_fills_every_group_and_stage_with_plausible_figures():
    lines = load_demo()

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


def test_second_run_adds_nothing():
    # The `zhaoshang demo` command (dashboard app) runs this and more; its own test covers the rest.
    load_demo()
    before = counts()

    lines = load_demo()

    assert counts() == before
    assert f"已存在的演示项目 {before[0]} 个，跳过" in lines
    assert not any(line.startswith(("新建", "设置", "登记")) for line in lines)


def test_the_sample_is_the_same_every_time():
    assert demo_projects() == demo_projects()
