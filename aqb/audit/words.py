"""Audit entries in words: German titles, field labels and values instead of codes and dumps.

Used by the Verlauf of each object and by the Protokoll. An entry's changes are keyed by the
field names of the model the action is about (`scenario.create` on a programme year changes a
`budgets.Scenario`); labels come from that model's verbose names where they are set, else from
LABELS here (field names whose models carry no German verbose name, and keys that are not
fields). The audit app imports no app above it: models are found through the app registry.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone

from aqb.german.dates import format_date, format_date_numeric
from aqb.german.money import format_eur, format_number

# "app.model.field" first, then a bare field name (any model).
LABELS = {
    "agreements.agreement.signed_file_sha256": "Prüfsumme des unterzeichneten Dokuments",
    "agreements.agreement.signed_file_name": "Dateiname des unterzeichneten Dokuments",
    "agreements.agreement.published_at": "Veröffentlicht am",
    "agreements.agreement.template": "Vorlage",
    "programme_items": "Programm",  # conferences: keys that are not fields
    "attended_names": "Teilgenommen haben",
    "conference_document": "Dokument",
    "agreements.agreementproject.measure": "Maßnahme",
    "agreements.signature.recorded_by": "Erfasst von",
    "agreements.signature.recorded_at": "Erfasst am",
    "audit.auditentry.prev_hash": "Hash des Vorgängers",
    "audit.auditentry.hash": "Hash",
    "audit.audithead.seq": "Laufende Nummer",
    "audit.audithead.hash": "Hash",
    # the notice's changes are those of its versions (notice.issue/amend/legal_force)
    "funding.notice.financing": "Finanzierungsart",
    "funding.notice.share_percent": "Anteil in Prozent",
    "funding.notice.eligible_costs": "Zuwendungsfähige Ausgaben",
    "funding.notice.amount": "Bewilligter Betrag",
    "funding.notice.period_start": "Bewilligungszeitraum von",
    "funding.notice.period_end": "Bewilligungszeitraum bis",
    "funding.notice.purpose": "Zuwendungszweck",
    "funding.notice.provisions": "Nebenbestimmungen",
    "funding.notice.special_provisions": "Besondere Nebenbestimmungen",
    "funding.notice.interim_proof_due": "Zwischennachweis fällig am",
    "funding.notice.final_proof_due": "Verwendungsnachweis fällig am",
    "funding.notice.may_pass_on": "Weiterleitung an Dritte zulässig",
    "funding.notice.legal_remedy": "Rechtsbehelfsbelehrung",
    "funding.notice.appeal_waived_on": "Rechtsbehelfsverzicht erklärt am",
    "funding.notice.legal_force_on": "Bestandskräftig seit",
    "accounts.loginfailure.name_hash": "Benutzername (verschlüsselt)",
    "accounts.loginfailure.ip": "IP-Adresse",
    "accounts.loginfailure.at": "Zeitpunkt",
    "budgets.allocationchangeline.change": "Änderung",
    # counts of a participant import (monitoring.import, records.participants_store)
    "neu": "Neu angelegt",
    "korrigiert": "Korrigiert",
    "jobs.job.user": "Gestartet von",
    "jobs.job.task_path": "Aufgabe",
    "jobs.job.params": "Angaben",
    "jobs.job.done": "Erledigt",
    "jobs.job.total": "Gesamt",
    "jobs.job.step": "Arbeitsschritt",
    "jobs.job.message": "Meldung",
    "jobs.job.file": "Ergebnisdatei",
    "jobs.job.file_name": "Dateiname",
    "jobs.job.file_type": "Dateityp",
    "jobs.job.back_url": "Zurück zu",
    "jobs.job.task_result_id": "Auftragskennung",
    "jobs.job.attempts": "Versuche",
    "jobs.job.started_at": "Begonnen am",
    "jobs.job.finished_at": "Beendet am",
    "jobs.schedulerun.task_path": "Aufgabe",
    "jobs.schedulerun.slot": "Zeitpunkt laut Plan",
    "jobs.schedulerun.enqueued_at": "Eingereiht am",
    "jobs.heartbeat.worker_id": "Hintergrunddienst",
    "jobs.heartbeat.host": "Rechner",
    "jobs.heartbeat.beat_at": "Lebenszeichen am",
    "budgets.scenarioamount.scenario": "Szenario",
    "agreement": "Zielvereinbarung",
    "allocation": "Zuweisung",
    "budgets": "Haushaltsmittel",
    "created_at": "Angelegt am",
    "created_by": "Angelegt von",
    "earmark": "Zweckbindung",
    "file_sha256": "Prüfsumme der Datei",
    "id": "Nummer",
    "lines": "Finanzierungsplan",
    "recognised": "Anerkannte Zuwendung",
    "amount": "Betrag",
    "payment_amount": "Gezahlter Betrag",
    "payment_date": "Zahlungseingang am",
    "financing": "Finanzierungsart",
    "paid": "Ausgezahlter Betrag",
    "refund_amount": "Erstattungsbetrag",
    "payment": "Zahlung",
    "answer": "Antwort",
    "question": "Frage",
    "title": "Bezeichnung",
    "indicator_set": "Indikatorensatz",
    "indicators": "Indikatoren",
    "measure": "Maßnahme",
    "order": "Reihenfolge",
    "programme_year": "Programmjahr",
    "project": "Projekt",
    "region": "Gebietskörperschaft",
    "scenario": "Szenario",
    "signature": "Unterschrift",
    "signed_file_sha256": "Prüfsumme des unterzeichneten Dokuments",
    "status": "Status",
    "template": "Vorlage",
    "template_version": "Vorlagenfassung",
    "targets": "Ziele",
    "version": "Fassung",
}
HIDDEN = {"measures"}  # the summary names the project that was added or removed
ACTIONS = {
    "agreement.create": "Entwurf angelegt", "agreement.agree": "Als abgestimmt festgeschrieben",
    "agreement.reopen": "Zur Überarbeitung geöffnet", "agreement.publish": "Veröffentlicht",
    "agreement.budgets": "Haushaltsmittel geändert", "agreement.amend": "Neue Fassung angelegt",
    "agreement.import": "Aus Dokument eingelesen", "agreement.attach_scan": "Scan hinterlegt",
    "agreement.project_add": "Projekt aufgenommen",
    "agreement.targets": "Ziele der Projekte geändert",
    "project.assign_provider": "Träger zugeordnet",
    "agreement.project_remove": "Projekt herausgenommen",
    "agreement.sign_ministry": "Unterschrift des Ministeriums",
    "agreement.sign_region": "Unterschrift der Gebietskörperschaft",
    "agreement_template.save": "Vorlage gespeichert", "allocation.set": "Zuweisung gesetzt",
    "allocation_change.cut": "Zuweisungen im laufenden Jahr geändert",
    "application.create": "Förderantrag angelegt",
    "application.plan": "Finanzierungsplan gespeichert",
    "application.submit": "Förderantrag eingereicht",
    "application.withdraw": "Förderantrag zurückgezogen",
    "application.answer": "Nachforderung beantwortet",
    "application.attach": "Anlage hinzugefügt",
    "application.review": "Prüfung begonnen",
    "application.sign_content": "Inhaltliche Prüfung abgezeichnet",
    "application.sign_arithmetic": "Rechnerische Prüfung abgezeichnet",
    "application.query": "Nachforderung gestellt",
    "application.ready": "Als bewilligungsreif festgestellt",
    "application.reject": "Förderantrag abgelehnt",
    "application.grant": "Förderantrag bewilligt",
    "notice.issue": "Zuwendungsbescheid erlassen",
    "notice.settle": "Zuwendung abgerechnet (Schlussabrechnung)",
    "refund.issue": "Erstattung festgesetzt",
    "refund.payment": "Zahlung auf die Erstattung erfasst",
    "refund.defer": "Erstattung gestundet",
    "base_rate.create": "Basiszinssatz eingetragen",
    "proof.submit": "Nachweis der Verwendung eingereicht",
    "proof.correct": "Nachweis der Verwendung korrigiert",
    "proof.query": "Rückfrage zum Nachweis gestellt",
    "proof.accept": "Nachweis geprüft ohne Beanstandung",
    "proof.refund": "Nachweis geprüft mit Rückforderung",
    "payment.request": "Mittelabruf gestellt",
    "payment.withdraw": "Mittelabruf zurückgezogen",
    "payment.release": "Mittelabruf angewiesen",
    "payment.refuse": "Mittelabruf abgelehnt",
    "payment.pay": "Mittelabruf ausgezahlt",
    "passon.create": "Mittel an einen Träger weitergeleitet",
    "expense_report.create": "Ausgabenbericht angelegt",
    "expense_line.add": "Ausgabe erfasst",
    "expense_line.remove": "Ausgabe entfernt",
    "expense_line.replace": "Ausgaben eingelesen",
    "expense_report.submit": "Ausgabenbericht eingereicht",
    "expense_report.accept": "Ausgabenbericht geprüft",
    "expense_report.object": "Ausgabenbericht beanstandet",
    "notice.amend": "Änderungsbescheid erlassen",
    "notice.waive_appeal": "Rechtsbehelfsverzicht erklärt",
    "notice.legal_force": "Bestandskraft festgestellt",
    "authority.create": "Bewilligungsbehörde angelegt",
    "authority.update": "Bewilligungsbehörde geändert",
    "calendar.create": "Kalenderadresse angelegt", "calendar.renew": "Kalenderadresse erneuert",
    "calendar.delete": "Kalenderadresse gelöscht",
    "cash_plan.set": "Kassenplan erfasst",
    "earmark.create": "Zweckbindung angelegt",
    "earmark.update": "Zweckbindung geändert", "earmark.delete": "Zweckbindung entfernt",
    "earmark.distribute": "Zweckbindung aufgeteilt",
    "indicator_set.create": "Indikatoren eingelesen",
    "measure_type.update": "Maßnahmeart geändert",
    "membership.add": "Mitgliedschaft hinzugefügt", "membership.remove": "Mitgliedschaft entfernt",
    "ministry_name.create": "Name des Ministeriums eingetragen",
    "ministry_name.update": "Name des Ministeriums geändert",
    "programme_year.create": "Programmjahr angelegt",
    "programme_year.update": "Programmjahr geändert",
    "provider.create": "Träger angelegt", "provider.update": "Träger geändert",
    "region.update": "Stammdaten geändert",
    "scenario.adopt": "Szenario übernommen", "scenario.create": "Szenario berechnet",
    "signatory.create": "Unterzeichnende Person eingetragen",
    "signatory.update": "Unterzeichnende Person geändert",
    "strategy_document.create": "Strategiedokument eingetragen",
    "user.create": "Benutzerkonto angelegt", "user.update": "Angaben zur Person geändert",
    "user.activate": "Benutzerkonto reaktiviert", "user.deactivate": "Benutzerkonto deaktiviert",
    "user.password": "Passwort neu gesetzt", "user.password_change": "Passwort selbst geändert",
    "steering.settings": "Bewertung der Zielerreichung festgelegt",
    "steering.adjustment": "Ziele einer Gebietskörperschaft angepasst",
    "review.schedule": "Umsetzungsbesprechung angesetzt",
    "review.reschedule": "Umsetzungsbesprechung geändert",
    "review.cancel": "Umsetzungsbesprechung abgesagt",
    "review.agenda": "Tagesordnung geändert",
    "review.freeze": "Zahlen der Besprechung eingefroren",
    "review.hold": "Umsetzungsbesprechung durchgeführt",
    "review.minutes": "Beschlüsse im Protokoll festgehalten",
    "review.action_add": "Maßnahme festgehalten",
    "review.action_remove": "Maßnahme entfernt",
    "review.share": "Protokoll mit der Gebietskörperschaft geteilt",
    "review.comment": "Anmerkung zum Protokoll",
    "review.confirm": "Protokoll bestätigt",
    "review.action_done": "Maßnahme erledigt",
    "survey.create": "Umfrage angelegt", "survey.update": "Umfrage umbenannt",
    "survey.edit": "Fragebogen einer Umfrage geändert", "survey.send": "Umfrage versandt",
    "survey.close": "Umfrage geschlossen", "survey.draft": "Antwort auf Umfrage gespeichert",
    "survey.submit": "Antwort auf Umfrage eingereicht",
    "survey.reopen": "Antwort auf Umfrage wieder geöffnet",
    "conference.create": "Tagung angelegt", "conference.update": "Tagung geändert",
    "conference.programme": "Programm einer Tagung geändert",
    "conference.register": "Zu einer Tagung angemeldet",
    "conference.cancel": "Anmeldung zu einer Tagung storniert",
    "conference.move_up": "Von der Warteliste nachgerückt",
    "conference.attendance": "Teilnahme an einer Tagung erfasst",
    "conference.document": "Dokument zu einer Tagung hochgeladen",
    "practice.create": "Gute-Praxis-Beispiel eingetragen",
    "practice.update": "Gute-Praxis-Beispiel geändert",
    "practice.publish": "Gute-Praxis-Beispiel veröffentlicht",
    "practice.withdraw": "Veröffentlichung eines Gute-Praxis-Beispiels zurückgenommen",
    "monitoring.import": "Teilnehmendendatei übernommen",
    "monitoring.record.create": "Teilnehmenden-Datensatz angelegt",
    "monitoring.record.correct": "Teilnehmenden-Datensatz korrigiert",
    "monitoring.record.reentry": "Wiedereintritt erfasst",
    "monitoring.record.delete": "Teilnehmenden-Datensatz gelöscht",
    "monitoring.retention": "Datensätze nach Ablauf der Aufbewahrung gelöscht",
    "monitoring.settings": "Einstellungen des Monitorings geändert",
}
VERBS = {"create": "angelegt", "update": "geändert", "delete": "entfernt", "set": "gesetzt",
         "save": "gespeichert", "add": "hinzugefügt", "remove": "entfernt",
         "assign": "zugeordnet"}


def model_of(label: str) -> type[models.Model] | None:
    """The model for "app.model"; None if unknown."""
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def subject_model(entry) -> type[models.Model] | None:
    """The model the entry's action is about: `scenario.create` -> budgets.Scenario, else the
    model of the object the entry is filed under."""
    prefix = (entry.action or "").partition(".")[0].replace("_", "")
    for model in apps.get_models():
        if model._meta.model_name == prefix:
            return model
    return model_of(entry.object_type)


def type_label(object_type: str, *, plural: bool = False) -> str:
    """German name of an object type ("Zielvereinbarung"); the code if the model is gone."""
    model = model_of(object_type)
    if model is None:
        return object_type
    name = model._meta.verbose_name_plural if plural else model._meta.verbose_name
    return _capital(str(name))


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _explicit_verbose_name(field) -> str | None:
    name = str(getattr(field, "verbose_name", "") or "")
    return name if name and name != field.name.replace("_", " ") else None


def field_label(model: type[models.Model] | None, key: str) -> str:
    """German label of a field (or change key) of model."""
    field = _field(model, key)
    if model is not None and f"{model._meta.label_lower}.{key}" in LABELS:
        return LABELS[f"{model._meta.label_lower}.{key}"]
    if field is not None and field.auto_created and getattr(field, "primary_key", False):
        return LABELS["id"]
    if field is not None and _explicit_verbose_name(field):
        return _capital(_explicit_verbose_name(field))
    return LABELS.get(key, key)


def _field(model, key: str):
    if model is None:
        return None
    try:
        return model._meta.get_field(key)
    except FieldDoesNotExist:
        return None


def _decimal(value) -> Decimal | None:
    try:
        return Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        return None


def _number(value) -> str:
    number = _decimal(value)
    if number is None:
        return str(value)
    return format_number(number.normalize() if number == number.to_integral_value()
                         else number)


def _money(value) -> str:
    number = _decimal(value)
    return format_eur(number) if number is not None else str(value)


def _related(field, value) -> str:
    if not str(value).isdigit():
        return str(value)  # some services store the related object's name
    row = field.related_model._default_manager.filter(pk=value).first()
    return str(row) if row is not None else f"Nr. {value}"


def _key_label(key: str) -> str | None:
    """Keys that are not fields: "06635 …" (a region by its key), "2026" (a calendar year)."""
    if re.fullmatch(r"\d{4}", key):
        return f"Jahr {key}"
    match = re.fullmatch(r"(\d{5})( .*)?", key)
    region_model = model_of("regions.region")
    if match and region_model is not None:
        region = region_model._default_manager.filter(ags=match[1]).first()
        if region is not None:
            return f"{region}{match[2] or ''}"
    return None


def value_text(value: Any, field=None, key: str = "") -> str:
    """A stored value in German: choices by label, money, numbers, dates, lists and mappings."""
    if value is None or value == "" or value == [] or value == {}:
        return "–"
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if key == "budgets" and isinstance(value, list):
        return "; ".join(
            f"{name} {_money(amount)}" if amount is not None else str(name)
            for name, amount in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_number(v) if _decimal(v) is not None else value_text(v)}"
                         for k, v in sorted(value.items()))  # jsonb keeps no order
    if isinstance(value, list):
        return ", ".join(value_text(v) for v in value)
    if key.endswith("sha256") and isinstance(value, str) and len(value) == 64:
        return f"{value[:12]}…"
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if key == "status":
        from_choices = {c: label for m in apps.get_models()
                        for f in m._meta.fields if f.name == "status" and f.choices
                        for c, label in f.flatchoices}
        return str(from_choices.get(value, value))
    if isinstance(field, models.ForeignKey):
        return _related(field, value)
    if isinstance(field, models.DecimalField):
        return _money(value) if field.decimal_places == 2 else _number(value)
    if field is None and isinstance(value, str) and re.fullmatch(r"-?\d+\.\d{2}", value):
        return _money(value)  # amounts of keys that are not fields (regions, years)
    if field is None and isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return format_date(date.fromisoformat(value))  # dates of keys that are not fields
        except ValueError:
            return value
    if isinstance(field, models.DateTimeField) and isinstance(value, str):
        try:
            moment = timezone.localtime(datetime.fromisoformat(value))
        except ValueError:
            return value
        return f"{format_date_numeric(moment.date())} {moment:%H:%M}"
    if isinstance(field, models.DateField) and isinstance(value, str):
        try:
            return format_date(date.fromisoformat(value[:10]))
        except ValueError:
            return value
    return str(value)


def entry_title(entry) -> str:
    """What happened, in words: the entry's summary, else a German name for its action."""
    if entry.summary:
        return entry.summary
    if entry.action in ACTIONS:
        return ACTIONS[entry.action]
    verb = VERBS.get(entry.action.rpartition(".")[2])
    model = subject_model(entry)
    if verb and model is not None:
        return f"{_capital(str(model._meta.verbose_name))} {verb}"
    return "Geändert"


def change_lines(entry) -> list[tuple[str, str, str]]:
    """(key, label, "before → after") per changed field, in German."""
    model = subject_model(entry)
    filed_under = model_of(entry.object_type)
    lines = []
    for key, change in (entry.changes or {}).items():
        if key in HIDDEN or not isinstance(change, dict):
            continue
        before, after = change.get("before"), change.get("after")
        if before == after:
            continue
        field, owner = _field(model, key), model
        if field is None and _field(filed_under, key) is not None:
            field, owner = _field(filed_under, key), filed_under
        label = field_label(owner, key) if field is not None or key in LABELS else \
            (_key_label(key) or key)
        lines.append((key, label,
                      f"{value_text(before, field, key)} → {value_text(after, field, key)}"))
    return lines
