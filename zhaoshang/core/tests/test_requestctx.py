"""Each request gets an id: echoed in X-Request-ID, kept from a proxy when plain."""
import pytest

from zhaoshang.core import requestctx


@pytest.mark.django_db
def test_each_response_carries_a_request_id(client):
    first = client.get("/login/")["X-Request-ID"]
    second = client.get("/login/")["X-Request-ID"]
    assert len(first) == 32 and first != second


@pytest.mark.django_db
def test_a_plain_id_from_the_proxy_is_kept_anything_else_replaced(client):
    assert client.get("/login/", HTTP_X_REQUEST_ID="nginx-42.a")["X-Request-ID"] == "nginx-42.a"
    assert client.get("/login/", HTTP_X_REQUEST_ID="x\u202ey<script>")["X-Request-ID"] != "x\u202ey<script>"


def test_the_context_is_reset_after_the_work():
    with requestctx.working_as("run-1", "10.0.0.1"):
        assert (requestctx.request_id.get(), requestctx.address.get()) == ("run-1", "10.0.0.1")
    assert requestctx.request_id.get() is None


def test_a_command_run_is_one_operation(monkeypatch):
    """`zhaoshang …` gives its whole run one cli- id: every record it writes shares it."""
    import django.core.management

    from zhaoshang import manage
    from zhaoshang.core import requestctx
    seen = []
    monkeypatch.setattr(django.core.management, "execute_from_command_line",
                        lambda argv: seen.append((argv, requestctx.request_id.get())))
    manage.main(["zhaoshang", "check"])
    [(argv, rid)] = seen
    assert argv == ["zhaoshang", "check"] and rid.startswith("cli-") and len(rid) == 36
    assert requestctx.request_id.get() is None  # and nothing is left behind
