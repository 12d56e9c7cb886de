"""Request ids and structured (JSON) logs.

`RequestIdMiddleware` gives every request an id (the proxy's `X-Request-ID` when it is a
plain token, else a new one), answers it in `X-Request-ID` and keeps it for the request's
log records: `RequestIdFilter` adds `request_id` to each record, `JsonFormatter` writes one
JSON object per line (production: settings/production.py). Only the standard library here,
so the settings may name these classes.
"""

from __future__ import annotations

import contextvars
import json
import logging
import re
import uuid
from datetime import UTC, datetime

HEADER = "X-Request-ID"
_INCOMING = re.compile(r"^[A-Za-z0-9._:-]{8,128}$")
_request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar("aqb_request_id",
                                                                         default=None)


def current_request_id() -> str | None:
    return _request_id.get()


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get(HEADER, "")
        request_id = incoming if _INCOMING.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        token = _request_id.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            _request_id.reset(token)
        response[HEADER] = request_id
        return response


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every record ("-" outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", None):
            record.request_id = _request_id.get() or "-"
        return True


# attributes every LogRecord has; anything else was passed as `extra=` and is logged too
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC, ISO 8601), level, logger, message, request_id,
    the `extra` fields and, on errors, the traceback."""

    def format(self, record: logging.LogRecord) -> str:
        data = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None) or _request_id.get() or "-",
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and key not in data and not key.startswith("_"):
                data[key] = value if isinstance(value, str | int | float | bool | None) \
                    else str(value)
        if record.exc_info:
            data["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            data["stack"] = self.formatStack(record.stack_info)
        return json.dumps(data, ensure_ascii=False)


def json_logging(level: str = "INFO") -> dict:
    """A LOGGING setting: everything as JSON lines on stderr, each with its request id."""
    handler = {"class": "logging.StreamHandler", "formatter": "json",
               "filters": ["request_id"]}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "aqb.ops.logs.RequestIdFilter"}},
        "formatters": {"json": {"()": "aqb.ops.logs.JsonFormatter"}},
        "handlers": {"console": handler},
        "root": {"handlers": ["console"], "level": "WARNING"},
        "loggers": {
            "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
            "aqb": {"handlers": ["console"], "level": level, "propagate": False},
            "django_tasks_db": {"handlers": ["console"], "level": level, "propagate": False},
            "django_tasks": {"handlers": ["console"], "level": level, "propagate": False},
            "gunicorn.error": {"handlers": ["console"], "level": level, "propagate": False},
        },
    }
