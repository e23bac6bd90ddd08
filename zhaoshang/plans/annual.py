"""年度计划 the office enters itself: a new year's plan (from last year's, as a draft), its
targets while a draft, then 下达 (issue). Once issued, only an approved 目标调整 changes a
group's target (SPEC §7) and the county's targets stay as the city set them.
"""
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from zhaoshang.core.audit import diff, record, snapshot
from zhaoshang.core.models import ChangeRecord
from zhaoshang.org.models import IndustryGroup

from .models import AnnualPlan, GroupTarget
from .services import PLAN_FIELDS, TARGET_FIELDS
from .signals import plan_issued

Status = AnnualPlan.Status
FIRST_YEAR, LAST_YEAR = 2000, 2100
# What may still change after 下达: the wording, not the numbers.
ISSUED_EDITABLE = {"title", "document"}
LIMITS = {"title": 200, "document": 100}


def _check_year(year, problems):
    if not isinstance(year, int) or not FIRST_YEAR <= year <= LAST_YEAR:
        problems["year"] = f"年度须在 {FIRST_YEAR}–{LAST_YEAR} 之间"
    elif AnnualPlan.objects.filter(year=year).exists():
        problems["year"] = f"{year}年度计划已存在"


@transaction.atomic
def create_plan(year, *, copy_from=None, actor=None, via="form"):
    """A draft plan for `year` with a target row for every group, copied from `copy_from` (an
    AnnualPlan, its current targets) or zero."""
    problems = {}
    _check_year(year, problems)
    if problems:
        raise ValidationError(problems)
    values = {field: getattr(copy_from, field) for field in PLAN_FIELDS} if copy_from else {}
    values.update(title=f"{settings.REGION_NAME}{year}年投资促进工作方案", document="")
    try:
        with transaction.atomic():  # two offices at the same moment: the second is told why
            plan = AnnualPlan.objects.create(year=year, status=Status.DRAFT, **values)
    except IntegrityError:
        raise ValidationError({"year": f"{year}年度计划已存在"}) from None
    record(plan, ChangeRecord.Action.CREATE, user=actor, via=via,
           after=snapshot(plan, ["year", "status", *PLAN_FIELDS]),
           reason=f"以{copy_from.year}年度计划为底稿" if copy_from else "")
    previous = {t.group_id: t for t in copy_from.targets.all()} if copy_from else {}
    for group in IndustryGroup.objects.order_by("position", "id"):
        source = previous.get(group.pk)
        target = GroupTarget.objects.create(
            plan=plan, group=group,
            **({field: getattr(source, field) for field in TARGET_FIELDS} if source else {}))
        record(target, ChangeRecord.Action.CREATE, user=actor, via=via, group_id=group.pk,
               after=snapshot(target, TARGET_FIELDS))
    return plan


def _check_values(values, problems):
    for field, value in values.items():
        if field in LIMITS:
            if field == "title" and not value.strip():
                problems[field] = "请填写方案名称"
            elif len(value) > LIMITS[field]:
                problems[field] = f"不能超过{LIMITS[field]}个字"
        elif field == "emerging_share_target":
            if not Decimal("0") <= value <= Decimal("1"):
                problems[field] = "新兴产业项目占比须在 0 到 1 之间，例如 0.30 表示 30%"
        elif value < 0:
            problems[field] = "不能为负数"


def issued_text(plan):
    when = f"已于{plan.issued_on:%Y-%m-%d}下达" if plan.issued_on else "已下达"
    return f"{plan.year}年度计划{when}"


def _locked(plan, field):
    return f"{issued_text(plan)}，不能再修改{field}；各组目标只能通过目标调整变更"


