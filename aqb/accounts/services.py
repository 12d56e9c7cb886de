"""Changes of user accounts, memberships and providers (Träger).

Only the ministry may make them (and the system itself, for the first account in production,
see `aqb user_add`). Each change is one transaction and writes one audit entry with before and
after. Users are never deleted, only deactivated: the audit trail keeps them as actors.
Passwords never reach the audit trail, not even as hash: the entry says "Passwort neu gesetzt".

Audit entries of users use German keys ("Vorname", "Mitgliedschaften"), so the history on the
user's page reads without translation.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from aqb.audit.services import audit_record, diff

from . import policy
from .models import Membership, Provider, Role, User

SYSTEM = policy.SYSTEM  # the actor for changes made from the command line

USER_FIELDS = ("first_name", "last_name", "email")
USER_LABELS = {"username": "Benutzername", "first_name": "Vorname", "last_name": "Nachname",
               "email": "E-Mail", "is_active": "Aktiv"}
ROLE_LABELS = dict(Role.choices)
MUST_CHANGE_LABEL = "Passwort bei der nächsten Anmeldung ändern"


MANAGE = "Benutzerkonten und Träger verwalten"


def _is_self(actor, user: User) -> bool:
    return getattr(actor, "pk", None) is not None and actor.pk == user.pk


# --- memberships -----------------------------------------------------------------------------

@dataclass(frozen=True)
class MembershipSpec:
    role: str
    region: Any = None      # regions.Region for role region, else None
    provider: Provider | None = None  # for role provider, else None


def membership_errors(*, role: str | None, region=None, provider=None) -> dict[str, str]:
    """German messages per field for a membership that does not fit its role; {} if fine."""
    errors: dict[str, str] = {}
    if role not in Role.values:
        errors["role"] = "Bitte wählen Sie eine Rolle."
        return errors
    if role == Role.REGION and region is None:
        errors["region"] = ("Für die Rolle Gebietskörperschaft ist eine Gebietskörperschaft "
                            "anzugeben.")
    if role != Role.REGION and region is not None:
        errors["region"] = ("Eine Gebietskörperschaft wird nur bei der Rolle "
                            "Gebietskörperschaft angegeben.")
    if role == Role.PROVIDER and provider is None:
        errors["provider"] = "Für die Rolle Träger ist ein Träger anzugeben."
    if role != Role.PROVIDER and provider is not None:
        errors["provider"] = "Ein Träger wird nur bei der Rolle Träger angegeben."
    return errors


def membership_label(m: Membership | MembershipSpec) -> str:
    """"Gebietskörperschaft: Stadt Kassel", "Ministerium"."""
    label = ROLE_LABELS.get(m.role, m.role)
    scope = m.region if m.role == Role.REGION else m.provider if m.role == Role.PROVIDER else None
    return f"{label}: {scope}" if scope is not None else str(label)


def _memberships_text(user: User) -> str:
    labels = sorted(membership_label(m) for m in
                    user.memberships.select_related("region", "provider"))
    return "; ".join(labels) or "keine"


def _check_memberships(specs: list[MembershipSpec]) -> None:
    if not specs:
        raise ValidationError({"role": "Bitte geben Sie mindestens eine Mitgliedschaft an."})
    seen = set()
    for n, spec in enumerate(specs, start=1):
        errors = membership_errors(role=spec.role, region=spec.region, provider=spec.provider)
        if errors:
            prefix = f"Mitgliedschaft {n}: " if len(specs) > 1 else ""
            raise ValidationError({k: prefix + v for k, v in errors.items()})
        key = (spec.role, getattr(spec.region, "pk", None), getattr(spec.provider, "pk", None))
        if key in seen:
            raise ValidationError({"role": f"Mitgliedschaft {n} ist doppelt angegeben."})
        seen.add(key)


# --- users -----------------------------------------------------------------------------------

def _check_username(username: str, *, exclude_pk: int | None = None) -> None:
    if not username:
        raise ValidationError({"username": "Bitte geben Sie einen Benutzernamen an."})
    taken = User.objects.filter(username__iexact=username)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise ValidationError({"username": f"Der Benutzername „{username}“ ist bereits vergeben."})


def _check_password(password: str, user: User) -> None:
    if not password:
        raise ValidationError({"password": "Bitte geben Sie ein Passwort an."})
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from exc


def _user_snapshot(user: User) -> dict[str, Any]:
    return {USER_LABELS[f]: getattr(user, f) for f in USER_FIELDS}


@transaction.atomic
def user_create(*, actor, username: str, password: str, memberships: list[MembershipSpec],
                first_name: str = "", last_name: str = "", email: str = "",
                check_password: bool = True, must_change_password: bool = True) -> User:
    """A new, active account with its initial password and at least one membership.

    Someone else chose that password (the ministry, or the operator with `aqb user_add`), so
    by default its holder must change it at the first login (`must_change_password`;
    middleware.PasswordChangeGate). `check_password=False` and `must_change_password=False`
    are for the demo accounts only (password "demo"): only the system may pass the first,
    never in production.
    """
    policy.require_ministry(actor, MANAGE)
    if not check_password and (actor is not SYSTEM or settings.AQB_PRODUCTION):
        raise PermissionDenied("Nur die Demodaten dürfen ein schwaches Passwort setzen.")
    username = (username or "").strip()
    _check_username(username)
    user = User(username=username, first_name=(first_name or "").strip(),
                last_name=(last_name or "").strip(), email=(email or "").strip(),
                is_active=True, must_change_password=must_change_password)
    user.set_unusable_password()  # full_clean needs a value; the real one is set below
    user.full_clean(validate_unique=False)
    if check_password:
        _check_password(password, user)
    _check_memberships(memberships)
    user.set_password(password)
    user.save()
    for spec in memberships:
        Membership.objects.create(user=user, role=spec.role, region=spec.region,
                                  provider=spec.provider)
    after = {USER_LABELS["username"]: user.username, **_user_snapshot(user),
             "Mitgliedschaften": _memberships_text(user),
             MUST_CHANGE_LABEL: "ja" if must_change_password else "nein"}
    audit_record(actor=actor, action="user.create", obj=user, changes=diff({}, after),
                 summary="Benutzerkonto angelegt (mit Anfangspasswort)")
    return user


@transaction.atomic
def user_update(*, actor, user: User, **fields: Any) -> User:
    """Names and e-mail. The user name stays (it is how people and the trail know the account)."""
    policy.require_ministry(actor, MANAGE)
    unknown = set(fields) - set(USER_FIELDS)
    if unknown:
        raise ValidationError({k: "Dieses Feld kann nicht geändert werden." for k in unknown})
    user = User.objects.select_for_update().get(pk=user.pk)
    before = _user_snapshot(user)
    for k, v in fields.items():
        setattr(user, k, (v or "").strip())
    user.full_clean(exclude=["password"], validate_unique=False)
    changes = diff(before, _user_snapshot(user))
    if changes:
        user.save(update_fields=list(fields))
        audit_record(actor=actor, action="user.update", obj=user, changes=changes,
                     summary="Angaben zur Person geändert")
    return user


@transaction.atomic
def user_set_active(*, actor, user: User, active: bool) -> User:
    """Deactivate (the account can no longer log in; it stays in the audit trail) or reactivate."""
    policy.require_ministry(actor, MANAGE)
    user = User.objects.select_for_update().get(pk=user.pk)
    if not active and _is_self(actor, user):
        raise ValidationError("Sie können Ihr eigenes Benutzerkonto nicht deaktivieren.")
    if user.is_active == active:
        return user
    user.is_active = active
    user.save(update_fields=["is_active"])
    audit_record(actor=actor, action="user.activate" if active else "user.deactivate", obj=user,
                 changes={"Aktiv": {"before": "nein" if active else "ja",
                                    "after": "ja" if active else "nein"}},
                 summary="Benutzerkonto reaktiviert" if active else "Benutzerkonto deaktiviert")
    return user


@transaction.atomic
def user_set_password(*, actor, user: User, password: str) -> User:
    """A new password chosen by the ministry. The audit entry never holds the password or hash.

    For another person's account the ministry knows the new password, so its holder must
    change it at the next login; the ministry's own account does not (it chose it itself)."""
    policy.require_ministry(actor, MANAGE)
    user = User.objects.select_for_update().get(pk=user.pk)
    _check_password(password, user)
    user.set_password(password)
    before = user.must_change_password
    user.must_change_password = not _is_self(actor, user)
    user.save(update_fields=["password", "must_change_password"])
    changes = {}
    if before != user.must_change_password:
        changes[MUST_CHANGE_LABEL] = {"before": "ja" if before else "nein",
                                      "after": "ja" if user.must_change_password else "nein"}
    audit_record(actor=actor, action="user.password", obj=user, changes=changes,
                 summary="Passwort neu gesetzt (bei der nächsten Anmeldung zu ändern)"
                 if user.must_change_password else "Passwort neu gesetzt")
    return user


