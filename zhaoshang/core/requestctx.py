"""The request (or command run, or import) a piece of work belongs to: its id and the client's
address, set once at the start (the RequestContext middleware, `zhaoshang` commands) and read
wherever it is needed — log lines, the 500 page, change records — without passing it down.

Context variables, not globals: each request of a threaded server sees its own.
"""
import contextlib
import re
import uuid
from contextvars import ContextVar

request_id = ContextVar("request_id", default=None)
address = ContextVar("address", default=None)

# An id a proxy sent in X-Request-ID is kept when it is plain (letters, digits, - _ .), so one
# id follows the request through nginx's log and ours; anything else is replaced.
_PLAIN_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")


def new_id(prefix=""):
    return prefix + uuid.uuid4().hex


def accepted_id(text):
    return text if text and _PLAIN_ID.fullmatch(text) else new_id()


@contextlib.contextmanager
def working_as(rid, client_address=None):
    """Everything done inside shares the id `rid` (and the address)."""
    rid_token = request_id.set(rid)
    address_token = address.set(client_address)
    try:
        yield rid
    finally:
        request_id.reset(rid_token)
        address.reset(address_token)
