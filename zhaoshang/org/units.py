"""Writing units (单位) and each group's lead unit, co-units and commander (附件1).

The office keeps these up to date when a bureau is renamed or a group's make-up changes; the
plan loader uses the same functions. Every change is logged, a group's under the group.
"""
from django.core.exceptions import ValidationError
from django.db import transaction

from zhaoshang.core.audit import diff, record, snapshot
from zhaoshang.core.models import ChangeRecord

from .models import CoUnit, Unit

NAME_MAX = Unit._meta.get_field("name").max_length
COMMANDER_MAX = 50


def unit_named(name, *, actor=None, via="cli"):
    """The unit of that name, created (and logged) the first time it is named.

    A unit the office renamed is still found by its old name (the plan's document keeps it).
    """
    unit = Unit.objects.filter(name=name).first() or renamed_from(name)
    if unit is None:
        unit = Unit.objects.create(name=name)
        record(unit, ChangeRecord.Action.CREATE, user=actor, after={"name": name}, via=via)
    return unit


def renamed_from(name):
    """The unit once called `name`, by the latest rename in the change log, or None."""
    renames = ChangeRecord.objects.filter(object_type="unit", action=ChangeRecord.Action.UPDATE,
                                          before__name=name).order_by("-id")
    ids = renames.values_list("object_id", flat=True)
    return Unit.objects.filter(pk__in=list(ids[:1])).first()


def edited_by_office(group):
    """True when the office changed the group's lead unit or co-units (pages or API)."""
    if group is None:
        return False
    changes = ChangeRecord.objects.filter(object_type="industrygroup", object_id=group.pk,
                                          via__in=["form", "api"])
    return (changes.filter(after__has_key="lead_unit") | changes.filter(after__has_key="co_units")).exists()


def _clean_name(name, *, exclude=None):
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": "请填写单位名称"})
    if len(name) > NAME_MAX:
        raise ValidationError({"name": f"单位名称不能超过{NAME_MAX}个字"})
    if Unit.objects.filter(name=name).exclude(pk=exclude).exists():
        raise ValidationError({"name": f"单位「{name}」已存在"})
    return name


@transaction.atomic
def create_unit(name, *, actor=None, via="form"):
    name = _clean_name(name)
    unit = Unit.objects.create(name=name)
    record(unit, ChangeRecord.Action.CREATE, user=actor, after={"name": name}, via=via)
    return unit


@transaction.atomic
def rename_unit(unit, name, *, reason="", actor=None, via="form"):
    """A new name for a unit (机构改革): every group, page and export shows it from now on."""
    name = _clean_name(name, exclude=unit.pk)
    if name == unit.name:
        return unit
    before = unit.name
    unit.name = name
    unit.save(update_fields=["name"])
    record(unit, ChangeRecord.Action.UPDATE, user=actor, via=via, reason=reason,
           before={"name": before}, after={"name": name})
    return unit


def co_unit_names(group):
    return [link.unit.name for link in group.co_unit_links.select_related("unit")]


def _write_co_units(group, units):
    group.co_unit_links.all().delete()
    CoUnit.objects.bulk_create(
        CoUnit(group=group, unit=unit, position=i) for i, unit in enumerate(units, start=1))


def set_co_units(group, units, *, actor=None, via="cli"):
    """Give `group` exactly these co-units in this order; True (and logged) when that changed."""
    before = co_unit_names(group)
    after = [unit.name for unit in units]
    if before == after:
        return False
    _write_co_units(group, units)
    record(group, ChangeRecord.Action.UPDATE, user=actor, via=via, group_id=group.pk,
           before={"co_units": before}, after={"co_units": after})
    return True


def _units_by_name(names, field, problems):
    """The registered units of these names, in order; unknown names go to `problems[field]`."""
    found = {unit.name: unit for unit in Unit.objects.filter(name__in=names)}
    unknown = [name for name in names if name not in found]
    if unknown:
        problems[field] = f"以下单位尚未登记：{'、'.join(unknown)}。请先在「单位」中新增"
    return [found[name] for name in names if name in found]


@transaction.atomic
def update_group(group, *, lead_unit, co_units, commander, reason="", actor=None, via="form"):
    """Set a group's lead unit (a name), co-units (names, in 附件1's order) and commander."""
    problems = {}
    lead_name = " ".join((lead_unit or "").split())
    names = [" ".join(name.split()) for name in co_units if name and name.strip()]
    commander = (commander or "").strip()
    lead = None
    if not lead_name:
        problems["lead_unit"] = "请选择牵头单位"
    else:
        lead = next(iter(_units_by_name([lead_name], "lead_unit", problems)), None)
    repeated = sorted({name for name in names if names.count(name) > 1}, key=names.index)
    if repeated:
        problems["co_units"] = f"协办单位重复：{'、'.join(repeated)}"
    elif lead_name in names:
        problems["co_units"] = f"牵头单位「{lead_name}」不能同时是本组的协办单位"
    units = _units_by_name(names, "co_units", problems) if "co_units" not in problems else []
    if len(commander) > COMMANDER_MAX:
        problems["commander"] = f"指挥长不能超过{COMMANDER_MAX}个字"
    if problems:
        raise ValidationError(problems)

    fields = ["lead_unit", "commander"]
    before = {**snapshot(group, fields), "co_units": co_unit_names(group)}
    group.lead_unit, group.commander = lead, commander
    after = {**snapshot(group, fields), "co_units": names}
    old, new = diff(before, after)
    if not new:
        return group
    group.save(update_fields=fields)
    if "co_units" in new:
        _write_co_units(group, units)
    record(group, ChangeRecord.Action.UPDATE, user=actor, via=via, reason=reason,
           group_id=group.pk, before=old, after=new)
    return group
