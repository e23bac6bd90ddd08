"""The scorecards of SPEC §8 as plain functions: a year and an as-of date in, plain data out.

Rules, stated once:
- Points are exact Decimals; each line is rounded to two places half up (四舍五入) at its end,
  and the total is the sum of the rounded lines, so the lines shown add up to the total.
  A line multiplies before it divides (weight × actual ÷ target), so nothing is rounded early.
- 目标任务完成: weight × min(actual ÷ target, 1); a 0 target gives full points. Funds in 亿元.
- 产业招商: weight × covered windows ÷ 6 (trips.compliance: the window a trip starts in).
- Office lines: the office's score, 0 until entered (未评分).
- 加分: +per_step for each full step % of funds above target (funds ÷ target − 1), at most the
  cap; plus the early bonus when all four targets are met (actual ≥ target; a 0 target is met)
  on the scheme's early_by day (30 November: "before 1 December") — or on the as-of day when
  that comes first, since a target met earlier is met before 1 December too.
- 减分: late and missing 季报 as of the as-of day (reports.cycle), never below 0 points.
- Ranking: 1 = best by total; equal totals share a rank ("1, 1, 3"); shown by total, then
  funds 完成率 (a 0 funds target last), then group code.

Every group is computed, so ranks are county-wide whoever looks; pages pick the cards a user
may see. A handful of queries for all groups: the figures twice, trips, reports, scores.
"""
import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from zhaoshang.core.money import YI
from zhaoshang.org.models import IndustryGroup
from zhaoshang.org.scope import Scope
from zhaoshang.reports.cycle import group_records
from zhaoshang.stats.figures import year_bounds, year_figures
from zhaoshang.core.params import default_as_of
from zhaoshang.trips.compliance import WINDOW_COUNT, Status, compliance_matrix

from .models import ManualScore
from .services import scheme_for

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
LINE_KEYS = ["funds", "signed", "industrial", "major_industrial", "trips", "coordination",
             "planning", "other", "bonus", "deduction"]
LABELS = {"funds": "区外境内到位资金", "signed": "新签约项目", "industrial": "新引进工业项目",
          "major_industrial": "亿元工业项目", "trips": "产业招商（外出招商考察）",
          "coordination": "重点项目协调服务", "planning": "项目策划包装", "other": "其他工作",
          "bonus": "加分", "deduction": "减分"}
SHORT_LABELS = {"funds": "到位资金", "signed": "签约", "industrial": "工业", "major_industrial": "亿元工业",
                "trips": "外出考察", "coordination": "协调服务", "planning": "策划包装", "other": "其他工作",
                "bonus": "加分", "deduction": "减分"}
# The four target lines: (key, figure, target, unit).
TARGET_LINES = [("funds", "funds_in_place", "funds_target", "亿元"),
                ("signed", "signed_projects", "signed_target", "个"),
                ("industrial", "industrial_projects", "industrial_target", "个"),
                ("major_industrial", "major_industrial_projects", "major_industrial_target", "个")]
MANUAL_KEYS = list(ManualScore.Line.values)


def rounded(value):
    """Two places, half up: the end of every line."""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def num(value):
    """A weight or count as written in a formula: 30, 7.5, 12.345 (no trailing zeros)."""
    return format(Decimal(value).normalize(), "f")


def pts(value):
    """Points with two places: 23.14."""
    return f"{rounded(value):.2f}"


def yi_text(amount):
    """万元 → 亿元, exact, at least two places: 120000 → 12.00, 123450 → 12.345."""
    value = (Decimal(amount) / YI).normalize()
    if value.as_tuple().exponent > -2:
        value = value.quantize(CENT)
    return format(value, "f")


def amount_text(key, value):
    return yi_text(value) if key == "funds" else str(value)


def percent_text(ratio):
    return f"{rounded(ratio * 100):.2f}%"


def day_text(day):
    return f"{day.year}年{day.month}月{day.day}日"


@dataclass
class Line:
    """One line of a scorecard: its points and how they came about."""

    key: str
    points: Decimal
    formula: str
    inputs: list = field(default_factory=list)   # [(label, text)]
    reasons: list = field(default_factory=list)  # further details: windows, reports, the note
    weight: Decimal | None = None                # full marks of a base line
    scored: bool = True                          # False: an office line not scored yet

    @property
    def label(self):
        return LABELS[self.key]

    @property
    def explanation(self):
        parts = [self.formula] + [f"{name}：{text}" for name, text in self.inputs] + self.reasons
        return "；".join(parts)


