"""SPEC §8 on hand-made data: every point below is worked out by hand in the test."""
import datetime
from decimal import Decimal

import pytest

from zhaoshang.assessment.scorecard import assess, funds_bonus
from zhaoshang.assessment.services import save_manual_scores, save_scheme, scheme_for
from zhaoshang.core.tests.users import office_user
from zhaoshang.projects.tests.factories import group_of, make_funds, make_project
from zhaoshang.reports.cycle import late_and_missing
from zhaoshang.stats.figures import NoPlan
from zhaoshang.trips.compliance import covered_share

from .helpers import build_year, signed, submit_quarter

pytestmark = pytest.mark.django_db
D = Decimal
DEC31 = datetime.date(2021, 12, 31)


def points(card):
    return {line.key: line.points for line in card.lines}


@pytest.fixture
def year(plan2021):
    build_year()
    save_manual_scores(group_of("forestry"), 2021, {
        "coordination": {"points": "8.5", "note": "两个重点项目协调滞后"},
        "planning": {"points": "10", "note": ""},
    }, user=office_user())


def test_every_line_of_a_group_by_hand(year):
    card = assess(2021, DEC31).card(group_of("forestry").pk)
    assert points(card) == {
        "funds": D("22.50"),            # 30 × 12 ÷ 16 = 22.50
        "signed": D("12.00"),           # 8 of 7: 12 × min(8/7, 1) = 12
        "industrial": D("4.29"),        # 10 × 3 ÷ 7 = 4.2857… → 4.29
        "major_industrial": D("1.60"),  # 8 × 1 ÷ 5 = 1.60
        "trips": D("6.67"),             # 10 × 4 ÷ 6 = 6.666… → 6.67
        "coordination": D("8.50"),      # the office's score
        "planning": D("10.00"),
        "other": D("0.00"),             # not scored yet
        "bonus": D("0.00"),             # 75%: nothing above target, targets not all met
        "deduction": D("-3.00"),        # Q1 late (−1), Q2 missing (−2)
    }
    assert card.total == D("62.56")     # 22.50+12+4.29+1.60+6.67+8.50+10+0+0−3
    assert [line.key for line in card.lines] == ["funds", "signed", "industrial", "major_industrial",
                                                 "trips", "coordination", "planning", "other",
                                                 "bonus", "deduction"]


def test_explanations_show_inputs_formulas_and_reasons(year):
    card = assess(2021, DEC31).card(group_of("forestry").pk)
    text = {line.key: line.explanation for line in card.lines}
    assert text["funds"].startswith("30 × min(12.00 ÷ 16.00, 1) = 22.50；完成：12.00 亿元；目标：16.00 亿元")
    assert "完成率：75.00%" in text["funds"]
    assert text["signed"].startswith("12 × min(8 ÷ 7, 1) = 12.00")
    assert text["industrial"].startswith("10 × min(3 ÷ 7, 1) = 4.29")
    assert text["trips"] == ("10 × 4 ÷ 6 = 6.67；已外出考察时段：1–2月、3–4月、7–8月、11–12月；"
                             "未覆盖时段：5–6月（无外出考察）、9–10月（无外出考察）")
    assert text["coordination"] == "办公室评分 8.50（满分 10.00）；评分说明：两个重点项目协调滞后"
    assert text["other"] == "未评分（按 0 分计，满分 10.00）"
    assert not card.line("other").scored and card.line("planning").scored
    assert text["deduction"] == ("-(1 × 逾期 1 次 + 2 × 未报送 1 次) = -3.00；"
                                 "逾期季报：第一季度季报（逾期 3 天）；未报送季报：第二季度季报")
    assert "到位资金完成率 75.00%，未超过目标，超额加分 0" in text["bonus"]
    assert "截至2021年11月30日未全部完成四项目标（到位资金 12.00/16.00亿元、工业 3/7、亿元工业 1/5）" \
        in text["bonus"]


