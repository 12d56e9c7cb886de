import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aqb.settings.production")
application = get_wsgi_application()

# Import the URL patterns (and with them every view module) now, not on the first request:
# under `gunicorn --preload` this happens once in the master and every forked worker starts
# warm (measured by `make loadtest`: about 1.5 s of imports per worker otherwise, paid by the
# first visitor of each worker). No database access happens here.
from django.urls import get_resolver  # noqa: E402

get_resolver().url_patterns  # noqa: B018