@transaction.atomic
def update_plan(plan, values, *, targets=None, reason="", actor=None, via="form"):
    """Change the plan's fields in `values` and, while a draft, group targets
    (`targets`: {group code: {target field: value}}). Nothing is written if anything is wrong."""
    plan = AnnualPlan.objects.select_for_update().get(pk=plan.pk)
    values = {field: (value.strip() if isinstance(value, str) else value)
              for field, value in values.items() if field in PLAN_FIELDS}
    problems = {}
    _check_values(values, problems)
    before = snapshot(plan, PLAN_FIELDS)
    for field, value in values.items():
        setattr(plan, field, value)
    old, new = diff(before, snapshot(plan, PLAN_FIELDS))
    rows = {t.group.code: t for t in plan.targets.select_related("group")}
    unknown = [code for code in (targets or {}) if code not in rows]
    if unknown:
        problems["targets"] = f"没有代码为{'、'.join(f'「{code}」' for code in unknown)}的产业招商组"
    changed_targets = []
    for code, fields in (targets or {}).items():
        target = rows.get(code)
        if target is None:
            continue
        was = snapshot(target, TARGET_FIELDS)
        for field in TARGET_FIELDS:
            if field in fields:
                if fields[field] < 0:
                    problems[f"{code}-{field}"] = "不能为负数"
                setattr(target, field, fields[field])
        t_old, t_new = diff(was, snapshot(target, TARGET_FIELDS))
        if t_new:
            changed_targets.append((target, t_old, t_new))
    if plan.status == Status.ISSUED:
        for field in new:
            if field not in ISSUED_EDITABLE:
                problems[field] = _locked(plan, AnnualPlan._meta.get_field(field).verbose_name)
        for target, _, _ in changed_targets:
            problems[f"{target.group.code}-targets"] = _locked(plan, f"{target.group.name}的目标")
    if problems:
        raise ValidationError(problems)
    if new:
        plan.save(update_fields=list(new))
        record(plan, ChangeRecord.Action.UPDATE, user=actor, via=via, before=old, after=new,
               reason=reason)
    for target, t_old, t_new in changed_targets:
        target.save(update_fields=list(t_new))
        record(target, ChangeRecord.Action.UPDATE, user=actor, via=via, before=t_old, after=t_new,
               reason=reason, group_id=target.group_id)
    return plan


@transaction.atomic
def issue_plan(plan, *, issued_on=None, actor=None, via="form"):
    """下达: the draft becomes the year's plan; its targets are fixed from now on."""
    plan = AnnualPlan.objects.select_for_update().get(pk=plan.pk)
    problems = {}
    issued_on = issued_on or timezone.localdate()
    if plan.status == Status.ISSUED:
        problems["__all__"] = issued_text(plan)
    elif issued_on > timezone.localdate():
        problems["issued_on"] = "下达日期不能晚于今天"
    elif issued_on.year < plan.year - 1:
        problems["issued_on"] = f"{plan.year}年度计划的下达日期应在{plan.year - 1}年或{plan.year}年"
    elif plan.funds_target <= 0 or plan.signed_target <= 0:
        problems["__all__"] = "请先填写全县区外境内到位资金和新签约项目数目标，再下达"
    elif not plan.targets.filter(funds_target__gt=0).exists():
        problems["__all__"] = "各产业招商组的目标任务都还是 0，请先分解目标，再下达"
    if problems:
        raise ValidationError(problems)
    plan.status, plan.issued_on = Status.ISSUED, issued_on
    plan.save(update_fields=["status", "issued_on"])
    record(plan, ChangeRecord.Action.UPDATE, user=actor, via=via, reason="下达年度计划",
           before={"status": Status.DRAFT}, after={"status": Status.ISSUED,
                                                   "issued_on": plan.issued_on.isoformat()})
    plan_issued.send(AnnualPlan, plan=plan, user=actor, via=via)
    return plan


def target_sums(plan):
    """{target field: sum over the groups} beside the county's own figure, for 附件1's check."""
    targets = list(plan.targets.all())
    return {field: sum((getattr(t, field) for t in targets), Decimal(0) if field == "funds_target" else 0)
            for field in TARGET_FIELDS}


def next_year():
    """The year a new plan is most likely for: after the latest one."""
    latest = AnnualPlan.objects.order_by("-year").values_list("year", flat=True).first()
    return latest + 1 if latest else timezone.localdate().year

