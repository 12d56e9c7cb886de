"""The record of processing activities (Art. 30 GDPR) for participant monitoring, generated
from what the code uses: the model's fields and labels, the allowed values (`vocab`), the
access kinds, the access log's kinds, the plausibility rules and the retention setting. So the
record cannot drift from the system; `aqb processing_record` writes it as Markdown and
docs/processing-record.md is that output (a test compares them)."""

from __future__ import annotations

from aqb.accounts import policy

from . import pseudonym, rules, vocab
from .models import AccessKind, MonitoringSettings, Participant, PseudonymKind
from .retention import settings_current

# Fields that are the system's own bookkeeping, not data about the person.
BOOKKEEPING = {"id", "project", "year", "created_at", "updated_at", "is_demo"}

VALUES = {
    "pseudonym_kind": PseudonymKind, "gender": vocab.Gender, "scheme": vocab.Scheme,
    "employment": vocab.Employment, "education": vocab.Education,
    "nationality": vocab.Nationality, "disability": vocab.Disability,
    "exit_reason": vocab.ExitReason, "outcome": vocab.Outcome, "outcome_6m": vocab.Outcome,
}
NOTES = {
    "entry_date": "Datum (erster Eintritt im Programmjahr)",
    "exit_date": "Datum; leer, solange die Person teilnimmt",
    "last_entry_date": "Datum des letzten Eintritts bei Wiedereintritt",
    "pseudonym": "HMAC-SHA-256 aus Vorname, Nachname und Geburtsdatum oder die "
                 "Teilnehmenden-Nummer des Trägers; Name und Geburtsdatum werden nicht "
                 "gespeichert",
    "birth_year": f"nur das Jahr; Alter bei Eintritt {rules.AGE_MIN} bis {rules.AGE_MAX}",
    "residence_ags": "Kreisschlüssel eines der 26 hessischen Landkreise und kreisfreien "
                     "Städte, keine Anschrift",
    "disability": "Gesundheitsdatum (Art. 9 DSGVO); Angabe freiwillig, „keine Angabe“ möglich",
    "outcome_6m": "nur mit Einwilligung der Person",
    "consent": "Einwilligung in die Befragung nach sechs Monaten",
    "part_time": "ja, nein",
    "entries": "Zahl der Eintritte im Programmjahr (Wiedereintritt)",
}


def _values(field) -> str:
    if field.name in VALUES:
        return vocab.allowed_text(VALUES[field.name])
    return NOTES.get(field.name, "")


def data_rows() -> list[tuple[str, str]]:
    rows = []
    for field in Participant._meta.get_fields():
        if not getattr(field, "concrete", False) or field.name in BOOKKEEPING:
            continue
        note = _values(field)
        extra = NOTES.get(field.name, "") if field.name in VALUES else ""
        rows.append((str(field.verbose_name), "; ".join(t for t in (note, extra) if t)))
    return rows


