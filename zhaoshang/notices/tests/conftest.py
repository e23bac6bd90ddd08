import pytest

from zhaoshang.notices.services import notify

from .helpers import Robot


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """notify(), and what it leaves for after commit run at once (tests never commit)."""
    def send(*args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return notify(*args, **kwargs)
    return send


@pytest.fixture
def robot(monkeypatch):
    monkeypatch.setenv("no_proxy", "*")  # a proxy set on the machine must not carry 127.0.0.1
    robot = Robot()
    yield robot
    robot.close()
