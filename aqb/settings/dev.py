"""Development and the demo (`make run`): SQLite under var/, DEBUG off.

Visitors of the demo see the German error pages, never Django's debug page with its list of
URLs. Static files come through WhiteNoise as in production: `make run` collects them into
var/static; WHITENOISE_USE_FINDERS also serves them straight from the apps, so a plain
`aqb runserver` is styled too. AQB_DEBUG=1 turns Django's debug page on for a developer's own
machine.
"""

import os

from .base import *  # noqa: F403
from .base import VAR_DIR

DEBUG = os.environ.get("AQB_DEBUG", "") == "1"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
VAR_DIR.mkdir(parents=True, exist_ok=True)
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
# The demo: the second factor is off for the demo logins unless AQB_2FA=an (the login page
# says so). Production (settings.production) always requires it for the state's staff.
AQB_2FA_REQUIRED = os.environ.get("AQB_2FA", "aus").lower() in ("an", "on", "1", "true")
# Without a mail server configured, e-mails of the demo are printed to the console.
if "AQB_EMAIL_HOST" not in os.environ:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
