"""The application's URLs plus one page whose database is gone (for the 503 page in Chromium)."""

from django.db import OperationalError
from django.urls import path

from aqb.urls import handler400, handler403, handler404, handler500, urlpatterns  # noqa: F401


def _database_gone(request):
    raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")


urlpatterns = [path("__datenbank-weg__/", _database_gone), *urlpatterns]
