"""系统配置 (/admin/) shows our data but changes none of it: the services are the writers. The
group robots, which have no page of their own, are configured there and recorded."""
import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model

from zhaoshang.core.models import ChangeRecord
from zhaoshang.core.tests.users import make_user
from zhaoshang.notices.models import Webhook
from zhaoshang.org.models import IndustryGroup, Membership, Role

User = get_user_model()
EDITABLE = {Webhook}  # configuration without a page; AuditedAdmin records it
OURS = [model for model in admin.site._registry
        if model._meta.app_label not in {"authtoken"} and model not in EDITABLE]


@pytest.fixture
def root(client, plan2021):
    user = make_user(Role.ADMIN, username="root")
    user.is_staff = user.is_superuser = True
    user.save()
    client.force_login(user)
    return user


def url(model, *parts):
    return "/".join(["/admin", model._meta.app_label, model._meta.model_name, *map(str, parts), ""])


@pytest.mark.parametrize("model", OURS, ids=lambda m: m._meta.label)
def test_it_shows_but_adds_nothing(client, root, model):
    assert client.get(url(model)).status_code == 200
    assert client.get(url(model, "add")).status_code == 403


@pytest.mark.parametrize("model", [IndustryGroup, Membership, User], ids=lambda m: m._meta.label)
def test_it_changes_and_deletes_nothing(client, root, model):
    obj = model.objects.order_by("pk").first()
    records = ChangeRecord.objects.count()
    assert client.get(url(model, obj.pk, "change")).status_code == 200  # read-only view
    assert client.post(url(model, obj.pk, "change"), {}).status_code == 403
    assert client.post(url(model, obj.pk, "delete"), {"post": "yes"}).status_code == 403
    assert model.objects.filter(pk=obj.pk).exists() and ChangeRecord.objects.count() == records


def test_the_last_office_user_cannot_be_removed_there(client, root):
    office = make_user(Role.OFFICE, username="office")
    membership = Membership.objects.get(user=office)
    assert client.post(url(Membership, membership.pk, "delete"), {"post": "yes"}).status_code == 403
    assert client.post(url(User, office.pk, "change"), {"is_active": ""}).status_code == 403
    office.refresh_from_db()
    assert office.is_active and Membership.objects.filter(pk=membership.pk).exists()


def test_a_robot_set_up_there_is_recorded(client, root):
    data = {"name": "林木组群", "kind": "wecom", "url": "https://qyapi.weixin.qq.com/x?key=1",
            "keyword": "", "secret": "s", "group": IndustryGroup.objects.get(code="forestry").pk,
            "active": "on"}
    assert client.post(url(Webhook, "add"), data).status_code == 302
    hook = Webhook.objects.get()
    created = ChangeRecord.objects.get(object_type="webhook", action="create")
    assert created.via == "admin" and created.user == root and created.group_id == hook.group_id
    assert "secret" not in created.after
    client.post(url(Webhook, hook.pk, "delete"), {"post": "yes"})
    assert not Webhook.objects.exists()
    assert ChangeRecord.objects.filter(object_type="webhook", action="delete").count() == 1
