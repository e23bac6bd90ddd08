"""The one writer of the assessment: the year's scheme and the office's manual scores.

Each write is one transaction, checked whole first: a bad value raises
`ValidationError({field: 中文 reason})` and nothing is written; anyone but the office gets
PermissionDenied (`user=None` is the system itself). Every change goes to the change log.
"""
import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from zhaoshang.core.audit import diff, record, snapshot
from zhaoshang.core.models import ChangeRecord
from zhaoshang.org.scope import is_office
from zhaoshang.stats.figures import NoPlan, get_plan

from .models import ManualScore, Scheme

# The lines of the 100 base points, in scorecard order: (key, scheme field).
BASE_LINES = [("funds", "funds_weight"), ("signed", "signed_weight"),
              ("industrial", "industrial_weight"), ("major_industrial", "major_industrial_weight"),
              ("trips", "trips_weight"), ("coordination", "coordination_weight"),
              ("planning", "planning_weight"), ("other", "other_weight")]
WEIGHT_FIELDS = [name for _, name in BASE_LINES]
RULE_FIELDS = ["bonus_step_percent", "bonus_per_step", "bonus_cap", "early_bonus",
               "late_deduction", "missing_deduction"]
SCHEME_FIELDS = WEIGHT_FIELDS + RULE_FIELDS + ["early_by"]
MANUAL_LINES = list(ManualScore.Line.values)
BASE_TOTAL = Decimal("100")
MAX_POINTS = Decimal("100")
CENT = Decimal("0.01")
SCORE_FIELDS = ["points", "note"]
OFFICE_ONLY_SCHEME = "只有领导小组办公室可以修改考评方案"
OFFICE_ONLY_SCORES = "只有领导小组办公室可以评分"


def label(field):
    return Scheme._meta.get_field(field).verbose_name


def weight_of(scheme, line):
    return getattr(scheme, f"{line}_weight")


def scheme_for(year):
    """The scheme of `year` for reading: the stored one, or SPEC §8's default, unsaved (a page
    or an API read writes nothing; the first save stores it)."""
    return Scheme.objects.filter(year=year).first() or Scheme(year=year,
                                                              early_by=Scheme.default_early_by(year))


def stored_scheme(year):
    """The scheme of `year`, locked for a change; the default is stored the first time."""
    scheme = Scheme.objects.select_for_update().filter(year=year).first()
    if scheme is not None:
        return scheme
    try:
        with transaction.atomic():
            return Scheme.objects.create(year=year, early_by=Scheme.default_early_by(year))
    except IntegrityError:  # created by another request in the meantime
        return Scheme.objects.select_for_update().get(year=year)


def parse_points(value, what, problems, key, *, maximum=MAX_POINTS):
    """`value` as points with at most two decimals in 0…maximum, or None with the reason."""
    text = str(value if value is not None else "").strip()
    if not text:
        problems[key] = f"请填写{what}"
        return None
    try:
        points = Decimal(text)
    except InvalidOperation:
        points = None
    if points is None or not points.is_finite():
        problems[key] = f"{what}「{text}」不是数字"
        return None
    if points != points.quantize(CENT):
        problems[key] = f"{what}「{text}」超过两位小数"
        return None
    if not 0 <= points <= maximum:
        problems[key] = f"{what}应在 0 至 {maximum:.2f} 分之间，收到 {points}"
        return None
    return points.quantize(CENT)


def parse_day(value, year, problems, key="early_by"):
    """A date of `year` (a date or ISO text), or None with the reason in `problems`."""
    what = f"「{label(key)}」"
    if value in (None, ""):
        problems[key] = f"请填写{what}"
        return None
    if isinstance(value, str):
        try:
            value = datetime.date.fromisoformat(value.strip())
        except ValueError:
            problems[key] = f"{what}「{value}」无效，应为 YYYY-MM-DD，如 {year}-11-30"
            return None
    if value.year != year:
        problems[key] = f"{what}应在 {year} 年内，收到 {value:%Y-%m-%d}"
        return None
    return value


def _check_plan(year):
    try:
        get_plan(year)
    except NoPlan as exc:
        raise ValidationError({"year": str(exc)}) from None


def _score_conflicts(year, clean):
    """Manual scores the new full marks would break: above them, or below them without a note."""
    problems = {}
    for score in ManualScore.objects.filter(year=year).select_related("group").order_by("group__position"):
        weight = clean.get(f"{score.line}_weight")
        if weight is None:
            continue
        key = f"{score.line}_weight"
        if score.points > weight:
            problems.setdefault(key, []).append(
                f"{score.group.name}已评 {score.points} 分，高于新的满分 {weight:.2f} 分，请先修改该组评分")
        elif score.points < weight and not score.note.strip():
            problems.setdefault(key, []).append(
                f"{score.group.name}的 {score.points} 分将低于新的满分 {weight:.2f} 分，但没有评分说明，"
                f"请先为该组补充评分说明")
    return problems


