"""The bell and the 消息 page: a user sees and opens only their own notices."""
import pytest
from django.urls import reverse

from zhaoshang.core.tests.users import office_user
from zhaoshang.notices.context_processors import unread_notices
from zhaoshang.notices.models import Notification
from zhaoshang.notices.services import mark_read

from .helpers import person

PAGE = "/notices/"
pytestmark = pytest.mark.django_db


def notice(user, title, **fields):
    return Notification.objects.create(recipient=user, title=title, **fields)


@pytest.fixture
def zhang():
    return person("张三")


def test_urls():
    assert reverse("notices:index") == PAGE
    assert reverse("notices:open", args=[7]) == "/notices/7/open/"
    assert reverse("notices:read_all") == "/notices/read/"


@pytest.mark.parametrize("method, url", [("get", PAGE), ("get", "/notices/1/open/"),
                                         ("post", "/notices/read/")])
def test_sign_in_required(client, method, url):
    response = getattr(client, method)(url)
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_the_bell_counts_unread_notices_on_every_page(client, zhang):
    notice(zhang, "一"), notice(zhang, "二")
    mark_read(zhang, [notice(zhang, "三").pk])
    notice(person("李四"), "别人的")
    client.force_login(zhang)
    response = client.get("/changes/")  # any page with the top bar
    assert response.context["unread_notices"] == 2
    html = response.content.decode()
    assert 'class="bell bell-unread" href="/notices/"' in html
    assert '<span class="bell-count">2</span>' in html


def test_the_count_is_one_query_and_only_when_shown(rf, zhang, django_assert_num_queries):
    notice(zhang, "一")
    request = rf.get("/")
    request.user = zhang
    with django_assert_num_queries(0):
        context = unread_notices(request)
    with django_assert_num_queries(1):
        assert context["unread_notices"] == 1


def test_the_bell_without_unread_notices_has_no_badge(client, zhang):
    client.force_login(zhang)
    response = client.get(PAGE)
    assert response.context["unread_notices"] == 0
    html = response.content.decode()
    assert 'class="bell" href="/notices/"' in html and "bell-count" not in html
    assert "暂无消息" in html and "全部标为已读" not in html


def test_the_page_lists_own_notices_newest_first_unread_bold(client, zhang):
    old = notice(zhang, "二季度季报已逾期", kind="overdue")
    new = notice(zhang, "三季度季报将于 10 月 12 日截止", body="请按时提交。", kind="reminder")
    mark_read(zhang, [old.pk])
    notice(office_user(), "办公室的待办")
    client.force_login(zhang)
    response = client.get(PAGE)
    assert response.status_code == 200
    assert list(response.context["page"].object_list) == [new, old]
    html = response.content.decode()
    assert "办公室的待办" not in html
    assert html.index("三季度季报") < html.index("二季度季报")
    assert html.count("inbox-item inbox-unread") == 1 and "请按时提交。" in html
    assert f'href="/notices/{new.pk}/open/"' in html and "截止提醒" in html
    assert "全部标为已读" in html


def test_opening_marks_read_and_follows_the_link(client, zhang):
    item = notice(zhang, "三季度季报", link="/reports/?year=2021")
    client.force_login(zhang)
    response = client.get(f"/notices/{item.pk}/open/")
    assert response.status_code == 302 and response["Location"] == "/reports/?year=2021"
    item.refresh_from_db()
    assert item.read_at is not None


@pytest.mark.parametrize("link", ["", "https://evil.example/", "//evil.example/"])
def test_a_notice_without_a_local_link_opens_the_list(client, zhang, link):
    item = notice(zhang, "待办", link=link)
    client.force_login(zhang)
    assert client.get(f"/notices/{item.pk}/open/")["Location"] == PAGE


def test_another_users_notice_is_not_found(client, zhang):
    theirs = notice(person("李四"), "李四的")
    client.force_login(zhang)
    assert client.get(f"/notices/{theirs.pk}/open/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_all_read(client, zhang):
    notice(zhang, "一"), notice(zhang, "二")
    theirs = notice(person("李四"), "李四的")
    client.force_login(zhang)
    assert client.get("/notices/read/").status_code == 405  # a change needs POST
    response = client.post("/notices/read/")
    assert response.status_code == 302 and response["Location"] == PAGE
    assert not Notification.objects.filter(recipient=zhang, read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert client.get(PAGE).context["unread_notices"] == 0
