"""Processes sending the same notice at once: one row, one e-mail, one robot post.

Threads stand for the processes: each has its own database connection and commits for real
(transaction=True), so the unique constraint, not the test's transaction, decides.
"""
import sqlite3
import threading
from contextlib import closing

import pytest
from django.core import mail
from django.db import connection, connections

from zhaoshang.notices.models import Notification, Webhook
from zhaoshang.notices.services import notify

from .helpers import person

THREADS = 4
ROUNDS = 3


@pytest.fixture
def database(tmp_path, transactional_db):
    """The settings the threads connect with: on SQLite, a file copy of the test database.

    The in-memory test database is one cache shared by the threads, where a second writer
    gets "database table is locked" at once. The system runs SQLite on a file (WAL, with a busy
    timeout), where it waits its turn as on PostgreSQL; the test does the same.
    """
    if connection.vendor != "sqlite":
        return None  # PostgreSQL: every thread's own connection to the test database
    path = tmp_path / "race.sqlite3"
    connection.ensure_connection()
    with closing(sqlite3.connect(path)) as copy:
        connection.connection.backup(copy)
    return {**connection.settings_dict, "NAME": str(path)}


def together(database, *targets):
    """Run each target in a thread of its own, all released at once; return their results."""
    wrapper = type(connections["default"])
    barrier = threading.Barrier(len(targets))
    results, errors = [None] * len(targets), []

    def run(index, target):
        if database:
            connections["default"] = wrapper(dict(database), "default")  # this thread's only
        try:
            barrier.wait()
            results[index] = target()
        except Exception as exc:  # raised below, in the test's thread
            errors.append(exc)
        finally:
            connections["default"].close()

    threads = [threading.Thread(target=run, args=item) for item in enumerate(targets)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert not errors, errors
    return results


def test_concurrent_notify_with_one_key_creates_one_notice(database, robot):
    def setup():
        Webhook.objects.create(name="全县", kind="wecom", url=robot.url + "/send")
        return person("张三"), person("李四")

    [(zhang, li)] = together(database, setup)
    for round in range(ROUNDS):
        def send(key=f"remind:{round}"):
            return notify([zhang, li], title="三季度季报将于 10 月 12 日截止", key=key)

        results = together(database, *[send] * THREADS)
        # Each user once, by whichever thread got there first.
        assert sorted(n.recipient.username for created in results for n in created) == sorted(
            [zhang.username, li.username])
    [rows] = together(database, lambda: list(Notification.objects.values_list("key", "recipient")))
    assert sorted(rows) == sorted((f"remind:{r}", u.pk) for r in range(ROUNDS) for u in (zhang, li))
    assert sorted(m.to[0] for m in mail.outbox) == sorted([zhang.email, li.email] * ROUNDS)
    # One robot post per notice sent: neither a lost one nor a second one for the same notice.
    posted = [body["text"]["content"] for _, _, body in robot.received]
    assert sum(text.count("张三") for text in posted) == ROUNDS
    assert sum(text.count("李四") for text in posted) == ROUNDS
