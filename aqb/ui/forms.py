"""Form pages: show a form, hand a valid one to a service, carry its errors back."""

import logging
from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse

log = logging.getLogger("aqb.ui")

STORAGE_FAILED = ("Die Datei konnte nicht gespeichert werden: Der Dateispeicher nimmt gerade "
                  "nichts an (zum Beispiel weil er voll ist). Es wurde nichts gespeichert. "
                  "Bitte versuchen Sie es später erneut; bleibt der Fehler, wenden Sie sich "
                  "an den Betrieb.")


def storage_failed(request, form, exc: OSError) -> int:
    """A file store that failed while a service saved (full disk, I/O error, object storage
    gone): logged for the operators, a German error on the form for the user. The service's
    transaction was rolled back and the store keeps no half file (aqb.ui.storage); the status
    to answer with (503: the fault is the server's, and it passes)."""
    log.error("Dateispeicher bei %s %s fehlgeschlagen: %s", request.method, request.path, exc)
    if STORAGE_FAILED not in form.non_field_errors():
        form.add_error(None, STORAGE_FAILED)
    return 503


def apply_service_errors(form, exc: ValidationError) -> None:
    """Carry a service's ValidationError back into a form, field by field."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            target = field if field in form.fields else None
            for message in errors:
                form.add_error(target, message)
    else:
        for message in exc.messages:
            form.add_error(None, message)


def _url(target: str) -> str:
    """A path, or a URL name reversed; a wrong name is a programming error and fails loudly
    (NoReverseMatch) instead of sending the user somewhere else."""
    if target.startswith("/"):
        return target
    return reverse(target)


def form_page(request, *, form, title: str, save: Callable, success: str, target: str,
              cancel: str | None = None, template: str = "form_page.html",
              context: dict | None = None):
    """GET shows the form; a valid POST calls `save(form)` (a service: one transaction, so
    nothing is half-saved), then redirects to `target` with `success`. An invalid form or a
    refusal of the service shows the form again with the errors at their fields (400)."""
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        try:
            save(form)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        except OSError as exc:
            status = storage_failed(request, form, exc)
        else:
            messages.success(request, success)
            return redirect(_url(target))
    return render(request, template, {
        "form": form, "title": title, "cancel_url": _url(cancel or target), **(context or {}),
    }, status=status)


def confirm_page(request, *, template: str, context: dict, act: Callable[[], object],
                 success: str, target: str):
    """GET shows what will happen; POST (the confirmation) calls `act()` (a service). A refusal
    is shown on the page as `error` (400); success redirects to `target` with `success`."""
    error = None
    if request.method == "POST":
        try:
            act()
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, success)
            return redirect(_url(target))
    return render(request, template, {**context, "error": error},
                  status=400 if error else 200)
