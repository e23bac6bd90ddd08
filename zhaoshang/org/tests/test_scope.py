"""org.scope, the one access module: the Scope value a user sees, and who may do what."""
import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from zhaoshang.core.tests.users import (co_unit_user, commander_user, leader_user, liaison_user,
                                        make_user, office_user)
from zhaoshang.org.models import IndustryGroup, Role, Unit
from zhaoshang.org.scope import (Scope, approves_exits, exit_approvers, holds, is_office, is_system,
                                 may_approve_exit, may_edit_group, may_note_group, office_required,
                                 require_office, restrict)
from zhaoshang.stats.figures import year_figures


@pytest.fixture
def groups(plan2021):
    return {g.code: g for g in IndustryGroup.objects.all()}


def test_the_county_roles_see_everything(groups):
    for user in (office_user(), leader_user(), make_user(Role.ADMIN)):
        assert Scope.of(user) == Scope.everything() and Scope.of(user).is_everything


def test_a_group_role_sees_its_groups_only(groups):
    forestry = groups["forestry"]
    for user in (liaison_user(forestry), commander_user(forestry), co_unit_user(forestry)):
        scope = Scope.of(user)
        assert scope == Scope.groups({forestry.pk}) and scope.includes(forestry.pk)
        assert not scope.includes(groups["automotive"].pk)


def test_anyone_else_sees_nothing(groups):
    for user in (AnonymousUser(), make_user(), make_user(Role.HANDLER)):
        assert Scope.of(user).is_empty
        assert not restrict(user, IndustryGroup.objects.all()).exists()


def test_a_scope_filters_by_the_models_path(groups):
    forestry = groups["forestry"]
    scope = Scope.groups({forestry.pk})
    assert list(scope.filter(IndustryGroup.objects.all())) == [forestry]
    units = set(scope.filter(Unit.objects.all()))  # Unit reaches groups by two paths
    assert forestry.lead_unit in units and units <= set(Unit.objects.all())
    assert Scope.everything().filter(Unit.objects.all()).count() == Unit.objects.count()


def test_the_figures_need_a_scope(groups):
    with pytest.raises(TypeError):
        year_figures(2021)  # a forgotten scope is an error, not the whole county
    rows = year_figures(2021, scope=Scope.groups({groups["forestry"].pk}))["groups"]
    assert [row["code"] for row in rows] == ["forestry"]


def test_who_edits_and_who_adds_notes(groups):
    forestry, other = groups["forestry"].pk, groups["automotive"].pk
    assert may_edit_group(office_user(), other)
    assert may_edit_group(liaison_user("forestry"), forestry)
    assert not may_edit_group(liaison_user("forestry"), other)
    assert not may_edit_group(co_unit_user("forestry"), forestry)
    assert may_note_group(co_unit_user("forestry"), forestry)
    assert not may_note_group(leader_user(), forestry)


def test_who_approves_an_exit(groups):
    forestry, other = groups["forestry"].pk, groups["automotive"].pk
    commander = commander_user("forestry")
    assert may_approve_exit(commander, forestry) and not may_approve_exit(commander, other)
    assert may_approve_exit(office_user(), other) and may_approve_exit(make_user(Role.ADMIN), other)
    assert may_approve_exit(None, other) and is_system(None)  # the importer, the CLI
    assert not may_approve_exit(liaison_user("forestry"), forestry)
    assert approves_exits(commander) and not approves_exits(liaison_user("forestry"))


def test_the_admin_is_an_exit_approver_as_the_office_is(groups):
    admin, office, commander = make_user(Role.ADMIN), office_user(), commander_user("forestry")
    commander_user("automotive")
    assert set(exit_approvers(groups["forestry"].pk)) == {admin, office, commander}


def test_an_inactive_user_holds_no_role(groups):
    commander = commander_user("forestry")
    commander.is_active = False
    assert not holds(commander, Role.COMMANDER, groups["forestry"].pk)


def test_only_the_office_passes_require_office(rf, groups):
    require_office(office_user())
    with pytest.raises(PermissionDenied, match="只有办公室"):
        require_office(leader_user(), "只有办公室")

    @office_required("人员管理只对领导小组办公室开放。")
    def view(request):
        return "ok"

    request = rf.get("/")
    request.user = office_user()
    assert view(request) == "ok" and is_office(request.user)
    request.user = liaison_user("forestry")
    with pytest.raises(PermissionDenied, match="人员管理"):
        view(request)
