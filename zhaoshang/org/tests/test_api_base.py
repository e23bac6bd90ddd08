"""ScopedViewSet: the API's rows pass the scope before any handler, and a write that would
leave the user's scope is undone."""
import pytest
from rest_framework.test import APIClient

from zhaoshang.core.tests.users import liaison_user
from zhaoshang.org.api.base import ScopedViewSet
from zhaoshang.projects.models import FundsRecord
from zhaoshang.projects.tests.factories import make_funds, make_project


def test_a_scoped_viewset_cannot_bring_its_own_get_queryset():
    with pytest.raises(TypeError, match="base_queryset"):
        class Careless(ScopedViewSet):
            def get_queryset(self):
                return FundsRecord.objects.all()


def test_a_write_that_leaves_the_scope_is_undone(plan2021, monkeypatch):
    mine = make_project("forestry", code="F-1")
    theirs = make_project("automotive", code="A-1")
    funds = make_funds(mine, "2021-05-01", "300")

    def moved(funds, **kwargs):  # a service that (wrongly) moves the record to another group
        funds.project, funds.amount = theirs, kwargs["amount"]
        funds.save()
        return funds

    monkeypatch.setattr("zhaoshang.projects.api.views.update_funds", moved)
    client = APIClient()
    client.force_authenticate(liaison_user("forestry"))
    response = client.patch(f"/api/funds/{funds.pk}/", {"amount": "1"}, format="json")
    assert response.status_code == 403 and "数据范围" in response.json()["detail"]
    funds.refresh_from_db()
    assert (funds.project, str(funds.amount)) == (mine, "300.00")
