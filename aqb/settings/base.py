"""Settings shared by every environment. Values that differ come from the environment.

Environment variables (all optional in development):
- AQB_DATABASE_URL: sqlite:///var/aqb.sqlite3 (default) or postgres://user:pass@host:5432/name
- AQB_SECRET_KEY, AQB_ALLOWED_HOSTS (comma separated), AQB_CSRF_TRUSTED_ORIGINS
- AQB_GEOJSON: path to a GeoJSON file with district boundaries (5-digit key per feature)
- AQB_AUDIT_KEY: key of the audit chain's HMAC (required in production, see docs/decisions.md)
- AQB_PSEUDONYM_KEY: key of the participants' pseudonyms (HMAC, required in production, see
  docs/monitoring.md)
- AQB_TRUSTED_PROXIES: number of reverse proxies whose X-Forwarded-For is trusted (default 0)
- AQB_PUBLIC_API_RATE: requests per minute and client the public API answers (default 120,
  0 = no limit)
- AQB_WORKER_MAX_AGE: seconds after which /healthz calls the worker's heartbeat stale (180)
- AQB_BASE_URL: the address users reach the application at (links in e-mails and calendars)
- AQB_EMAIL_HOST, AQB_EMAIL_PORT, AQB_EMAIL_USER, AQB_EMAIL_PASSWORD, AQB_EMAIL_TLS (STARTTLS,
  1/0), AQB_EMAIL_SSL (implicit TLS, 1/0), AQB_EMAIL_FROM: outgoing mail (SMTP)
- AQB_PUBLIC_BASE_URL: the public address of the open data (https://host, no trailing slash)
  that the DCAT catalogue writes into its URIs; empty: taken from each request
- AQB_OPENDATA_CONTACT_EMAIL: functional mailbox named as contact point in the catalogue
  (default: the address of AQB_EMAIL_FROM)
- AQB_MEDIA_ROOT: directory of stored files when they stay on the local file system
- AQB_STORAGE_URL: s3://bucket[/prefix]?endpoint_url=…&region=… for S3-compatible object
  storage (empty: AQB_MEDIA_ROOT); AQB_STORAGE_ACCESS_KEY, AQB_STORAGE_SECRET_KEY its
  credentials (aqb/settings/storage.py)
- AQB_DCAT_CONTRIBUTOR_ID: the dcatde:contributorID GovData assigned
  (http://dcat-ap.de/def/contributors/…), docs/opendata.md
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

from .storage import storage_from_url

BASE_DIR = Path(__file__).resolve().parent.parent
PROJECT_DIR = BASE_DIR.parent
VAR_DIR = Path(os.environ.get("AQB_VAR_DIR", PROJECT_DIR / "var"))

AQB_PRODUCTION = False
SECRET_KEY = os.environ.get("AQB_SECRET_KEY", "dev-only-insecure-key-do-not-use-in-production")
DEBUG = False
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("AQB_ALLOWED_HOSTS", "").split(",") if h.strip()]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "csp",
    "ninja",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks",
    "django_tasks_db",
    # bottom layer first; imports only point down (see docs/architecture.md)
    "aqb.german",
    "aqb.audit",
    "aqb.ui",
    "aqb.accounts",
    "aqb.regions",
    "aqb.jobs",
    "aqb.notifications",
    "aqb.twofactor",
    "aqb.budgets",
    "aqb.projects",
    "aqb.agreements",
    "aqb.funding",
    "aqb.monitoring",
    "aqb.steering",
    "aqb.surveys",
    "aqb.conferences",
    "aqb.opendata",
    "aqb.portal",
    "aqb.api",
    "aqb.ops",
    "aqb.demo",
]

MIDDLEWARE = [
    "aqb.ops.logs.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "aqb.ui.security.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "aqb.accounts.middleware.SessionLimitMiddleware",
    "aqb.twofactor.middleware.TwoFactorGate",
    "aqb.accounts.middleware.PasswordChangeGate",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "aqb.urls"
WSGI_APPLICATION = "aqb.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "aqb.portal.context.navigation",
                "aqb.notifications.context.unread",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("AQB_DATABASE_URL", f"sqlite:///{VAR_DIR / 'aqb.sqlite3'}"),
        conn_max_age=60,
        # a kept connection is checked at the start of a request: after a database restart
        # the first request gets a fresh one instead of an error (docs/reliability.md)
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["aqb.accounts.backends.ThrottledModelBackend"]
PASSWORD_HASHERS = [
    "aqb.accounts.hashers.OwaspArgon2PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
CSRF_FAILURE_VIEW = "aqb.ui.errors.csrf_failure"
# Second factor (TOTP app + backup codes): mandatory for ministry and authority staff unless a
# development setting switches it off (see docs/decisions.md); optional for everyone else.
AQB_2FA_REQUIRED = True
OTP_TOTP_ISSUER = "AQB Hessen"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
# Login throttling (aqb/accounts/backends.py, docs/decisions.md): within the window, refuse one
# address for one account after MAX_FAILURES, one address for every name after
# MAX_FAILURES_PER_ADDRESS, and an account from everywhere once ATTACK_ADDRESSES addresses
# failed on it.
AQB_LOGIN_MAX_FAILURES = 5
AQB_LOGIN_MAX_FAILURES_PER_ADDRESS = 20
AQB_LOGIN_ATTACK_ADDRESSES = 10
AQB_LOGIN_WINDOW_SECONDS = 15 * 60
# API tokens: one address is refused token use (429) after this many bearer tokens that match
# no valid token within the same window (docs/security.md).
AQB_TOKEN_MAX_FAILURES_PER_ADDRESS = 20
# Number of reverse proxies in front of the application whose X-Forwarded-For is trusted for
# the client address (0: use REMOTE_ADDR; 1: one proxy such as nginx sets the header).
AQB_TRUSTED_PROXIES = int(os.environ.get("AQB_TRUSTED_PROXIES", "0"))
# The public read API (/api/v1/public/, docs/api.md): at most this many requests per minute and
# client address, counted in the database across all workers; 0 switches the limit off.
AQB_PUBLIC_API_RATE = int(os.environ.get("AQB_PUBLIC_API_RATE", "120"))
# Sessions end when the browser closes; those of state staff (ministry, authority) also after
# a working day, counted from login, and after AQB_STATE_SESSION_IDLE_SECONDS without a request
# (aqb.accounts.middleware.SessionLimitMiddleware; docs/decisions.md, "Security headers and
# sessions").
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_AGE = 12 * 60 * 60
AQB_STATE_SESSION_SECONDS = 10 * 60 * 60
AQB_STATE_SESSION_IDLE_SECONDS = int(os.environ.get("AQB_SESSION_IDLE_MINUTES", "30")) * 60

# Content Security Policy (django-csp): only the application's own files, no inline script or
# style, no eval, no plugins, no framing, forms post only here. data: images are allowed
# because the vendored KERN stylesheet draws its 94 icons as data:image/svg+xml URLs (an
# image cannot run script). See docs/decisions.md, "Security headers and sessions".
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
# Browser features the application never uses, switched off for every response
# (aqb.ui.security.PermissionsPolicyMiddleware).
AQB_PERMISSIONS_POLICY = {
    "accelerometer": "()", "autoplay": "()", "camera": "()", "display-capture": "()",
    "encrypted-media": "()", "fullscreen": "()", "geolocation": "()", "gyroscope": "()",
    "magnetometer": "()", "microphone": "()", "midi": "()", "payment": "()",
    "picture-in-picture": "()", "publickey-credentials-get": "()", "screen-wake-lock": "()",
    "serial": "()", "usb": "()", "xr-spatial-tracking": "()",
}

LANGUAGE_CODE = "de"
LANGUAGES = [("de", "Deutsch")]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_ROOT = Path(os.environ.get("AQB_MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"
# Uploads (docs/reliability.md, "Hostile input"): form fields and JSON bodies up to 2.5 MB in
# memory, files above 2.5 MB go to a temporary file as they arrive (never whole into memory),
# at most 10 files a request; the size of each file is limited per kind in aqb.ui.uploads
# before any reader sees it (participant lists 200 MB, everything else 20 MB).
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FILES = 10
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
# Stored files (signed agreements, scans, documents, job results, uploads between two steps)
# go through Django's storage API only: the local file system under AQB_MEDIA_ROOT, or
# S3-compatible object storage from AQB_STORAGE_URL (aqb/settings/storage.py,
# docs/operations.md "Object storage").
STORAGES = {
    "default": storage_from_url(os.environ.get("AQB_STORAGE_URL", ""),
                                access_key=os.environ.get("AQB_STORAGE_ACCESS_KEY", ""),
                                secret_key=os.environ.get("AQB_STORAGE_SECRET_KEY", "")),
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Files served at the site root by WhiteNoise (favicon.ico, which browsers ask for there).
WHITENOISE_ROOT = BASE_DIR / "ui" / "root"

AQB_GEOJSON = os.environ.get("AQB_GEOJSON", "")
# The audit chain's HMAC key lives outside the database. Development and tests use this fixed
# key; production refuses to start without its own (settings/production.py).
AQB_AUDIT_KEY = os.environ.get("AQB_AUDIT_KEY", "dev-only-audit-key-do-not-use-in-production")
AQB_PSEUDONYM_KEY = os.environ.get("AQB_PSEUDONYM_KEY",
                                   "dev-only-pseudonym-key-do-not-use-in-production")

# Background jobs (django-tasks, database backend; docs/jobs.md). `aqb worker` runs them and,
# once a minute, enqueues the periodic tasks below that are due.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}
# Periodic tasks: (dotted path of a @task without arguments, cadence). Cadences:
# "every N minutes", "hourly", "daily HH:MM" (Europe/Berlin). One line per task is enough.
AQB_SCHEDULE = [
    ("aqb.jobs.tasks.housekeeping", "daily 03:30"),
    ("aqb.notifications.tasks.reminders_send", "daily 06:00"),
    ("aqb.notifications.tasks.digests_send", "daily 06:30"),
    # e-mails left queued while the mail server was down
    ("aqb.notifications.tasks.emails_retry", "every 10 minutes"),
    ("aqb.monitoring.tasks.retention", "daily 04:00"),
]
AQB_JOBS_KEEP_DAYS = 7
# The worker's heartbeat and schedule tick (seconds); a task whose worker has not beaten for
# the lease is taken as orphaned (worker killed) and run again, at most MAX_ATTEMPTS claims.
AQB_WORKER_TICK_SECONDS = float(os.environ.get("AQB_WORKER_TICK_SECONDS", "60"))
AQB_JOBS_LEASE_SECONDS = float(os.environ.get("AQB_JOBS_LEASE_SECONDS", "300"))
AQB_JOBS_MAX_ATTEMPTS = int(os.environ.get("AQB_JOBS_MAX_ATTEMPTS", "3"))
# /healthz answers 503 when the newest heartbeat of a worker is older than this.
AQB_WORKER_MAX_AGE = int(os.environ.get("AQB_WORKER_MAX_AGE", "180"))
# Outgoing e-mail (notifications): Django's SMTP backend, configured from the environment.
AQB_BASE_URL = os.environ.get("AQB_BASE_URL", "http://127.0.0.1:8000")
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = os.environ.get("AQB_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("AQB_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("AQB_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("AQB_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("AQB_EMAIL_TLS", "0").lower() in ("1", "true", "ja", "yes")
EMAIL_USE_SSL = os.environ.get("AQB_EMAIL_SSL", "0").lower() in ("1", "true", "ja", "yes")
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = os.environ.get("AQB_EMAIL_FROM", "AQB Hessen <aqb@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# The DCAT-AP.de catalogue of the open data (docs/opendata.md). Without a public base
# URL the catalogue's URIs are made from the request (set it in production: one fixed host).
AQB_PUBLIC_BASE_URL = os.environ.get("AQB_PUBLIC_BASE_URL", "").strip().rstrip("/") or None
AQB_OPENDATA_CONTACT_EMAIL = os.environ.get("AQB_OPENDATA_CONTACT_EMAIL", "").strip()
AQB_DCAT_CONTRIBUTOR_ID = os.environ.get(
    "AQB_DCAT_CONTRIBUTOR_ID", "http://dcat-ap.de/def/contributors/landHessen").strip()

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    # 403/404 are expected answers here, not incidents worth a traceback.
    "loggers": {"django.request": {"handlers": ["console"], "level": "ERROR",
                                   "propagate": False},
                # The end of the audit chain after each change: keep this log (or ship it
                # elsewhere) to prove later that no entries were cut off.
                "aqb.audit": {"handlers": ["console"], "level": "INFO", "propagate": False}},
}
