"""No writes on GET: opening any page for daily work or any API list changes no row (the
session and the sign-in bookkeeping aside)."""
import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zhaoshang.core.tests.pages import api_lists, daily_pages

BOOKKEEPING = ("django_session", "axes_", "auth_user")  # sign-in, last_login


def writes(queries):
    return [q["sql"] for q in queries
            if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
            and not any(table in q["sql"] for table in BOOKKEEPING)]


@pytest.mark.parametrize("who", ["office", "lin"])
def test_reading_writes_nothing(client, plan2021, who):
    pages = daily_pages()[who]
    client.force_login(get_user_model().objects.get(username=who))
    paths = pages + api_lists(client)
    with CaptureQueriesContext(connection) as queries:
        for path in paths:
            assert client.get(path).status_code < 500, path
    assert writes(queries) == []
