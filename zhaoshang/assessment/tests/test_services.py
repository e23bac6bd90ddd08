"""The one writer: the scheme's default and its edits, the office's scores, the change log."""
import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from zhaoshang.assessment.models import ManualScore, Scheme
from zhaoshang.assessment.services import SCHEME_FIELDS, save_manual_scores, save_scheme, scheme_for
from zhaoshang.core.models import ChangeRecord
from zhaoshang.core.tests.users import leader_user, liaison_user, office_user
from zhaoshang.projects.tests.factories import group_of

pytestmark = pytest.mark.django_db


def current(year=2021):
    scheme = scheme_for(year)
    return {field: getattr(scheme, field) for field in SCHEME_FIELDS}


def test_the_default_scheme_is_the_specs(plan2021):
    scheme = scheme_for(2021)
    assert [scheme.funds_weight, scheme.signed_weight, scheme.industrial_weight,
            scheme.major_industrial_weight, scheme.trips_weight, scheme.coordination_weight,
            scheme.planning_weight, scheme.other_weight] == [30, 12, 10, 8, 10, 10, 10, 10]
    assert (scheme.bonus_step_percent, scheme.bonus_per_step, scheme.bonus_cap) == (10, 1, 5)
    assert (scheme.early_bonus, scheme.early_by) == (2, datetime.date(2021, 11, 30))
    assert (scheme.late_deduction, scheme.missing_deduction) == (1, 2)
    assert scheme.pk is None and not Scheme.objects.exists()  # reading it stores nothing
    save_scheme(2021, {**current(), "early_by": "2021-12-15"}, user=office_user())
    assert Scheme.objects.get().early_by == datetime.date(2021, 12, 15)


def test_scheme_problems_all_at_once_nothing_written(plan2021):
    values = {**current(), "trips_weight": "-1", "bonus_cap": "1.234", "bonus_step_percent": "0",
              "early_by": "2021-02-30"}
    with pytest.raises(ValidationError) as error:
        save_scheme(2021, values, user=office_user())
    assert error.value.message_dict == {
        "trips_weight": ["「产业招商（外出招商考察）」应在 0 至 100.00 分之间，收到 -1"],
        "bonus_cap": ["「超额加分上限」「1.234」超过两位小数"],
        "bonus_step_percent": ["「超额步长」应大于 0（如 10 表示每超过目标 10% 加分一次）"],
        "early_by": ["「提前完成截止日」「2021-02-30」无效，应为 YYYY-MM-DD，如 2021-11-30"],
    }
    assert scheme_for(2021).trips_weight == 10
    assert not ChangeRecord.objects.filter(object_type="scheme").exists()


def test_only_the_office_changes_the_scheme(plan2021):
    for user in (leader_user(), liaison_user("forestry")):
        with pytest.raises(PermissionDenied):
            save_scheme(2021, current(), user=user)


def test_a_year_without_a_plan(db):
    with pytest.raises(ValidationError, match="没有 2021 年的年度计划"):
        save_scheme(2021, {}, user=office_user())


def test_an_unchanged_scheme_records_nothing(plan2021):
    save_scheme(2021, current(), user=office_user())
    assert not ChangeRecord.objects.filter(object_type="scheme").exists()


def test_scores_are_checked_against_full_marks_and_recorded(plan2021):
    forestry, office = group_of("forestry"), office_user()
    with pytest.raises(ValidationError) as error:
        save_manual_scores(forestry, 2021, {"coordination": {"points": "9", "note": ""},
                                            "planning": {"points": "10.5"},
                                            "other": {"points": "x"}}, user=office)
    assert error.value.message_dict == {
        "coordination_note": ["「重点项目协调服务」低于满分（10.00 分），请填写评分说明"],
        "planning_points": ["「项目策划包装」得分应在 0 至 10.00 分之间，收到 10.5"],
        "other_points": ["「其他工作」得分「x」不是数字"],
    }
    assert not ManualScore.objects.exists()

    save_manual_scores(forestry, 2021, {"coordination": {"points": "9", "note": "协调及时"},
                                        "planning": {"points": "10"}}, user=office)
    assert {s.line: s.points for s in ManualScore.objects.all()} == {"coordination": 9, "planning": 10}
    created = ChangeRecord.objects.filter(object_type="manualscore", action="create")
    assert created.count() == 2 and {c.group_id for c in created} == {forestry.pk}

    # Changed, unchanged, taken back (blank points: 未评分 again).
    save_manual_scores(forestry, 2021, {"coordination": {"points": "8", "note": "协调不够及时"},
                                        "planning": {"points": ""}}, user=office)
    assert {s.line: s.points for s in ManualScore.objects.all()} == {"coordination": 8}
    update = ChangeRecord.objects.get(object_type="manualscore", action="update")
    assert update.before == {"points": "9.00", "note": "协调及时"}
    assert update.after == {"points": "8.00", "note": "协调不够及时"}
    assert ChangeRecord.objects.filter(object_type="manualscore", action="delete").count() == 1


def test_only_the_office_scores(plan2021):
    for user in (leader_user(), liaison_user("forestry")):
        with pytest.raises(PermissionDenied):
            save_manual_scores(group_of("forestry"), 2021, {"other": {"points": "10"}}, user=user)


def test_new_full_marks_may_not_strand_a_score(plan2021):
    office = office_user()
    save_manual_scores(group_of("forestry"), 2021, {"coordination": {"points": "10"}}, user=office)
    save_manual_scores(group_of("emerging"), 2021, {"coordination": {"points": "7", "note": "一般"}},
                       user=office)
    # Coordination 10 → 5 (funds 30 → 35 keeps the sum at 100): 林木's 10 and 新兴's 7 are too high.
    values = {**current(), "coordination_weight": "5", "funds_weight": "35"}
    with pytest.raises(ValidationError) as error:
        save_scheme(2021, values, user=office)
    assert error.value.message_dict["coordination_weight"] == [
        "林木加工产业招商组已评 10.00 分，高于新的满分 5.00 分，请先修改该组评分",
        "战略性新兴产业招商组已评 7.00 分，高于新的满分 5.00 分，请先修改该组评分"]
    # Coordination 10 → 12: 林木's 10 would be below full marks without a note.
    values = {**current(), "coordination_weight": "12", "funds_weight": "28"}
    with pytest.raises(ValidationError, match="林木加工产业招商组的 10.00 分将低于新的满分 12.00 分"):
        save_scheme(2021, values, user=office)
    assert scheme_for(2021).coordination_weight == Decimal("10")
