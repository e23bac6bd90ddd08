"""Group robots: the exact JSON posted to a local HTTP server; a failing robot never breaks notify."""
import base64
import hashlib
import hmac
import time
import urllib.parse

import pytest

from zhaoshang.core.tests.users import office_user
from zhaoshang.notices import services
from zhaoshang.notices.models import Notification, Webhook
from zhaoshang.org.models import IndustryGroup, Role

from .helpers import person

JSON = "application/json; charset=utf-8"


@pytest.fixture
def liaisons(plan2021):
    return person("张三", Role.LIAISON, "forestry"), person("李四", Role.LIAISON, "forestry")


def hook(robot, kind="wecom", group=None, path="/cgi-bin/webhook/send?key=abc", **fields):
    return Webhook.objects.create(name=f"{kind} 机器人", kind=kind, url=robot.url + path,
                                  group=group, **fields)


def test_wecom_gets_one_text_message_listing_the_recipients(robot, liaisons, send, settings):
    settings.SITE_URL = "https://zs.example.cn"
    forestry = liaisons[0].memberships.get().group
    hook(robot, group=forestry)
    send(liaisons, title="三季度季报将于 10 月 12 日截止", body="请在截止前提交。",
           link="/reports/", kind="reminder", key="remind:q3")
    assert robot.received == [("/cgi-bin/webhook/send?key=abc", JSON, {
        "msgtype": "text",
        "text": {"content": "三季度季报将于 10 月 12 日截止\n请在截止前提交。\n接收人：张三、李四\n"
                            "https://zs.example.cn/reports/"},
    })]
    webhook = Webhook.objects.get()
    assert webhook.last_error == "" and webhook.last_sent_at is not None


def test_dingtalk_gets_the_keyword_first(robot, liaisons, send, settings):
    settings.SITE_URL = ""
    hook(robot, kind="dingtalk", path="/robot/send?access_token=t", keyword="招商提醒")
    send(liaisons[:1], title="三季度季报已逾期", kind="overdue")
    assert robot.received == [("/robot/send?access_token=t", JSON, {
        "msgtype": "text", "text": {"content": "招商提醒 三季度季报已逾期\n接收人：张三"},
    })]


def test_each_robot_gets_its_own_groups_recipients(robot, liaisons, send):
    emerging = person("王五", Role.LIAISON, "emerging")
    forestry = liaisons[0].memberships.get().group
    hook(robot, group=forestry, path="/forestry")
    hook(robot, group=emerging.memberships.get().group, path="/emerging")
    hook(robot, path="/county")  # county-wide: every notice
    hook(robot, path="/off", active=False)
    hook(robot, group=forestry, path="/forestry-off", active=False)
    send([*liaisons, emerging, office_user()], title="待办")
    contents = {path: body["text"]["content"] for path, _, body in robot.received}
    assert contents.keys() == {"/forestry", "/emerging", "/county"}
    assert contents["/forestry"].endswith("接收人：张三、李四")
    assert contents["/emerging"].endswith("接收人：王五")
    assert "张三、李四、王五、office" in contents["/county"]


def test_no_post_for_a_notice_already_sent(robot, liaisons, send):
    hook(robot)
    send(liaisons, title="待办", key="k")
    send(liaisons, title="待办", key="k")
    assert len(robot.received) == 1
    assert send([], title="待办") == [] and len(robot.received) == 1


@pytest.mark.parametrize("status, answer, error", [
    (500, {}, "HTTP 500 Internal Server Error"),
    (200, {"errcode": 310000, "errmsg": "keywords not in content"}, "机器人返回错误 310000：keywords not in content"),
])
def test_a_robot_that_fails_is_recorded_not_raised(robot, liaisons, send, status, answer, error):
    robot.status, robot.answer = status, answer
    first, second = hook(robot, path="/first"), hook(robot, path="/second")
    created = send(liaisons, title="待办", key="k")
    assert len(created) == 2 and Notification.objects.count() == 2
    assert [path for path, _, _ in robot.received] == ["/first", "/second"]  # both still tried
    for webhook in (first, second):
        webhook.refresh_from_db()
        assert webhook.last_error == error and webhook.last_sent_at is not None


def test_a_robot_that_never_answers_times_out(robot, liaisons, send, monkeypatch):
    monkeypatch.setattr(services, "WEBHOOK_TIMEOUT", 0.3)
    robot.hang.set()
    webhook = hook(robot)
    assert len(send(liaisons, title="待办")) == 2
    webhook.refresh_from_db()
    assert webhook.last_error == "0.3 秒内无响应"


def test_an_unreachable_robot_is_recorded(liaisons, send):
    webhook = Webhook.objects.create(name="关掉的", kind="wecom", url="http://127.0.0.1:9/send")
    assert len(send(liaisons, title="待办")) == 2
    webhook.refresh_from_db()
    assert webhook.last_error.startswith("发送失败：")


def test_a_later_success_clears_the_error(robot, liaisons, send):
    webhook = hook(robot)
    Webhook.objects.filter(pk=webhook.pk).update(last_error="HTTP 500 Internal Server Error")
    send(liaisons, title="待办")
    webhook.refresh_from_db()
    assert webhook.last_error == ""


def test_the_system_administrator_configures_robots(admin_client, plan2021):
    assert admin_client.get("/admin/notices/webhook/add/").status_code == 200
    response = admin_client.post("/admin/notices/webhook/add/", {
        "name": "林木组钉钉群", "kind": "dingtalk", "keyword": "招商",
        "url": "https://oapi.dingtalk.com/robot/send?access_token=x",
        "group": IndustryGroup.objects.get(code="forestry").pk,
        "active": "on"})
    assert response.status_code == 302
    webhook = Webhook.objects.get()
    assert (webhook.kind, webhook.keyword, webhook.group.code) == ("dingtalk", "招商", "forestry")
    assert admin_client.get("/admin/notices/webhook/").status_code == 200
    assert admin_client.get("/admin/notices/notification/").status_code == 200


def test_dingtalk_signed_with_its_secret(robot, liaisons, send):
    """加签: DingTalk's documented scheme, base64(HMAC-SHA256(secret, "timestamp\\nsecret")), in the query."""
    secret = "SEC0123456789abcdef"
    hook(robot, kind="dingtalk", path="/robot/send?access_token=t", secret=secret)
    before = round(time.time() * 1000)
    send(liaisons[:1], title="三季度季报已逾期")
    after = round(time.time() * 1000)
    [(path, _, _)] = robot.received
    url = urllib.parse.urlsplit(path)
    query = urllib.parse.parse_qs(url.query)
    assert url.path == "/robot/send" and query["access_token"] == ["t"]
    [timestamp], [sign] = query["timestamp"], query["sign"]
    assert before <= int(timestamp) <= after
    digest = hmac.new(secret.encode(), f"{timestamp}\n{secret}".encode(), hashlib.sha256).digest()
    assert sign == base64.b64encode(digest).decode()


def test_the_secret_is_dingtalks_only(robot, liaisons, send):
    hook(robot, kind="wecom", path="/cgi-bin/webhook/send?key=abc", secret="SECx")
    send(liaisons[:1], title="待办")
    assert [path for path, _, _ in robot.received] == ["/cgi-bin/webhook/send?key=abc"]
