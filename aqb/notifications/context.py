"""The number of unread notifications, shown in the page header."""

from django.urls import reverse

from . import selectors


def unread(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"notifications_unread": selectors.unread_count(user=user),
            "notifications_url": reverse("notifications:inbox")}
