"""Log lines carry the id of the request (or command run) they belong to, so the id a user reads
off the 500 page finds its traceback in var/log/zhaoshang.log."""
import logging
from pathlib import Path

from . import requestctx


class RequestIdFilter(logging.Filter):
    def filter(self, record):
        record.request_id = requestctx.request_id.get() or "-"
        return True


def logging_config(level="INFO", file=None):
    """The LOGGING setting: stderr always, and a rotating `file` (10 MB × 5) unless it is None."""
    handlers = {"stderr": {"class": "logging.StreamHandler", "formatter": "plain",
                           "filters": ["request_id"]}}
    if file:
        Path(file).parent.mkdir(parents=True, exist_ok=True)
        handlers["file"] = {"class": "logging.handlers.RotatingFileHandler", "filename": str(file),
                            "maxBytes": 10 * 1024 * 1024, "backupCount": 5, "encoding": "utf-8",
                            "formatter": "plain", "filters": ["request_id"]}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": RequestIdFilter}},
        "formatters": {"plain": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"}},
        "handlers": handlers,
        "root": {"handlers": list(handlers), "level": level},
        "loggers": {
            # Django's own request logger already reaches the root; keep one copy of each line.
            "django": {"level": level, "propagate": True},
        },
    }
