"""Small helpers that build test data through `projects.services`, so every rule applies.

    group = group_of("forestry")                          # needs the `plan2021` fixture
    project = make_project(group, stage="started", total_investment="12000", industrial=True)
    make_funds(project, "2021-05-01", "300")
    liaison = make_user(Role.LIAISON, group)

A project made at a stage carries the dates that stage needs (signed 2021-03-01, started
2021-06-01, producing 2021-09-01; an exit on 2021-10-01 from 签约); pass a field to change it,
or `None` to drop it (e.g. `make_project(g, stage="exited", signed_on=None)` exits from 线索).
"""
import datetime
import itertools
from decimal import Decimal


from zhaoshang.org.models import IndustryGroup
from zhaoshang.projects.models import ExitReason, Origin, Stage
from zhaoshang.projects.services import add_funds, save_project

SIGNED_ON = datetime.date(2021, 3, 1)
STARTED_ON = datetime.date(2021, 6, 1)
PRODUCING_ON = datetime.date(2021, 9, 1)
EXITED_ON = datetime.date(2021, 10, 1)

# The fields each stage adds on top of the previous ones (SPEC §4).
STAGE_FIELDS = {
    Stage.LEAD: {},
    Stage.NEGOTIATING: {},
    Stage.SIGNED: {"signed_on": SIGNED_ON, "investor": "广东某某投资有限公司",
                   "origin": Origin.DOMESTIC_EXTERNAL, "total_investment": Decimal("1000.00")},
    Stage.STARTED: {"started_on": STARTED_ON},
    Stage.PRODUCING: {"producing_on": PRODUCING_ON},
}
EXIT_FIELDS = {"exited_on": EXITED_ON, "exit_reason": ExitReason.INVESTOR_CHANGED}

_codes = itertools.count(1)


def group_of(code):
    """The IndustryGroup with SPEC §11 `code` (the plan must be loaded)."""
    return IndustryGroup.objects.get(code=code)


def project_values(stage=Stage.SIGNED, **overrides):
    """The field values of a valid project at `stage`; `overrides` win, `None` clears a field."""
    stage = Stage(stage)
    values = {"code": f"T{next(_codes):05d}", "name": "测试项目", "stage": stage}
    reached = Stage.SIGNED if stage == Stage.EXITED else stage
    for step, fields in STAGE_FIELDS.items():
        values.update(fields)
        if step == reached:
            break
    if stage == Stage.EXITED:
        values.update(EXIT_FIELDS)
    values.update(overrides)
    return values


def make_project(group, stage=Stage.SIGNED, *, user=None, via="test", **overrides):
    """Create a project in `group` (IndustryGroup or its code) at `stage` through `save_project`."""
    if isinstance(group, str):
        group = group_of(group)
    return save_project({**project_values(stage, **overrides), "group": group},
                        user=user, via=via)


def make_funds(project, date, amount, **kwargs):
    """Add a FundsRecord through `add_funds`; `date` may be ISO text, `amount` any money value."""
    if isinstance(date, str):
        date = datetime.date.fromisoformat(date)
    return add_funds(project, date=date, amount=amount, via="test", **kwargs)
