"""/healthz for load balancers and monitoring: states only, no data (PUBLIC)."""

from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from aqb.accounts.policy import PUBLIC, access

from .health import health


@access(PUBLIC)
@never_cache
def healthz(request):
    ok, report = health()
    response = JsonResponse(report, status=200 if ok else 503)
    # a 503 here reports a state to the monitor; Django would log each probe as an error
    response._has_been_logged = True
    return response