def processing_record_markdown() -> str:
    default = MonitoringSettings._meta.get_field("retention_years").default
    current = settings_current().retention_years
    lines = [
        "# Verzeichnis von Verarbeitungstätigkeiten: Teilnehmendenmonitoring",
        "",
        "Art. 30 DSGVO. Erzeugt mit `aqb processing_record` aus den Einstellungen und "
        "Wertelisten, die die Anwendung verwendet (nicht von Hand ändern).",
        "",
        "## Bezeichnung und Verantwortliche",
        "",
        "Teilnehmendenmonitoring des Ausbildungs- und Qualifizierungsbudgets (AQB) des Landes "
        "Hessen. Verantwortlich für die Erhebung sind die Gebietskörperschaften und die Träger "
        "ihrer Projekte, für Betrieb und Auswertung der Plattform das für das AQB zuständige "
        "Ministerium des Landes Hessen.",
        "",
        "## Zwecke",
        "",
        "- Steuerung und Nachweis der Förderung: Eintritte, Austritte, Bestand und Verbleib je "
        "Projekt, Maßnahmeart, Gebietskörperschaft und Programmjahr.",
        "- Berichterstattung nach der Praxis des ESF+ (Verordnung (EU) 2021/1057, Anhang I) in "
        "Auswertungen ohne Einzeldaten.",
        "- Teilnehmendenzahlen im Verwendungsnachweis der Förderung.",
        "",
        "## Rechtsgrundlage",
        "",
        "- Art. 6 Abs. 1 Buchst. e DSGVO in Verbindung mit § 3 HDSIG (Wahrnehmung einer Aufgabe "
        "im öffentlichen Interesse: Förderprogramm des Landes).",
        "- Verbleib nach sechs Monaten: Einwilligung der Person (Art. 6 Abs. 1 Buchst. a "
        "DSGVO); ohne Einwilligung wird er nicht erfasst.",
        "- Angabe zur Behinderung (Art. 9 DSGVO): freiwillig, „keine Angabe“ ist möglich.",
        "",
        "## Kategorien betroffener Personen",
        "",
        "- Teilnehmende der geförderten Projekte: junge Menschen ohne Ausbildungsplatz, "
        "Langzeitarbeitslose, Migrantinnen und Migranten, Eltern in Teilzeitausbildung; "
        f"leistungsberechtigt nach {vocab.allowed_text(vocab.Scheme)}.",
        "- Beschäftigte der Träger, Gebietskörperschaften und des Landes, die Datensätze "
        "öffnen (Zugriffsprotokoll: Name und Zeitpunkt).",
        "",
        "## Kategorien personenbezogener Daten",
        "",
        "Je Projekt und Programmjahr ein pseudonymer Datensatz. Keine Namen, Anschriften oder "
        "Geburtsdaten.",
        "",
        "| Angabe | Werte und Hinweise |",
        "|---|---|",
        *[f"| {label} | {note} |" for label, note in data_rows()],
        "",
        "## Empfänger",
        "",
        "- Einzeldatensätze (pseudonym): nur der Träger des Projekts und die "
        f"Gebietskörperschaft (Zugriffsart `{policy.PROJECT_RECORDS}`).",
        "- Ministerium und Bewilligungsbehörde: nur Auswertungen (Zählungen), nie Einzeldaten.",
        "- Öffentlichkeit (Portal, offene Daten, öffentliche API): nur Auswertungen mit "
        "Unterdrückung kleiner Werte.",
        "- Keine Übermittlung in Drittländer.",
        "",
        "## Löschfristen",
        "",
        f"- Datensätze werden {default} Jahre (Standard; derzeit eingestellt: {current} Jahre) "
        "nach Ende des Kalenderjahres der Schlusszahlung gelöscht. Schlusszahlung: das "
        "spätere von Datum der Schlussabrechnung und letzter Auszahlung des "
        "Zuwendungsbescheids der Gebietskörperschaft für das Programmjahr; ohne "
        "Schlussabrechnung wird nichts gelöscht.",
        "- Die Löschung läuft täglich als geplanter Auftrag; er meldet dem Ministerium, was "
        "gelöscht wurde. Die Auswertungen (Zählungen ohne Personenbezug) bleiben.",
        "- Das Änderungsprotokoll nennt nur Projekt, Jahr und geänderte Felder, nie Werte.",
        "- Das Zugriffsprotokoll enthält keine Angaben zu Teilnehmenden; eine eigene Frist "
        "für seine Einträge (Namen der Beschäftigten) ist noch nicht festgelegt.",
        "",
        "## Technische und organisatorische Maßnahmen",
        "",
        "- Pseudonymisierung am Rand: HMAC-SHA-256 mit dem Schlüssel `AQB_PSEUDONYM_KEY` aus "
        "der Umgebung, nie in der Datenbank; Name und Geburtsdatum werden sofort verworfen, "
        "weder gespeichert noch protokolliert noch wieder angezeigt "
        f"(Präfixe `{pseudonym.HASH_PREFIX}` und `{pseudonym.PROVIDER_PREFIX}`).",
        "- Zugriff nur nach Rolle: Einzeldaten nur für Träger und Gebietskörperschaft des "
        "Projekts; jede Seite prüft das Objekt, bevor sie es zeigt.",
        "- Zugriffsprotokoll: jedes Öffnen ("
        + ", ".join(str(label) for _, label in AccessKind.choices)
        + ") mit Person, Zeitpunkt, Projekt und Jahr; einsehbar für die Gebietskörperschaft "
        "(ihre Projekte) und das Ministerium (alles).",
        "- Änderungsprotokoll als verkettete, nicht änderbare Einträge (HMAC).",
        "- Unterdrückung kleiner Werte: Werte 1 und 2 und jeder Wert, aus dem sie sich "
        "errechnen lassen, werden außerhalb des geschützten Bereichs nicht gezeigt.",
        "- Plausibilitätsprüfung jeder Eingabe: " + str(rules.rules_text),
        "- Transportverschlüsselung (TLS, HSTS) im Betrieb; zweiter Faktor bei der Anmeldung "
        "für Ministerium und Bewilligungsbehörde.",
        "",
    ]
    return "\n".join(lines)