@dataclass
class Scorecard:
    group: IndustryGroup
    lines: list
    funds_rate: Decimal | None
    windows: list                 # trips.compliance WindowStatus ×6
    late: list                    # reports.cycle Cells of the late 季报
    missing: list                 # … and of the missing ones
    scores: dict                  # {manual line: ManualScore}
    rank: int = 0

    @property
    def total(self):
        return sum((line.points for line in self.lines), ZERO)

    def line(self, key):
        return next(line for line in self.lines if line.key == key)

    @property
    def by_key(self):
        return {line.key: line for line in self.lines}

    @property
    def base_lines(self):
        return [line for line in self.lines if line.weight is not None]


@dataclass
class Assessment:
    year: int
    as_of: datetime.date
    scheme: object
    early_on: datetime.date        # the day the early bonus is judged on
    cards: list                    # Scorecards in ranking order

    def card(self, group_id):
        return next((c for c in self.cards if c.group.pk == group_id), None)


# The lines ------------------------------------------------------------------------------------

def target_line(key, weight, actual, target, unit):
    inputs = [("完成", f"{amount_text(key, actual)} {unit}"), ("目标", f"{amount_text(key, target)} {unit}")]
    if not target:
        return Line(key, rounded(weight), f"目标为 0，得满分 {pts(weight)}", inputs, weight=weight)
    points = rounded(weight if actual >= target else weight * Decimal(actual) / Decimal(target))
    inputs.append(("完成率", percent_text(Decimal(actual) / Decimal(target))))
    formula = (f"{num(weight)} × min({amount_text(key, actual)} ÷ {amount_text(key, target)}, 1)"
               f" = {pts(points)}")
    return Line(key, points, formula, inputs, weight=weight)


def trips_line(weight, windows):
    covered = [w for w in windows if w.covered]
    points = rounded(weight * len(covered) / WINDOW_COUNT)
    formula = f"{num(weight)} × {len(covered)} ÷ {WINDOW_COUNT} = {pts(points)}"
    inputs = [("已外出考察时段", "、".join(w.window.label for w in covered) or "无")]
    uncovered = [f"{w.window.label}（{'未到' if w.status == Status.FUTURE else '无外出考察'}）"
                 for w in windows if not w.covered]
    if uncovered:
        inputs.append(("未覆盖时段", "、".join(uncovered)))
    return Line("trips", points, formula, inputs, weight=weight)


def manual_line(key, weight, score):
    if score is None:
        return Line(key, ZERO, f"未评分（按 0 分计，满分 {pts(weight)}）", weight=weight, scored=False)
    reasons = [f"评分说明：{score.note}"] if score.note else []
    return Line(key, rounded(score.points), f"办公室评分 {pts(score.points)}（满分 {pts(weight)}）",
                reasons=reasons, weight=weight)


def funds_bonus(scheme, actual, target):
    """(points, text) of +per_step for each full step % of funds above target, at most the cap."""
    if not target:
        return ZERO, "到位资金目标为 0，不计超额加分"
    if actual <= target:
        return ZERO, (f"到位资金完成率 {percent_text(Decimal(actual) / Decimal(target))}，"
                      f"未超过目标，超额加分 0")
    # Exact: the whole steps in (actual − target) ÷ (target × step%).
    steps = (Decimal(actual) - Decimal(target)) * 100 // (Decimal(target) * scheme.bonus_step_percent)
    points = min(steps * scheme.bonus_per_step, scheme.bonus_cap)
    capped = "，达到上限" if steps * scheme.bonus_per_step > scheme.bonus_cap else ""
    return points, (f"到位资金完成率 {percent_text(Decimal(actual) / Decimal(target))}，"
                    f"超过目标 {percent_text((Decimal(actual) - Decimal(target)) / Decimal(target))}，"
                    f"每满 {num(scheme.bonus_step_percent)}% 加 {num(scheme.bonus_per_step)} 分："
                    f"{steps} × {num(scheme.bonus_per_step)} = {num(steps * scheme.bonus_per_step)}"
                    f"（上限 {num(scheme.bonus_cap)}{capped}），超额加分 {pts(points)}")


def unmet_targets(row):
    """The targets not met in a figures row, as 签约 5/7 text (a 0 target is met)."""
    unmet = []
    for key, actual, target, unit in TARGET_LINES:
        if row[actual] < row[target]:
            unmet.append(f"{SHORT_LABELS[key]} {amount_text(key, row[actual])}/"
                         f"{amount_text(key, row[target])}{unit if key == 'funds' else ''}")
    return unmet


