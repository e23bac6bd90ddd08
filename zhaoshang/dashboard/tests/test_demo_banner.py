"""The banner under the top bar (sign-in page included) while the demo's accounts can sign in,
and `zhaoshang demo --disable-accounts`, which ends that."""
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from zhaoshang.core.tests.browser import fast_passwords  # noqa: F401
from zhaoshang.dashboard.context_processors import demo_accounts
from zhaoshang.dashboard.demo import DEMO_PASSWORD, load_accounts
from zhaoshang.org.services import create_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_passwords")]
User = get_user_model()
BANNER = 'id="demo-banner"'


@pytest.fixture
def accounts(plan2021):
    load_accounts()


def page(client, path="/login/", username=None):
    if username:
        client.force_login(User.objects.get(username=username))
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def banner(html):
    start = html.index(BANNER)
    return html[start:html.index("</p>", start)]


def test_the_sign_in_page_names_the_demo_accounts_and_their_password(client, accounts):
    text = banner(page(client))
    assert "演示数据" in text and DEMO_PASSWORD in text
    assert "office、leader、commander_forestry 等 26 个" in text and "正式使用前请停用或删除" in text


def test_every_page_says_so_under_the_top_bar(client, accounts):
    html = page(client, "/changes/", username="liaison_forestry")
    assert html.index("</header>") < html.index(BANNER) < html.index("<main")
    assert "人员管理" not in banner(html)


def test_the_office_is_pointed_to_where_it_deactivates_them(client, accounts):
    assert 'href="/people/"' in banner(page(client, "/changes/", username="office"))


def test_the_banner_goes_once_the_demo_accounts_are_deleted(client, accounts):
    User.objects.all().delete()
    assert BANNER not in page(client)


def test_the_banner_goes_once_the_demo_accounts_are_deactivated(client, accounts):
    User.objects.update(is_active=False)
    assert BANNER not in page(client)


def test_an_account_named_like_a_demo_one_is_not_one(client, plan2021):
    create_user("office", role="office", password=DEMO_PASSWORD)
    assert BANNER not in page(client)


def test_the_banner_costs_one_query_and_only_on_a_page_that_shows_it(rf, accounts,
                                                                       django_assert_num_queries):
    with django_assert_num_queries(0):
        context = demo_accounts(rf.get("/login/"))
    with django_assert_num_queries(1):
        assert len(context["demo_accounts"]) == 26


def test_the_demo_accounts_are_disabled_at_once_once_the_office_has_its_own(client, accounts):
    create_user("wangli", role="office", password=DEMO_PASSWORD + "x")
    out = io.StringIO()

    call_command("demo", "--disable-accounts", stdout=out)

    assert out.getvalue().strip() == "已停用演示账号 26 个"
    assert list(User.objects.filter(is_active=True).values_list("username", flat=True)) == ["wangli"]
    assert BANNER not in page(client)


def test_the_demo_accounts_stay_while_theirs_is_the_only_office(accounts):
    with pytest.raises(CommandError, match="还没有办公室自己的账号"):
        call_command("demo", "--disable-accounts")

    assert not User.objects.filter(is_active=False).exists()