def test_inputs_are_the_trips_and_reports_modules_own(year):
    forestry = group_of("forestry")
    card = assess(2021, DEC31).card(forestry.pk)
    assert covered_share(forestry.pk, 2021, DEC31) == D(4) / D(6)
    assert late_and_missing(forestry, 2021, DEC31) == (1, 1)
    assert (len(card.late), len(card.missing)) == (1, 1)


def test_totals_and_ranking_with_a_tie(year):
    result = assess(2021, DEC31)
    table = [(c.group.code, c.total, c.rank) for c in result.cards]
    assert table == [
        ("forestry", D("62.56"), 1),
        # 30 + 12 + 10 (0 target) + 8 (0 target) + bonus 2 (125%) + 2 (all met by 30 Nov) − 8
        ("logistics", D("56.00"), 2),
        # 30 × 3 ÷ 4 = 22.50, signed 0 of 1, 10 + 8 for the 0 targets, − 8: funds 75%, shown first
        ("culture_tourism", D("32.50"), 3),
        # 30 × 0.7 ÷ 2 = 10.50, 12 (2 of 2), 10 + 8, − 8: the same total, funds 35%
        ("agriculture", D("32.50"), 3),
        ("infrastructure", D("10.00"), 5),   # 10 + 8 for the 0 targets − 8
        ("electroplating", D("0.00"), 6),    # 0 of 2 industrial; 8 for the 0 亿元工业 target − 8
        ("automotive", D("-8.00"), 7),       # nothing, 4 reports missing; ties ordered by code
        ("emerging", D("-8.00"), 7),
    ]
    logistics = points(result.card(group_of("logistics").pk))
    assert logistics["industrial"] == D("10.00") and logistics["major_industrial"] == D("8.00")
    assert logistics["bonus"] == D("4.00") and logistics["deduction"] == D("-8.00")


@pytest.mark.parametrize("amount, rate, bonus", [
    ("37500", "125.00%", "2.00"),   # 25% above: 2 full steps of 10%
    ("48000", "160.00%", "5.00"),   # 60% above: 6 steps, at most 5
    ("33000", "110.00%", "1.00"),   # exactly one full step
    ("29970", "99.90%", "0.00"),    # below target
])
def test_bonus_per_full_ten_percent_above_target(plan2021, amount, rate, bonus):
    make_funds(make_project("logistics", total_investment="60000"), "2021-06-01", amount)
    line = assess(2021, DEC31).card(group_of("logistics").pk).line("bonus")
    # signed 1 of 2: the early bonus is not earned, the line is the funds part alone
    assert line.points == D(bonus)
    assert f"到位资金完成率 {rate}" in line.explanation


def test_funds_bonus_rules_on_their_own(plan2021):
    scheme = scheme_for(2021)
    assert funds_bonus(scheme, D("0"), D("0"))[0] == 0                  # a 0 target: no bonus
    assert funds_bonus(scheme, D("160000.00"), D("160000.00"))[0] == 0  # met, not above
    assert funds_bonus(scheme, D("175999.99"), D("160000.00"))[0] == 0  # 9.99…% above
    assert funds_bonus(scheme, D("176000.00"), D("160000.00"))[0] == 1  # 10% above


def test_early_bonus_all_four_met_by_30_november(plan2021):
    made = signed("logistics", 2, signed_on="2021-11-30")
    make_funds(made[0], "2021-11-30", "30000")  # exactly the 3 亿 target
    line = assess(2021, DEC31).card(group_of("logistics").pk).line("bonus")
    assert line.points == D("2.00")  # funds 100%: no excess; all four met on 30 Nov: +2
    assert "截至2021年11月30日四项目标均已完成，提前完成加分 2.00" in line.explanation


def test_early_bonus_not_earned_when_met_only_on_15_december(plan2021):
    made = signed("logistics", 1, signed_on="2021-10-01")
    signed("logistics", 1, signed_on="2021-12-15")
    make_funds(made[0], "2021-06-01", "30000")
    card = assess(2021, DEC31).card(group_of("logistics").pk)
    assert card.line("signed").points == D("12.00")  # met by the year's end …
    assert card.line("bonus").points == D("0.00")    # … but not before 1 December
    assert "截至2021年11月30日未全部完成四项目标（签约 1/2）" in card.line("bonus").explanation


