"""Mein Konto → API-Zugänge: a user's own API tokens (create, see, revoke)."""

from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from aqb.accounts.policy import LOGIN, PUBLIC, access
from aqb.ui.forms import apply_service_errors, confirm_page

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
        "revoke_title": REVOKE_TITLE, "revoke_question": REVOKE_QUESTION,
    }, status=status)


REVOKE_TITLE = "Token widerrufen?"
REVOKE_QUESTION = ("Programme, die dieses Token verwenden, erhalten danach keinen Zugriff mehr. "
                   "Ein widerrufenes Token lässt sich nicht wieder gültig machen; bei Bedarf "
                   "legen Sie ein neues an.")


@access(LOGIN)
def token_revoke_view(request, pk: int):
    """GET asks (the page behind the button without JavaScript), POST revokes."""
    # The lookup is the check: only the user's own tokens are found.
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    return confirm_page(
        request, template="confirm.html",
        context={"title": REVOKE_TITLE, "question": REVOKE_QUESTION,
                 "confirm_label": "Widerrufen", "subject": f"Token „{token.name}“",
                 "cancel_url": reverse("api_tokens")},
        act=lambda: token_revoke(actor=request.user, token=token),
        success=f"Das Token „{token.name}“ ist widerrufen und gilt nicht mehr.",
        target="api_tokens")


@access(PUBLIC)
def api_root(request):
    """Where the API describes itself (no data)."""
    return JsonResponse({"title": "AQB-Schnittstelle", "version": "1",
                         "openapi": reverse("api:openapi-json"),
                         "docs": reverse("api:openapi-view")})
