"""A query parameter no page can use answers 400 with a Chinese message, never a 500: every page
for daily work and every API list is tried with values out of any column's range."""
import re

import pytest
from django.contrib.auth import get_user_model

from zhaoshang.core.tests.pages import api_lists, daily_pages
from zhaoshang.core.tests.users import office_user

BAD = [{"year": "0"}, {"year": "２０２１"}, {"signed_year": "10000"}, {"signed_year": "-1"},
       {"as_of": "2021-13-01"}, {"project": "99999999999999999999"}, {"period": "99999999999999999999"},
       {"object_id": "99999999999999999999"}, {"group": "99999999999999999999"}, {"page": "99999999999999999999"},
       {"investment_min": "1e999"}, {"stage": "x"}, {"ordering": "zzz"}]


@pytest.fixture
def paths(client, plan2021):
    pages = daily_pages()["office"]
    client.force_login(get_user_model().objects.get(username="office"))
    return pages + api_lists(client)


def test_no_parameter_breaks_a_page(client, paths):
    broken = [(path, params, client.get(path, params).status_code)
              for path in paths for params in BAD]
    assert [b for b in broken if b[2] >= 500] == []


@pytest.mark.parametrize("path, params, message", [
    ("/projects/", {"signed_year": "10000"}, "签约年度"),
    ("/api/projects/", {"signed_year": "10000"}, "signed_year"),
    ("/trips/", {"year": "0"}, "年度"),
    ("/api/funds/", {"project": "99999999999999999999"}, "project"),
    ("/api/submissions/", {"period": "99999999999999999999"}, "period"),
])
def test_the_400_says_which_and_why(client, plan2021, path, params, message):
    client.force_login(office_user())
    response = client.get(path, params)
    assert response.status_code == 400
    text = response.content.decode()
    assert message in text and re.search("确保该值(小于|大于)或等于", text), text[:500]
