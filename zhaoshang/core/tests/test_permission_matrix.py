"""The permission matrix: every named URL of the site and the API, as the office, a county
leader (who may only read), the forestry liaison, a liaison of another group (the outsider) and
someone signed out, by GET and by the route's writing method (the wrong one answers 405).

Writes are tried with an empty body inside a rolled-back transaction: who may gets past the
permission (a 400 for the empty form counts), who may not is refused before anything happens.
"""
import copy

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import URLResolver, get_resolver, reverse
from rest_framework.test import APIClient

from zhaoshang.core.tests.routes import ROUTES, world
from zhaoshang.core.tests.users import leader_user, liaison_user

PEOPLE = ["office", "leader", "lin", "outsider", "anonymous"]
REFUSED = {401, 403, 404, 405}

# For each kind of route: who is refused, and how ("ok": may). Not listed: may.
DENIALS = {
    "public": {},
    "signed_in": {},
    "county": {"lin": {403, 404}, "outsider": {403, 404}},
    "office": {"leader": {403}, "lin": {403}, "outsider": {403}},
    "county_office": {"leader": {403}, "lin": {403, 404}, "outsider": {403, 404}},
    "group": {"outsider": {404}},
    "editors": {"leader": {403}},
    "filers": {"office": {403}, "leader": {403}},
    "group_editors": {"leader": {403}, "outsider": {404}},
    "group_office": {"leader": {403}, "lin": {403}, "outsider": {404}},
    "own": {"office": {404}, "leader": {404}, "outsider": {404}},
    "own_office": {"leader": {403}, "lin": {403}, "outsider": {403}},
    "workflow": {"outsider": {404}},
}


def named_routes():
    """{name: pattern} of the URLconf, the admin and the API's format-suffix twins left out."""
    def walk(patterns, namespace=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = pattern.namespace
                yield from walk(pattern.url_patterns,
                                f"{namespace}:{inner}" if namespace and inner else inner or namespace)
            elif pattern.name:
                yield (f"{namespace}:{pattern.name}" if namespace else pattern.name), pattern
    return {name: pattern for name, pattern in walk(get_resolver().url_patterns)
            if not name.startswith("admin:") and "format" not in str(pattern.pattern)}


def test_every_route_is_declared():
    routes = named_routes()
    assert sorted(set(routes) - set(ROUTES)) == [], "declare who may use these in core/tests/routes.py"
    assert sorted(set(ROUTES) - set(routes)) == []


def expected(kind, other, who, api):
    """The statuses `who` may get from a route of `kind` (a set), or None for "may". `other`: the
    kind of the route's other method; the wrong method is 405, or refused as `other` refuses."""
    if who == "anonymous":
        if "public" in (kind, other):
            return None if kind == "public" else {405}
        return {401, 302} if api else {302}
    if kind is None:
        return {405} | (DENIALS[other].get(who) or set() if other else set())
    return DENIALS[kind].get(who)


def verdict(status, allowed, kind, method):
    if allowed is not None:
        return status in allowed
    if status >= 500:
        return False
    if kind == "workflow":  # out of turn is the service's 403 or 400
        return status not in {401, 404, 405}
    return status not in REFUSED and (method != "get" or status < 400)


@pytest.fixture
def people(plan2021):
    ids = world()
    users = get_user_model().objects
    return ids, {"office": users.get(username="office"), "leader": leader_user(),
                 "lin": users.get(username="lin"), "outsider": liaison_user("emerging"), "anonymous": None}


def test_permission_matrix(people):
    ids, users = people
    clients = {}
    for who, user in users.items():
        clients[who] = APIClient()
        if user:
            clients[who].force_login(user)
    wrong = []
    for name, route in sorted(ROUTES.items()):
        url = reverse(name, kwargs={key: ids[value] for key, value in route.args.items()})
        url += f"?{route.query}" if route.query else ""
        api = url.startswith("/api/")
        for who in PEOPLE:
            for method, kind, other in (("get", route.read, route.write),
                                        (route.method, route.write, route.read)):
                client, cookies = clients[who], copy.deepcopy(clients[who].cookies)
                with transaction.atomic():
                    status = getattr(client, method)(url).status_code
                    transaction.set_rollback(True)
                client.cookies = cookies  # a sign-out, or a sign-in, is undone with its rows
                allowed = expected(kind, other, who, api)
                if not verdict(status, allowed, kind, method):
                    wrong.append(f"{name} {method.upper()} {url} as {who}: {status}, "
                                 f"expected {sorted(allowed) if allowed else 'allowed'} ({kind})")
    assert wrong == [], "\n".join(wrong)
