"""Error pages speak Chinese and never echo what was asked for."""
from zhaoshang.core.tests.users import liaison_user


def test_404_is_chinese_and_says_nothing_of_the_object(client, plan2021):
    client.force_login(liaison_user("forestry"))
    response = client.get("/projects/999999/")
    assert response.status_code == 404
    text = response.content.decode()
    assert "页面不存在" in text and "不在您的查看范围内" in text
    assert "Not Found" not in text


def test_403_is_chinese(client, plan2021):
    client.force_login(liaison_user("forestry"))
    response = client.get("/import/")
    assert response.status_code == 403
    assert "没有权限" in response.content.decode()
