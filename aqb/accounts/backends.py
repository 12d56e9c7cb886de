"""Login with throttling: after repeated failures for a user name the login is refused."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from .models import LoginFailure


def _window_start():
    return timezone.now() - timedelta(seconds=settings.AQB_LOGIN_WINDOW_SECONDS)


def login_is_throttled(username: str) -> bool:
    key = (username or "").strip().lower()
    recent = LoginFailure.objects.filter(username=key, at__gte=_window_start()).count()
    return recent >= settings.AQB_LOGIN_MAX_FAILURES


def login_failure_record(*, username: str, ip: str | None) -> None:
    LoginFailure.objects.create(username=(username or "").strip().lower()[:150], ip=ip,
                                at=timezone.now())


def login_failures_clear(*, username: str) -> None:
    LoginFailure.objects.filter(username=(username or "").strip().lower()).delete()


def client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") if request is not None else None


class ThrottledModelBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username and login_is_throttled(username):
            # PermissionDenied stops Django from trying other backends.
            raise PermissionDenied("throttled")
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None:
            if username:
                login_failure_record(username=username, ip=client_ip(request))
        else:
            login_failures_clear(username=username)
        return user
