"""/api/notices/: one's own notices only (anyone else's is a 404); marking read via mark_read."""
import pytest

from zhaoshang.core.tests.users import office_user
from zhaoshang.notices.models import Notification
from zhaoshang.notices.services import notify
from zhaoshang.core.tests.users import api_client as client

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    me, other = office_user(), office_user()
    notify([me], title="第一季度季报将于3月19日截止", kind="reminder", key="a")
    notify([me], title="待签字：目标调整申请 #1", kind="workflow", key="b")
    notify([other], title="他人的机密通知", key="c")
    return me, other


def test_own_notices_only(people):
    me, other = people
    response = client(me).get("/api/notices/")
    titles = [row["title"] for row in response.json()["results"]]
    assert sorted(titles) == ["待签字：目标调整申请 #1", "第一季度季报将于3月19日截止"]
    assert "他人的机密通知" not in response.content.decode()
    assert all(row["read"] is False for row in response.json()["results"])
    assert [r["kind"] for r in client(me).get("/api/notices/", {"kind": "workflow"}).json()["results"]] == [
        "workflow"]
    theirs = Notification.objects.get(recipient=other)
    assert client(me).get(f"/api/notices/{theirs.pk}/").status_code == 404
    assert client().get("/api/notices/").status_code == 401


def test_mark_some_then_all_read(people):
    me, other = people
    first = Notification.objects.filter(recipient=me).order_by("pk").first()
    theirs = Notification.objects.get(recipient=other)
    response = client(me).post("/api/notices/read/", {"ids": [first.pk, theirs.pk]}, format="json")
    assert response.status_code == 200 and response.json() == {"marked": 1, "unread": 1}
    first.refresh_from_db()
    assert first.read_at is not None
    assert Notification.objects.get(pk=theirs.pk).read_at is None  # another's notice is untouched
    assert client(me).get("/api/notices/", {"unread": "true"}).json()["count"] == 1
    assert client(me).post("/api/notices/read/", {}, format="json").json() == {"marked": 1, "unread": 0}
    assert client(me).get(f"/api/notices/{first.pk}/").json()["read"] is True


def test_bad_ids_are_400_and_nothing_is_marked(people):
    me, _ = people
    for bad in ({"ids": ["第一条"]}, {"ids": []}, {"ids": [0]}):
        assert client(me).post("/api/notices/read/", bad, format="json").status_code == 400
    assert not Notification.objects.filter(read_at__isnull=False).exists()
