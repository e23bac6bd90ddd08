"""notify(): once per (user, key), e-mail only for new notices and only after commit; mark_read."""
import pytest
from django.core import mail
from django.db import IntegrityError, transaction

from zhaoshang.notices.models import Notification
from zhaoshang.notices.services import mark_read, notify, unread_count

from .helpers import person

pytestmark = pytest.mark.django_db


def test_notify_creates_once_per_user_and_key(send):
    zhang, li = person("张三"), person("李四")
    first = send([zhang], title="三季度季报将于 10 月 12 日截止", kind="reminder", key="remind:q3")
    again = send([zhang, li], title="三季度季报将于 10 月 12 日截止", kind="reminder", key="remind:q3")
    assert [n.recipient for n in first] == [zhang]
    assert [n.recipient for n in again] == [li]  # 张三 already has it
    assert Notification.objects.filter(key="remind:q3").count() == 2
    # Another key is another notice.
    assert len(send([zhang], title="三季度季报已逾期", kind="overdue", key="overdue:q3")) == 1


def test_notices_without_a_key_are_never_deduplicated(send):
    zhang = person("张三")
    send([zhang], title="有一条待办")
    send([zhang], title="有一条待办")
    assert Notification.objects.filter(recipient=zhang).count() == 2


def test_the_same_user_twice_in_one_call_gets_one_notice(send):
    zhang = person("张三")
    assert len(send([zhang, zhang], title="待办")) == 1


def test_inactive_users_are_skipped(send):
    gone = person("王五")
    gone.is_active = False
    gone.save()
    assert send([gone], title="待办", key="k") == []
    assert len(mail.outbox) == 0


def test_fields_are_kept(send):
    zhang = person("张三")
    [notice] = send([zhang], title="标题", body="正文", link="/reports/", kind="workflow", key="k1")
    notice.refresh_from_db()
    assert (notice.title, notice.body, notice.link, notice.kind, notice.key) == (
        "标题", "正文", "/reports/", "workflow", "k1")
    assert notice.created_at is not None and notice.read_at is None


def test_mail_only_for_new_notices_and_addresses(send, settings):
    settings.SITE_URL = "https://zs.example.cn/"
    zhang, li, nomail = person("张三"), person("李四"), person("赵六", email="")
    send([zhang], title="三季度季报将于 10 月 12 日截止", body="请按时提交。", key="remind:q3")
    send([zhang, li, nomail], title="三季度季报将于 10 月 12 日截止", body="请按时提交。",
           key="remind:q3")
    assert [m.to for m in mail.outbox] == [[zhang.email], [li.email]]
    message = mail.outbox[1]
    assert message.subject == "【投资促进管理系统】三季度季报将于 10 月 12 日截止"
    assert message.from_email == "zhaoshang@localhost"
    notice = Notification.objects.get(recipient=li)
    assert f"https://zs.example.cn/notices/{notice.pk}/open/" in message.body
    assert "李四：" in message.body and "请按时提交。" in message.body


def test_mail_without_site_url_says_sign_in(send, settings):
    settings.SITE_URL = ""
    send([person("张三")], title="待办")
    assert "请登录系统查看。" in mail.outbox[0].body


def test_a_failing_mail_server_does_not_break_notify(send, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 1
    zhang = person("张三")
    assert len(send([zhang], title="待办", key="k")) == 1
    assert unread_count(zhang) == 1


def test_nothing_is_sent_when_the_transaction_rolls_back(django_capture_on_commit_callbacks):
    zhang = person("张三")
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            notify([zhang], title="审批通过", key="approve:1")
            raise RuntimeError("the approval failed after notifying")
    assert len(mail.outbox) == 0
    assert not Notification.objects.exists()


def test_the_database_refuses_a_duplicate_key():
    zhang = person("张三")
    Notification.objects.create(recipient=zhang, title="a", key="k")
    Notification.objects.create(recipient=zhang, title="b", key="")
    Notification.objects.create(recipient=zhang, title="c", key="")  # empty keys repeat freely
    with pytest.raises(IntegrityError), transaction.atomic():
        Notification.objects.create(recipient=zhang, title="d", key="k")


def test_mark_read_and_unread_count(send):
    zhang, li = person("张三"), person("李四")
    one, two, three = (send([zhang], title=f"第{i}条")[0] for i in range(3))
    send([li], title="李四的")
    assert unread_count(zhang) == 3
    assert mark_read(zhang, [one.pk]) == 1
    assert mark_read(zhang, [one.pk]) == 0  # already read: its time is kept
    assert unread_count(zhang) == 2
    li_notice = Notification.objects.get(recipient=li)
    assert mark_read(zhang, [li_notice.pk]) == 0  # not theirs
    assert mark_read(zhang) == 2
    assert unread_count(zhang) == 0 and unread_count(li) == 1


def test_unread_count_of_an_anonymous_visitor():
    from django.contrib.auth.models import AnonymousUser

    assert unread_count(AnonymousUser()) == 0
