from django.core.paginator import Paginator
from django.shortcuts import render

from aqb.accounts.policy import STATE, access

from .models import AuditEntry


@access(STATE)
def log(request):
    page = Paginator(AuditEntry.objects.select_related("actor").order_by("-seq"), 50).get_page(
        request.GET.get("seite"))
    return render(request, "audit/log.html", {"page": page})
