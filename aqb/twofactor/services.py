"""Two-factor login: set up a TOTP app, verify a code, backup codes, reset by the ministry.

Devices are django-otp's: a `TOTPDevice` (an authenticator app, RFC 6238, 30 s, 6 digits) and
a `StaticDevice` holding ten one-time backup codes. Setting up, renewing codes, switching off
and the ministry's reset are audited on the user's account; codes themselves never are.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django_otp import devices_for_user
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from aqb.accounts import policy
from aqb.audit.services import audit_record

APP_NAME = "Authenticator-App"
CODES_NAME = "Notfallcodes"
CODE_COUNT = 10


def two_factor_required(user) -> bool:
    """Mandatory for the state's staff (ministry, authority) where the setting says so."""
    return bool(getattr(settings, "AQB_2FA_REQUIRED", True)) and policy.is_staff_of_state(user)


def two_factor_active(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def backup_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def totp_new_key() -> str:
    """A fresh secret (hex) for an app not yet confirmed; kept in the session, not stored."""
    return random_hex(20)


def totp_unsaved(*, user, key: str) -> TOTPDevice:
    """The app device as it will be stored (for its QR code and key); not saved."""
    return TOTPDevice(user=user, name=APP_NAME, key=key, confirmed=True)


def _clean(code: str) -> str:
    return "".join((code or "").split()).replace("-", "").lower()


def _new_codes(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=CODES_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return codes


@transaction.atomic
def totp_confirm(*, actor, key: str, code: str) -> list[str]:
    """Store the app with its first code; returns the new backup codes (shown once).

    Nothing is stored before the code proves that the app holds the key.
    """
    device = totp_unsaved(user=actor, key=key)
    code = _clean(code)
    if not (code.isdigit() and TOTP(device.bin_key, step=device.step, t0=device.t0,
                                     digits=device.digits).verify(int(code), tolerance=1)):
        raise ValidationError({"code": "Der Code stimmt nicht. Bitte den aktuellen sechsstelligen "
                                       "Code aus der App eingeben (er wechselt alle 30 Sekunden)."})
    _remove_devices(actor)
    device.save()
    device.verify_token(code)  # notes the code as used: it cannot serve a second login
    codes = _new_codes(actor)
    audit_record(actor=actor, action="Zwei-Faktor-Anmeldung eingerichtet", obj=actor,
                 summary="Zwei-Faktor-Anmeldung mit Authenticator-App eingerichtet, "
                         f"{CODE_COUNT} Notfallcodes erzeugt",
                 changes={"Zwei-Faktor-Anmeldung": ["aus", "an"]})
    return codes


def two_factor_verify(*, user, code: str):
    """The device that accepts `code` (app code or backup code), or None.

    django-otp throttles failures per device (growing delays), inside a transaction.
    """
    code = _clean(code)
    if not code:
        return None
    with transaction.atomic():
        for device in devices_for_user(user, confirmed=True, for_verify=True):
            if device.verify_is_allowed()[0] and device.verify_token(code):
                return device
    return None


def two_factor_throttled(user) -> bool:
    return any(not d.verify_is_allowed()[0] for d in devices_for_user(user, confirmed=True))


@transaction.atomic
def backup_codes_renew(*, actor) -> list[str]:
    if not two_factor_active(actor):
        raise ValidationError("Erst die Zwei-Faktor-Anmeldung einrichten.")
    codes = _new_codes(actor)
    audit_record(actor=actor, action="Notfallcodes erneuert", obj=actor,
                 summary=f"{CODE_COUNT} neue Notfallcodes erzeugt; die alten gelten nicht mehr")
    return codes


@transaction.atomic
def two_factor_disable(*, actor) -> None:
    """A user switches it off for themselves, where it is not mandatory."""
    if two_factor_required(actor):
        raise ValidationError("Für Ihre Rolle ist die Zwei-Faktor-Anmeldung vorgeschrieben.")
    _remove_devices(actor)
    audit_record(actor=actor, action="Zwei-Faktor-Anmeldung ausgeschaltet", obj=actor,
                 summary="Zwei-Faktor-Anmeldung selbst ausgeschaltet",
                 changes={"Zwei-Faktor-Anmeldung": ["an", "aus"]})


@transaction.atomic
def two_factor_reset(*, actor, user) -> None:
    """The ministry removes a user's devices (lost phone); the user sets it up anew."""
    if not policy.is_ministry(actor):
        raise PermissionDenied
    if actor.pk == user.pk:
        raise ValidationError("Die eigene Zwei-Faktor-Anmeldung setzt eine andere Person des "
                              "Ministeriums zurück.")
    _remove_devices(user)
    audit_record(actor=actor, action="Zwei-Faktor-Anmeldung zurückgesetzt", obj=user,
                 summary="Zwei-Faktor-Anmeldung durch das Ministerium zurückgesetzt; bei der "
                         "nächsten Anmeldung neu einzurichten",
                 changes={"Zwei-Faktor-Anmeldung": ["an", "zurückgesetzt"]})


def _remove_devices(user) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