@transaction.atomic
def user_change_own_password(*, user: User, old_password: str, password: str) -> User:
    """The holder chooses their own password (required after `user_add` or a reset by the
    ministry, possible any time). Checks the current password and Django's validators; clears
    `must_change_password`; audited with the holder as actor, never with the password."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if not user.is_active:
        raise PermissionDenied("Dieses Benutzerkonto ist gesperrt.")
    if not user.check_password(old_password or ""):
        raise ValidationError({"old_password": "Das bisherige Passwort stimmt nicht."})
    if password and password == old_password:
        raise ValidationError({"password": "Das neue Passwort muss sich vom bisherigen "
                                           "unterscheiden."})
    _check_password(password, user)
    user.set_password(password)
    before = user.must_change_password
    user.must_change_password = False
    user.save(update_fields=["password", "must_change_password"])
    changes = ({MUST_CHANGE_LABEL: {"before": "ja", "after": "nein"}} if before else {})
    audit_record(actor=user, action="user.password_change", obj=user, changes=changes,
                 summary="Passwort selbst geändert")
    return user


@transaction.atomic
def membership_add(*, actor, user: User, role: str, region=None,
                   provider: Provider | None = None) -> Membership:
    policy.require_ministry(actor, MANAGE)
    user = User.objects.select_for_update().get(pk=user.pk)
    errors = membership_errors(role=role, region=region, provider=provider)
    if errors:
        raise ValidationError(errors)
    if user.memberships.filter(role=role, region=region, provider=provider).exists():
        raise ValidationError({"role": "Diese Mitgliedschaft besteht bereits."})
    before = _memberships_text(user)
    membership = Membership.objects.create(user=user, role=role, region=region,
                                           provider=provider)
    audit_record(actor=actor, action="membership.add", obj=user,
                 changes={"Mitgliedschaften": {"before": before,
                                               "after": _memberships_text(user)}},
                 summary=f"Mitgliedschaft hinzugefügt: {membership_label(membership)}")
    return membership


@transaction.atomic
def membership_remove(*, actor, membership: Membership) -> None:
    """Remove a membership. Nobody removes their own last ministry membership (self-lockout)."""
    policy.require_ministry(actor, MANAGE)
    user = User.objects.select_for_update().get(pk=membership.user_id)
    membership = Membership.objects.select_related("region", "provider").get(
        pk=membership.pk, user=user)
    if membership.role == Role.MINISTRY and _is_self(actor, user) and \
            user.memberships.filter(role=Role.MINISTRY).count() == 1:
        raise ValidationError("Sie können Ihre eigene letzte Mitgliedschaft beim Ministerium "
                              "nicht entfernen: Sie hätten danach keinen Zugriff mehr auf die "
                              "Benutzerverwaltung.")
    before = _memberships_text(user)
    label = membership_label(membership)
    membership.delete()
    audit_record(actor=actor, action="membership.remove", obj=user,
                 changes={"Mitgliedschaften": {"before": before,
                                               "after": _memberships_text(user)}},
                 summary=f"Mitgliedschaft entfernt: {label}")


# --- providers -------------------------------------------------------------------------------

PROVIDER_FIELDS = ("name", "city")
PROVIDER_LABELS = {"name": "Name", "city": "Ort"}


@transaction.atomic
def provider_save(*, actor, provider: Provider | None = None, name: str,
                  city: str = "", is_demo: bool = False) -> Provider:
    """Create (provider=None) or change a provider's name and city; `is_demo` marks a new
    provider as demo data."""
    policy.require_ministry(actor, MANAGE)
    creating = provider is None
    row = Provider(is_demo=is_demo) if creating else \
        Provider.objects.select_for_update().get(pk=provider.pk)
    before = {} if creating else {PROVIDER_LABELS[f]: getattr(row, f) for f in PROVIDER_FIELDS}
    row.name = (name or "").strip()
    row.city = (city or "").strip()
    if Provider.objects.filter(name__iexact=row.name).exclude(pk=row.pk).exists():
        raise ValidationError({"name": f"Ein Träger „{row.name}“ ist bereits eingetragen."})
    row.full_clean(validate_unique=False)
    changes = diff(before, {PROVIDER_LABELS[f]: getattr(row, f) for f in PROVIDER_FIELDS})
    if creating or changes:
        row.save()
        audit_record(actor=actor, action="provider.create" if creating else "provider.update",
                     obj=row, changes=changes,
                     summary="Träger angelegt" if creating else "Träger geändert")
    return row
