"""Development: the demo on SQLite under var/."""

import os

from .base import *  # noqa: F403
from .base import VAR_DIR

DEBUG = True
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
VAR_DIR.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# The demo: the second factor is off for the demo logins unless AQB_2FA=an (the login page
# says so). Production (settings.production) always requires it for the state's staff.
AQB_2FA_REQUIRED = os.environ.get("AQB_2FA", "aus").lower() in ("an", "on", "1", "true")
