"""Mein Konto → API-Zugänge: a user's own API tokens (create, see, revoke)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from aqb.accounts.policy import LOGIN, PUBLIC, access
from aqb.ui.forms import apply_service_errors

from .forms import TokenForm
from .models import ApiToken
from .services import token_create, token_list, token_revoke


@access(LOGIN)
def tokens(request):
    new_token = None
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            token, new_token = token_create(actor=request.user, user=request.user,
                                            name=form.cleaned_data["name"],
                                            days=form.cleaned_data["days"])
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            form = TokenForm()
    status = 400 if form.errors else 200
    return render(request, "api/tokens.html", {
        "form": form, "tokens": token_list(user=request.user), "new_token": new_token,
    }, status=status)


@access(LOGIN)
@require_POST
def token_revoke_view(request, pk: int):
    # The lookup is the check: only the user's own tokens are found.
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    try:
        token_revoke(actor=request.user, token=token)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Das Token „{token.name}“ ist widerrufen und gilt nicht mehr.")
    return redirect("api_tokens")


@access(PUBLIC)
def api_root(request):
    """Where the API describes itself (no data)."""
    return JsonResponse({"title": "AQB-Schnittstelle", "version": "1",
                         "openapi": reverse("api:openapi-json"),
                         "docs": reverse("api:openapi-view")})
