"""A server error leaves its traceback in the log under the request's id, and the 500 page shows
that id; LOG_FILE and LOG_LEVEL choose where and how much."""
import logging

import pytest
from django.test import Client

from zhaoshang.core import logs, requestctx
from zhaoshang.core.tests.users import office_user


@pytest.fixture
def broken_client(settings, db):
    settings.ROOT_URLCONF = "zhaoshang.core.tests.urls_broken"
    client = Client(raise_request_exception=False)
    client.force_login(office_user())
    return client


def test_the_500_page_names_the_request_id(broken_client, caplog):
    response = broken_client.get("/broken/", HTTP_X_REQUEST_ID="abc-123")
    assert response.status_code == 500
    text = response.content.decode()
    assert "系统出错" in text and "abc-123" in text and "RuntimeError" not in text
    assert response["X-Request-ID"] == "abc-123"
    error = next(r for r in caplog.records if r.levelno == logging.ERROR)
    assert error.exc_info and "一次意外" in str(error.exc_info[1])


def test_an_api_500_is_json_with_the_id(broken_client):
    response = broken_client.get("/api/broken/", HTTP_X_REQUEST_ID="api-7")
    assert response.status_code == 500
    assert response.json()["request_id"] == "api-7"


def test_a_log_line_carries_the_request_id(tmp_path):
    config = logs.logging_config("WARNING", tmp_path / "log" / "zhaoshang.log")
    assert set(config["handlers"]) == {"stderr", "file"} and config["root"]["level"] == "WARNING"
    handler = logging.FileHandler(tmp_path / "line.log", encoding="utf-8")
    handler.addFilter(logs.RequestIdFilter())
    handler.setFormatter(logging.Formatter(config["formatters"]["plain"]["format"]))
    logger = logging.getLogger("zhaoshang.test_logging")
    logger.addHandler(handler)
    try:
        with requestctx.working_as("req-42"):
            logger.error("出错了")
        logger.error("请求之外")
    finally:
        logger.removeHandler(handler)
        handler.close()
    first, second = (tmp_path / "line.log").read_text(encoding="utf-8").splitlines()
    assert "[req-42]" in first and "出错了" in first
    assert "[-]" in second


def test_log_file_off_keeps_only_stderr():
    assert set(logs.logging_config("INFO", None)["handlers"]) == {"stderr"}