def test_early_bonus_as_of_a_date_before_december_judges_that_date(plan2021):
    made = signed("logistics", 2, signed_on="2021-05-01")
    make_funds(made[0], "2021-05-02", "30000")
    line = assess(2021, datetime.date(2021, 6, 30)).card(group_of("logistics").pk).line("bonus")
    assert line.points == D("2.00")
    assert "截至2021年6月30日四项目标均已完成" in line.explanation


def test_deductions_as_of_a_date_count_the_deadlines_passed(plan2021):
    submit_quarter("forestry", 1, "2021-03-22 10:00:00")  # 3 days late
    forestry = group_of("forestry").pk
    # 1 July: Q1 (due 03-19) late, Q2 (due 06-18) missing: −1 − 2 = −3
    assert assess(2021, datetime.date(2021, 7, 1)).card(forestry).line("deduction").points == D("-3.00")
    # 18 March: no deadline passed yet: 0.00, not −0.00
    line = assess(2021, datetime.date(2021, 3, 18)).card(forestry).line("deduction")
    assert str(line.points) == "0.00" and "已到期的季报均按时报送" in line.explanation


def test_trips_before_the_year_ends_count_only_windows_covered(plan2021):
    from zhaoshang.trips.tests.helpers import make_trip

    make_trip("forestry", "2021-02-01")
    line = assess(2021, datetime.date(2021, 3, 31)).card(group_of("forestry").pk).line("trips")
    assert line.points == D("1.67")  # 10 × 1 ÷ 6 = 1.666… → 1.67
    assert "3–4月（无外出考察）" in line.explanation and "5–6月（未到）" in line.explanation


def test_scheme_edits_change_the_result(year):
    values = {f: getattr(scheme_for(2021), f) for f in (
        "funds_weight", "signed_weight", "industrial_weight", "major_industrial_weight", "trips_weight",
        "coordination_weight", "planning_weight", "other_weight", "bonus_step_percent",
        "bonus_per_step", "bonus_cap", "early_bonus", "early_by", "late_deduction", "missing_deduction")}
    values.update(funds_weight="25", signed_weight="17", late_deduction="0.5", missing_deduction="3",
                  bonus_step_percent="20")
    save_scheme(2021, values, user=office_user())
    result = assess(2021, DEC31)
    forestry = points(result.card(group_of("forestry").pk))
    assert forestry["funds"] == D("18.75")       # 25 × 12 ÷ 16
    assert forestry["signed"] == D("17.00")      # 8 of 7: full 17
    assert forestry["deduction"] == D("-3.50")   # 0.5 × 1 + 3 × 1
    logistics = result.card(group_of("logistics").pk)
    assert logistics.line("bonus").points == D("3.00")  # 25% above in steps of 20%: 1, + 2 early
    assert "25 × min(12.00 ÷ 16.00, 1) = 18.75" in result.card(group_of("forestry").pk).line("funds").explanation


def test_a_zero_target_gives_full_points(plan2021):
    card = assess(2021, DEC31).card(group_of("logistics").pk)
    assert card.line("industrial").points == D("10.00")
    assert card.line("industrial").explanation.startswith("目标为 0，得满分 10.00")
    assert card.line("funds").points == D("0.00")  # 0 of 3 亿


def test_queries_do_not_grow_with_the_groups(year, django_assert_max_num_queries):
    assess(2021, DEC31)  # the scheme and the periods exist from here on
    with django_assert_max_num_queries(20):  # 19: figures ×2, trips, calendar, reports, scores
        assess(2021, DEC31)


def test_errors_in_chinese(db):
    with pytest.raises(NoPlan, match="没有 2021 年的年度计划"):
        assess(2021, DEC31)


def test_a_date_outside_the_year(plan2021):
    with pytest.raises(ValueError, match="不在 2021 年内"):
        assess(2021, datetime.date(2022, 1, 1))
