"""Every change of notifications: addressing one (`notify`), reading, choices, calendar token,
and the daily work (`reminders_send`, `digest_send`, `email_send_due`).

Apps above address their users through `notify`; reminders are registered functions (see
`registry.py`). A notification always lands in the inbox; the user's choice for its kind
decides the e-mail: sofort, in the daily summary, or none.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import smtplib
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from aqb.audit.services import audit_record

from . import mail, registry
from .models import CalendarToken, Choice, Email, Notification, Preference

log = logging.getLogger(__name__)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def choice_of(user, kind: str) -> str:
    row = Preference.objects.filter(user=user, kind=kind).values_list("choice", flat=True).first()
    return row or registry.kind_get(kind).default


def notify(*, user, kind: str, title: str, body: str = "", url: str = "",
           key: str = "") -> Notification | None:
    """Put a notification into `user`'s inbox and plan its e-mail by the user's choice.

    With a `key` (kind, object and day of a reminder) the same notification reaches a user
    once: a second call returns None. An immediate e-mail goes out after the transaction
    commits (commands send what is due at their end, `email_send_due`).
    """
    if not user.is_active:
        return None
    if key and Notification.objects.filter(user=user, key=key).exists():
        return None
    choice = choice_of(user, kind)
    email = Email.NONE
    if user.email and choice == Choice.IMMEDIATE:
        email = Email.DUE
    elif user.email and choice == Choice.DIGEST:
        email = Email.DIGEST
    try:
        with transaction.atomic():
            n = Notification.objects.create(user=user, kind=kind, title=title[:300], body=body,
                                            url=url, key=key, email=email)
    except IntegrityError:  # the same reminder, addressed at the same moment elsewhere
        return None
    if email == Email.DUE:
        transaction.on_commit(lambda: email_send_due(ids=[n.pk]))
    return n


# Refusals of one message (its recipient, sender or content): the next message may go through.
_MESSAGE_REFUSED = (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused,
                    smtplib.SMTPDataError)


def _open_connection():
    """An open connection to the mail server, or None when it cannot be reached (down,
    refusing, timing out): then every e-mail stays queued for the next run."""
    connection = mail.connection()
    try:
        connection.open()
    except Exception as exc:
        log.warning("Mail-Server nicht erreichbar (%s); die E-Mails bleiben in der "
                    "Warteschlange für den nächsten Lauf", exc)
        return None
    return connection


def _close(connection) -> None:
    try:
        connection.close()
    except Exception:  # a connection that broke may fail to close: it is gone anyway
        pass


def email_send_due(*, ids: list[int] | None = None) -> int:
    """Send the immediate e-mails not yet sent (all, or those of `ids`); returns how many went
    out. Each one is claimed before it is sent, so two workers never send it twice; one that
    fails stays due and goes out on the next run (`emails_retry`, every 10 minutes). A mail
    server that cannot be reached ends the run at once, with everything still queued."""
    qs = Notification.objects.filter(email=Email.DUE).select_related("user")
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    if not qs.exists():
        return 0
    connection = _open_connection()
    if connection is None:
        return 0
    sent = 0
    try:
        for n in qs.order_by("pk"):
            if not Notification.objects.filter(pk=n.pk, email=Email.DUE).update(
                    email=Email.SENT, emailed_at=timezone.now()):
                continue
            try:
                connection.send_messages([mail.single(n)])
            except Exception as exc:
                log.exception("E-Mail der Benachrichtigung %s an %s nicht gesendet", n.pk,
                              n.user.email)
                Notification.objects.filter(pk=n.pk).update(email=Email.DUE, emailed_at=None)
                if isinstance(exc, _MESSAGE_REFUSED):
                    continue
                break  # the server went away: the rest stays queued
            sent += 1
    finally:
        _close(connection)
    return sent


def digest_send(*, created_before=None) -> int:
    """One e-mail per user with every notification waiting for the daily summary (only those
    created before `created_before`, if given); returns how many e-mails went out. A failed
    one leaves its notifications waiting: `emails_retry` sends them later the same day."""
    waiting = Notification.objects.filter(email=Email.DIGEST)
    if created_before is not None:
        waiting = waiting.filter(created_at__lt=created_before)
    user_ids = list(waiting.values_list("user_id", flat=True).distinct().order_by("user_id"))
    if not user_ids:
        return 0
    connection = _open_connection()
    if connection is None:
        return 0
    sent = 0
    try:
        for user_id in user_ids:
            items = list(waiting.filter(user_id=user_id).select_related("user")
                         .order_by("created_at", "pk"))
            ids = [n.pk for n in items]
            claimed = Notification.objects.filter(pk__in=ids, email=Email.DIGEST).update(
                email=Email.SENT, emailed_at=timezone.now())
            if claimed != len(ids):  # another worker is at it
                continue
            try:
                connection.send_messages([mail.digest(items[0].user, items)])
            except Exception as exc:
                log.exception("Tägliche Zusammenfassung an Benutzerkonto %s nicht gesendet",
                              user_id)
                Notification.objects.filter(pk__in=ids).update(email=Email.DIGEST,
                                                               emailed_at=None)
                if isinstance(exc, _MESSAGE_REFUSED):
                    continue
                break
            sent += 1
    finally:
        _close(connection)
    return sent


def emails_retry(*, now=None) -> dict[str, int]:
    """Send what a failed run left queued: immediate e-mails still due, and summaries whose
    daily slot has passed (notifications created before the last slot of `digests_send` in
    AQB_SCHEDULE that are still waiting). Run every 10 minutes by the worker's schedule."""
    from aqb.jobs import schedule

    now = now or timezone.now()
    result = {"immediate": email_send_due(), "digests": 0}
    for entry in schedule.entries():
        if entry.task_path == "aqb.notifications.tasks.digests_send":
            result["digests"] = digest_send(created_before=entry.last_slot(now))
    return result


