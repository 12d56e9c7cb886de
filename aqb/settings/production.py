"""Production: everything secret or site-specific comes from the environment."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403

AQB_PRODUCTION = True
DEBUG = False

SECRET_KEY = os.environ.get("AQB_SECRET_KEY", "")
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured(
        "AQB_SECRET_KEY fehlt oder ist zu kurz (mindestens 50 zufällige Zeichen)."
    )
AQB_AUDIT_KEY = os.environ.get("AQB_AUDIT_KEY", "")
if len(AQB_AUDIT_KEY) < 32:
    raise ImproperlyConfigured(
        "AQB_AUDIT_KEY fehlt oder ist zu kurz (mindestens 32 zufällige Zeichen; Schlüssel der "
        "Hash-Kette des Änderungsprotokolls, getrennt von der Datenbank aufbewahren)."
    )
AQB_PSEUDONYM_KEY = os.environ.get("AQB_PSEUDONYM_KEY", "")
if len(AQB_PSEUDONYM_KEY) < 32 or AQB_PSEUDONYM_KEY == AQB_AUDIT_KEY:
    raise ImproperlyConfigured(
        "AQB_PSEUDONYM_KEY fehlt, ist zu kurz (mindestens 32 zufällige Zeichen) oder gleich "
        "AQB_AUDIT_KEY (Schlüssel der Pseudonyme der Teilnehmenden; nie in der Datenbank, "
        "getrennt aufbewahren; wer ihn ändert, erkennt Wiedereintritte nicht mehr).")
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("AQB_ALLOWED_HOSTS", "").split(",") if h.strip()]
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("AQB_ALLOWED_HOSTS fehlt (kommagetrennte Hostnamen).")
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("AQB_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = os.environ.get("AQB_SSL_REDIRECT", "true").lower() != "false"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Structured logs: one JSON object per line on stderr, each with its request id
# (aqb.ops.logs); AQB_LOG_LEVEL sets the level of the application's own loggers.
from aqb.ops.logs import json_logging  # noqa: E402

LOGGING = json_logging(os.environ.get("AQB_LOG_LEVEL", "INFO").upper())
# Load balancers probe /healthz over plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
