"""Tests: SQLite by default, PostgreSQL when AQB_DATABASE_URL says so (make test runs both)."""

import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import PASSWORD_HASHERS

DEBUG = False
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
if "AQB_DATABASE_URL" not in os.environ:
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
# Fast hashing in tests; production keeps Argon2 first (see test_passwords).
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="aqb-test-media-"))
STATIC_ROOT = Path(tempfile.mkdtemp(prefix="aqb-test-static-"))
WHITENOISE_AUTOREFRESH = True
STORAGES = {
    "default": {"BACKEND": "aqb.ui.storage.AtomicFileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Playwright runs the event loop in the test thread; live_server needs this.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# Most tests log in with force_login; the second factor has its own tests (twofactor/tests).
AQB_2FA_REQUIRED = False
# Tests read e-mails from django.core.mail.outbox; the SMTP tests switch to the SMTP backend
# against a real local server (aqb/notifications/tests/smtp.py).
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
AQB_BASE_URL = "https://aqb.example.org"