def early_bonus(scheme, early_row, early_on):
    """(points, text) of the bonus for all four targets met by `early_on`."""
    unmet = unmet_targets(early_row)
    if unmet:
        return ZERO, (f"截至{day_text(early_on)}未全部完成四项目标（{'、'.join(unmet)}），"
                      f"提前完成加分 0")
    return scheme.early_bonus, (f"截至{day_text(early_on)}四项目标均已完成，"
                                f"提前完成加分 {pts(scheme.early_bonus)}")


def bonus_line(scheme, row, early_row, early_on):
    funds, funds_text = funds_bonus(scheme, row["funds_in_place"], row["funds_target"])
    early, early_text = early_bonus(scheme, early_row, early_on)
    points = rounded(funds + early)
    return Line("bonus", points, f"超额 {pts(funds)} + 提前 {pts(early)} = {pts(points)}",
                reasons=[funds_text, early_text])


def deduction_line(scheme, late, missing):
    # ZERO − …: no deduction reads 0.00, not −0.00.
    points = ZERO - rounded(len(late) * scheme.late_deduction + len(missing) * scheme.missing_deduction)
    formula = (f"-({num(scheme.late_deduction)} × 逾期 {len(late)} 次 + "
               f"{num(scheme.missing_deduction)} × 未报送 {len(missing)} 次) = {pts(points)}")
    reasons = []
    if late:
        reasons.append("逾期季报：" + "、".join(f"{c.period.name}（逾期 {c.days_late} 天）" for c in late))
    if missing:
        reasons.append("未报送季报：" + "、".join(c.period.name for c in missing))
    if not late and not missing:
        reasons.append("已到期的季报均按时报送")
    return Line("deduction", points, formula, reasons=reasons)


# The assessment ---------------------------------------------------------------------------------

def rank_cards(cards):
    """Competition ranks by total ("1, 1, 3"), in display order (total, funds 完成率, code)."""
    lowest = Decimal("-Infinity")
    cards.sort(key=lambda c: (-c.total, -(c.funds_rate if c.funds_rate is not None else lowest),
                              c.group.code))
    totals = [c.total for c in cards]
    for card in cards:
        card.rank = 1 + sum(1 for t in totals if t > card.total)
    return cards


def assess(year, as_of=None):
    """Every group's scorecard for `year` as of `as_of` (default: the year's last day, or today
    while it runs). Raises NoPlan without a plan, ValueError for a date outside the year."""
    as_of = as_of or default_as_of(year)
    year_bounds(year, as_of)
    everything = Scope.everything()  # the ranking is the county's
    figures = year_figures(year, as_of, scope=everything)  # first: no plan, no scheme created
    scheme = scheme_for(year)
    early_on = min(as_of, scheme.early_by)
    early = figures if early_on == as_of else year_figures(year, early_on, scope=everything)
    early_rows = {row["id"]: row for row in early["groups"]}
    groups = {g.pk: g for g in IndustryGroup.objects.select_related("lead_unit")}
    windows = {g.pk: row for g, row, _ in compliance_matrix(list(groups.values()), year, as_of)}
    reports = group_records(year, as_of, scope=everything)
    scores = {}
    for score in ManualScore.objects.filter(year=year).select_related("entered_by"):
        scores.setdefault(score.group_id, {})[score.line] = score

    cards = []
    for row in figures["groups"]:
        group_id = row["id"]
        group_scores = scores.get(group_id, {})
        lines = [target_line(key, getattr(scheme, f"{key}_weight"), row[actual], row[target], unit)
                 for key, actual, target, unit in TARGET_LINES]
        lines.append(trips_line(scheme.trips_weight, windows[group_id]))
        lines += [manual_line(key, getattr(scheme, f"{key}_weight"), group_scores.get(key))
                  for key in MANUAL_KEYS]
        lines.append(bonus_line(scheme, row, early_rows[group_id], early_on))
        record = reports[group_id]
        lines.append(deduction_line(scheme, record["late"], record["missing"]))
        cards.append(Scorecard(groups[group_id], lines, row["funds_rate"], windows[group_id],
                               record["late"], record["missing"], group_scores))
    return Assessment(year, as_of, scheme, early_on, rank_cards(cards))


def assessment_json(result):
    """The CLI's --json shape: {"year", "as_of", "groups": [{"code", "total", "rank", "lines"}]}."""
    return {
        "year": result.year,
        "as_of": result.as_of.isoformat(),
        "groups": [{
            "code": card.group.code,
            "total": pts(card.total),
            "rank": card.rank,
            "lines": [{"key": line.key, "points": pts(line.points), "explanation": line.explanation}
                      for line in card.lines],
        } for card in result.cards],
    }