def reminders_send(*, day: date | None = None) -> dict[str, int]:
    """Run every registered reminder for `day` (today in Europe/Berlin by default), then send
    the immediate e-mails. Idempotent: a second run on the same day adds nothing. Returns the
    number of new notifications per reminder."""
    day = day or timezone.localdate()
    counts, failed = {}, []
    for name, fn in registry.REMINDERS.items():
        try:
            with transaction.atomic():
                counts[name] = fn(day)
        except Exception:
            log.exception("Erinnerung %s ist fehlgeschlagen", name)
            failed.append(name)
    email_send_due()
    if failed:
        raise RuntimeError("Diese Erinnerungen sind fehlgeschlagen (Einzelheiten im Log): "
                           + ", ".join(failed))
    return counts


# --- the user's own actions ----------------------------------------------------------------

def notification_mark_read(*, actor, notification: Notification) -> Notification:
    if notification.user_id != actor.pk:
        raise ValidationError("Diese Benachrichtigung gehört einem anderen Benutzerkonto.")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notifications_mark_all_read(*, actor) -> int:
    return Notification.objects.filter(user=actor, read_at__isnull=True).update(
        read_at=timezone.now())


@transaction.atomic
def preferences_set(*, actor, choices: dict[str, str]) -> None:
    """Save the actor's choice per kind (only registered kinds, only known choices)."""
    for kind, choice in choices.items():
        if kind not in registry.KINDS:
            raise ValidationError({kind: "Diese Art von Benachrichtigung gibt es nicht."})
        if choice not in Choice.values:
            raise ValidationError({kind: "Bitte „sofort“, „tägliche Zusammenfassung“ oder "
                                         "„aus“ wählen."})
        Preference.objects.update_or_create(user=actor, kind=kind,
                                            defaults={"choice": choice})


@transaction.atomic
def calendar_token_renew(*, actor) -> str:
    """A new secret address for the actor's calendar; the old one stops working at once.
    Returns the token (shown once; only its hash is stored)."""
    token = secrets.token_urlsafe(32)
    existed = CalendarToken.objects.filter(user=actor).exists()
    CalendarToken.objects.update_or_create(user=actor, defaults={"token_hash": token_hash(token)})
    audit_record(actor=actor, action="calendar.renew" if existed else "calendar.create",
                 obj=actor, summary="Kalenderadresse erneuert" if existed else
                 "Kalenderadresse angelegt")
    return token


@transaction.atomic
def calendar_token_delete(*, actor) -> None:
    if CalendarToken.objects.filter(user=actor).delete()[0]:
        audit_record(actor=actor, action="calendar.delete", obj=actor,
                     summary="Kalenderadresse gelöscht")
