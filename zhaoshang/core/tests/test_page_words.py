"""No technical words on the pages people read: package names, API paths, hashes and commands
belong in docs/guide.md and the API docs."""
from html.parser import HTMLParser

import pytest
from django.contrib.auth import get_user_model

from zhaoshang.core.tests.browser import fast_passwords  # noqa: F401
from zhaoshang.core.tests.pages import daily_pages
from zhaoshang.core.tests.users import office_user

pytestmark = pytest.mark.usefixtures("fast_passwords")

TECHNICAL = ("chinesecalendar", "/api/", "sha-256", "sha256", "json", "token", "loadplan", "zhaoshang ")
# What a person reads of an element besides its text.
READ_ATTRIBUTES = {"title", "placeholder", "aria-label", "alt", "data-label"}


class ReadText(HTMLParser):
    """The text a person reads on a page: text and labels, not scripts, styles or markup."""

    def __init__(self):
        super().__init__()
        self.parts, self.hidden = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.hidden += 1
        self.parts.extend(value for name, value in attrs if name in READ_ATTRIBUTES and value)

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def read_text(html):
    parser = ReadText()
    parser.feed(html)
    return " ".join(parser.parts).lower()


def technical_words(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    text = read_text(response.content.decode())
    return [word for word in TECHNICAL if word in text]


def test_the_pages_of_daily_work_use_no_technical_words(client, plan2021):
    pages = daily_pages()
    found = {}
    for username, paths in pages.items():
        client.force_login(get_user_model().objects.get(username=username))
        for path in paths:
            if words := technical_words(client, path):
                found[path] = words
    assert found == {}


def test_the_page_without_a_plan_names_no_command(client, db):
    client.force_login(office_user())
    assert technical_words(client, "/") == []


def test_read_text_sees_labels_but_not_scripts():
    html = '<p title="JSON 格式">说明</p><script>var token = 1;</script><style>.json{}</style>'
    assert read_text(html).split() == ["json", "格式", "说明"]