def clean_scheme(year, values):
    """The scheme's new values from `values` {field: value}; every problem raised at once."""
    problems = {}
    clean = {}
    for field in WEIGHT_FIELDS + RULE_FIELDS:
        clean[field] = parse_points(values.get(field), f"「{label(field)}」", problems, field)
    if clean["bonus_step_percent"] is not None and clean["bonus_step_percent"] <= 0:
        problems["bonus_step_percent"] = "「超额步长」应大于 0（如 10 表示每超过目标 10% 加分一次）"
    weights = [clean[f] for f in WEIGHT_FIELDS]
    if all(w is not None for w in weights) and sum(weights) != BASE_TOTAL:
        problems[NON_FIELD_ERRORS] = [
            f"八项基本分合计应为 100 分，现为 {sum(weights):.2f} 分"
            f"（目标任务完成四项、产业招商、办公室评分三项）"]
    clean["early_by"] = parse_day(values.get("early_by"), year, problems)
    if not problems:
        problems.update(_score_conflicts(year, clean))
    if problems:
        raise ValidationError(problems)
    return clean


@transaction.atomic
def save_scheme(year, values, *, user=None, via="form", reason=""):
    """Change the scheme of `year` to `values` {field: value} (all of SCHEME_FIELDS)."""
    if user is not None and not is_office(user):
        raise PermissionDenied(OFFICE_ONLY_SCHEME)
    _check_plan(year)
    scheme = stored_scheme(year)
    clean = clean_scheme(year, values)
    before = snapshot(scheme, SCHEME_FIELDS)
    for field, value in clean.items():
        setattr(scheme, field, value)
    after = snapshot(scheme, SCHEME_FIELDS)
    old, new = diff(before, after)
    if new:
        scheme.updated_by = user if getattr(user, "pk", None) else None
        scheme.save()
        record(scheme, ChangeRecord.Action.UPDATE, user=user, before=old, after=new, via=via,
               reason=reason)
    return scheme


def clean_scores(scheme, entries):
    """{line: (points or None, note)} from `entries` {line: {"points", "note"}}; raises at once.

    Blank points mean 未评分. A note is required below full marks.
    """
    problems, clean = {}, {}
    for line, entry in entries.items():
        if line not in MANUAL_LINES:
            problems[NON_FIELD_ERRORS] = [f"没有「{line}」这一办公室评分项目"]
            continue
        name = ManualScore.Line(line).label
        weight = weight_of(scheme, line)
        note = str(entry.get("note") or "").strip()
        raw = entry.get("points")
        if raw is None or str(raw).strip() == "":
            clean[line] = (None, note)
            continue
        points = parse_points(raw, f"「{name}」得分", problems, f"{line}_points", maximum=weight)
        if points is not None and points < weight and not note:
            problems[f"{line}_note"] = f"「{name}」低于满分（{weight:.2f} 分），请填写评分说明"
        clean[line] = (points, note)
    if problems:
        raise ValidationError(problems)
    return clean


@transaction.atomic
def save_manual_scores(group, year, entries, *, user=None, via="form"):
    """The office scores `group` for `year`: `entries` {line: {"points": …, "note": …}}.

    Blank points take back an earlier score (the line is 未评分 again). Returns
    {line: ManualScore or None}.
    """
    if user is not None and not is_office(user):
        raise PermissionDenied(OFFICE_ONLY_SCORES)
    _check_plan(year)
    scheme = stored_scheme(year)
    clean = clean_scores(scheme, entries)
    stored = {s.line: s for s in ManualScore.objects.select_for_update().filter(
        year=year, group=group, line__in=list(clean))}
    who = user if getattr(user, "pk", None) else None
    result = {}
    for line, (points, note) in clean.items():
        score = stored.get(line)
        if points is None:
            if score is not None:
                record(score, ChangeRecord.Action.DELETE, user=user, before=snapshot(score, SCORE_FIELDS),
                       via=via, group_id=group.pk)
                score.delete()
            result[line] = None
            continue
        if score is None:
            score = ManualScore.objects.create(year=year, group=group, line=line, points=points,
                                               note=note, entered_by=who)
            record(score, ChangeRecord.Action.CREATE, user=user, after=snapshot(score, SCORE_FIELDS),
                   via=via, group_id=group.pk)
        else:
            before = snapshot(score, SCORE_FIELDS)
            score.points, score.note = points, note
            old, new = diff(before, snapshot(score, SCORE_FIELDS))
            if new:
                score.entered_by = who
                score.save()
                record(score, ChangeRecord.Action.UPDATE, user=user, before=old, after=new,
                       via=via, group_id=group.pk)
        result[line] = score
    return result
