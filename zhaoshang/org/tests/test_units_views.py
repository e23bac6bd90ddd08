"""单位与招商组 pages: the office changes, a leader only reads, a group member sees the own group,
an outsider gets 404 without the name."""
import pytest

from zhaoshang.core.models import ChangeRecord
from zhaoshang.core.tests.users import (co_unit_user, leader_user, liaison_user, make_user,
                                        office_user, outsider_user)
from zhaoshang.org.models import IndustryGroup, Unit
from zhaoshang.org.units import co_unit_names

FORESTRY, EMERGING = "林木加工产业招商组", "战略性新兴产业招商组"
ONLY_EMERGING = "柳州紫荆技术转移中心"  # a co-unit of the emerging group alone


def client_of(client, user):
    client.force_login(user)
    return client


def test_the_office_sees_every_group_and_unit_with_edit_controls(client, plan2021):
    response = client_of(client, office_user()).get("/org/")
    html = response.content.decode()
    assert FORESTRY in html and EMERGING in html and ONLY_EMERGING in html
    assert "新增单位" in html and "共 8 个" in html
    counts = {u.name: (u.led, u.co) for u in response.context["units"]}
    assert counts["县发改局"] == (0, 8) and counts["鹿寨经开区管委"] == (2, 3)
    assert len(counts) == Unit.objects.count()


def test_a_leader_reads_everything_without_edit_controls(client, plan2021):
    client_of(client, leader_user())
    html = client.get("/org/").content.decode()
    assert FORESTRY in html and EMERGING in html and "新增单位" not in html
    assert "修改组成" not in client.get("/org/groups/forestry/").content.decode()
    unit = Unit.objects.get(name="县发改局")
    assert "更名" not in client.get(f"/org/units/{unit.pk}/").content.decode()
    for path in ["/org/groups/forestry/edit/", "/org/units/new/", f"/org/units/{unit.pk}/edit/"]:
        assert client.get(path).status_code == 403, path
        assert client.post(path, {"name": "改", "lead_unit": "县发改局"}).status_code == 403, path
    assert not Unit.objects.filter(name="改").exists()


@pytest.mark.parametrize("make", [liaison_user, co_unit_user])
def test_a_group_member_sees_the_own_group_and_its_units_only(client, plan2021, make):
    client_of(client, make("forestry"))
    html = client.get("/org/").content.decode()
    assert FORESTRY in html and EMERGING not in html and ONLY_EMERGING not in html
    assert "驰普公司" in html and "新增单位" not in html
    # 县发改局 is a co-unit of all 8 groups; the member counts the own group only.
    assert [(u.name, u.co) for u in client.get("/org/").context["units"] if u.name == "县发改局"] == [
        ("县发改局", 1)]
    assert client.get("/org/groups/forestry/").status_code == 200
    assert client.get("/org/groups/forestry/edit/").status_code == 403


def test_an_outsider_gets_404_without_the_name(client, plan2021):
    client_of(client, outsider_user("forestry"))  # a liaison of the emerging group
    unit = Unit.objects.get(name="驰普公司")          # forestry's co-unit only
    for path in ["/org/groups/forestry/", "/org/groups/forestry/edit/", f"/org/units/{unit.pk}/",
                 f"/org/units/{unit.pk}/edit/"]:
        response = client.get(path)
        assert response.status_code == 404, path
        assert FORESTRY not in response.content.decode() and "驰普公司" not in response.content.decode()


def test_someone_without_a_role_sees_no_group(client, plan2021):
    html = client_of(client, make_user()).get("/org/").content.decode()
    assert "您尚未分配到任何产业招商组" in html and FORESTRY not in html


def test_the_office_edits_a_groups_make_up(client, plan2021):
    office = office_user()
    client_of(client, office)
    response = client.post("/org/groups/forestry/edit/", {
        "lead_unit": "县自然资源和规划局", "commander": "张三（副县长）",
        "co_units": "县投促中心\r\n县发改局\r\n\r\n县税务局\r\n", "reason": "领导小组调整"})
    assert response.status_code == 302 and response.url == "/org/groups/forestry/"
    group = IndustryGroup.objects.get(code="forestry")
    assert co_unit_names(group) == ["县投促中心", "县发改局", "县税务局"] and group.commander == "张三（副县长）"
    html = client.get("/org/groups/forestry/").content.decode()
    assert "已保存林木加工产业招商组的牵头单位、协办单位和指挥长" in html and "领导小组调整" in html
    assert ChangeRecord.objects.filter(object_type="industrygroup", user=office, via="form").count() == 1


def test_a_bad_group_edit_answers_400_beside_the_field_and_writes_nothing(client, plan2021):
    client_of(client, office_user())
    before = ChangeRecord.objects.count()
    response = client.post("/org/groups/forestry/edit/", {
        "lead_unit": "县自然资源和规划局", "co_units": "县投促中心\n县外事办"})
    assert response.status_code == 400
    assert "以下单位尚未登记：县外事办。请先在「单位」中新增" in response.content.decode()
    assert ChangeRecord.objects.count() == before
    assert len(co_unit_names(IndustryGroup.objects.get(code="forestry"))) == 9


def test_the_office_adds_and_renames_a_unit(client, plan2021):
    client_of(client, office_user())
    response = client.post("/org/units/new/", {"name": "县商务局"})
    unit = Unit.objects.get(name="县商务局")
    assert response.status_code == 302 and response.url == f"/org/units/{unit.pk}/"
    response = client.post(f"/org/units/{unit.pk}/edit/", {"name": "县商务和口岸局", "reason": "机构改革"})
    assert response.status_code == 302
    html = client.get(f"/org/units/{unit.pk}/").content.decode()
    assert "县商务和口岸局" in html and "机构改革" in html and "县商务局" in html  # the history keeps it

    response = client.post("/org/units/new/", {"name": "县财政局"})
    assert response.status_code == 400 and "单位「县财政局」已存在" in response.content.decode()


def test_the_menu_leads_there(client, plan2021):
    html = client_of(client, liaison_user("forestry")).get("/").content.decode()
    assert 'href="/org/"' in html and 'href="/people/"' not in html
