"""Writing plans and targets. Only an approved adjustment may change a target later (SPEC §7)."""
from django.core.exceptions import ValidationError
from django.db import transaction

from zhaoshang.core.audit import diff, record, snapshot
from zhaoshang.core.models import ChangeRecord
from zhaoshang.core.money import YI
from zhaoshang.org.models import IndustryGroup
from zhaoshang.org.units import edited_by_office, set_co_units, unit_named

from .models import AnnualPlan, GroupTarget
from .signals import plan_issued
from .workflow import approved_values

PLAN_FIELDS = ["title", "document", "threshold", "funds_target", "signed_target",
               "emerging_share_target", "planned_investment_target", "industrial_target",
               "major_industrial_target"]
TARGET_FIELDS = ["funds_target", "signed_target", "industrial_target", "major_industrial_target"]


def _upsert(model, lookup, values, fields, *, user, via, group_id=None):
    """Create or update one row by `lookup`; log what changed. Returns (obj, created, changed)."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model.objects.create(**lookup, **values)
        record(obj, ChangeRecord.Action.CREATE, user=user, after=snapshot(obj, fields), via=via,
               group_id=group_id)
        return obj, True, True
    before = snapshot(obj, fields)
    for key, value in values.items():
        setattr(obj, key, value)
    old, new = diff(before, snapshot(obj, fields))
    if new:
        obj.save()
        record(obj, ChangeRecord.Action.UPDATE, user=user, before=old, after=new, via=via,
               group_id=group_id)
    return obj, False, bool(new)


@transaction.atomic
def load_plan(data, *, user=None, via="cli"):
    """Create or update a plan with its units, groups and targets from catalog data. Idempotent.

    Returns a list of 中文 lines saying what was created and updated.
    """
    lines = []
    if AnnualPlan.objects.filter(year=data["year"], status=AnnualPlan.Status.DRAFT).exists():
        # The office is entering that year by hand: a loaded document would overwrite its work.
        raise ValidationError(f"{data['year']}年度计划是办公室正在录入的草案，loadplan 不覆盖草案；"
                              "请在「年度计划」中修改后下达")
    # A plan from the catalog is an issued document (its 文号 says so).
    plan_values = {**{k: data[k] for k in PLAN_FIELDS}, "status": AnnualPlan.Status.ISSUED}
    plan, created, changed = _upsert(AnnualPlan, {"year": data["year"]}, plan_values,
                                     [*PLAN_FIELDS, "status"], user=user, via=via)
    if changed:
        lines.append(f"{'新建' if created else '更新'}年度计划：{plan}")
    for position, (code, name, lead, co_units, funds_yi, signed, industrial, major) in \
            enumerate(data["groups"], start=1):
        # The office's later changes to a group's make-up outlive a reload, as adjustments do.
        kept = edited_by_office(IndustryGroup.objects.filter(code=code).first())
        values = {"name": name, "position": position}
        if not kept:
            values["lead_unit"] = unit_named(lead, actor=user, via=via)
        group, created, changed = _upsert(IndustryGroup, {"code": code}, values, list(values),
                                          user=user, via=via)
        if changed:
            lines.append(f"{'新建' if created else '更新'}产业招商组：{name}")
        wanted = [] if kept else [unit_named(unit, actor=user, via=via) for unit in co_units]
        if not kept and set_co_units(group, wanted, actor=user, via=via):
            lines.append(f"设置{name}协办单位 {len(co_units)} 个")
        target_values = {"funds_target": funds_yi * YI, "signed_target": signed,
                         "industrial_target": industrial, "major_industrial_target": major}
        # An approved adjustment (SPEC §7) outlives a reload: the plan is its original values.
        target_values.update(approved_values(plan, group))
        _, created, changed = _upsert(GroupTarget, {"plan": plan, "group": group}, target_values,
                                      TARGET_FIELDS, user=user, via=via, group_id=group.pk)
        if changed:
            lines.append(f"{'新建' if created else '更新'}{name}{plan.year}年目标")
    plan_issued.send(AnnualPlan, plan=plan, user=user, via=via)
    return plan, lines
