"""Settings of the public-pages benchmark (bench/public_pages.py), never used in production.

The application's own settings (aqb.settings.base, as in production: DEBUG off, WhiteNoise
without autorefresh, the local-memory cache of each worker) with the database from
AQB_DATABASE_URL (the benchmark's throwaway database) and bench/bench_urls.py as URL
configuration, which adds the bare view `bench/bare/` to the application's URLs.
"""

import warnings

from aqb.settings.base import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
ROOT_URLCONF = "bench.bench_urls"
WHITENOISE_AUTOREFRESH = False
AQB_2FA_REQUIRED = False
# the benchmark sends thousands of requests from one address within a minute
AQB_PUBLIC_API_RATE = 0
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# quiet: no log line per request
LOGGING = {"version": 1, "disable_existing_loggers": False,
           "handlers": {"console": {"class": "logging.StreamHandler"}},
           "root": {"handlers": ["console"], "level": "ERROR"}}
# static files are not part of the measurement (none collected for the throwaway run)
warnings.filterwarnings("ignore", message="No directory at")
