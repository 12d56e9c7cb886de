"""What each weighty step of an agreement asks before it runs (the dialog and the no-JS
confirmation page say the same). The questions tell the truth about what can be undone."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Question:
    title: str
    text: str
    confirm: str


STEPS = {
    "agree": Question(
        "Inhalt festschreiben?",
        "Der Inhalt wird als abgestimmt festgeschrieben und kann dann unterzeichnet werden. "
        "Solange das Ministerium noch nicht unterzeichnet hat, können Sie ihn über „Zur "
        "Überarbeitung öffnen“ wieder bearbeiten.",
        "Festschreiben"),
    "reopen": Question(
        "Zur Überarbeitung öffnen?",
        "Die Zielvereinbarung wird wieder zum Entwurf: Haushaltsmittel und Projekte lassen sich "
        "ändern; vor der Unterschrift muss sie erneut festgeschrieben werden.",
        "Zur Überarbeitung öffnen"),
    "publish": Question(
        "Zielvereinbarung veröffentlichen?",
        "Die unterzeichnete Zielvereinbarung ist danach ohne Anmeldung für alle sichtbar. Eine "
        "Veröffentlichung lässt sich nicht zurücknehmen; ersetzt wird sie nur durch eine "
        "veröffentlichte Änderung (neue Fassung).",
        "Veröffentlichen"),
}

PROJECT_REMOVE = Question(
    "Projekt entfernen?",
    "Das Projekt wird aus dem Entwurf dieser Zielvereinbarung genommen; das Projekt selbst "
    "bleibt bestehen und kann wieder aufgenommen werden.",
    "Entfernen")

SIGN = {
    "ministry": Question(
        "Unterschrift des Ministeriums erfassen?",
        "Danach lässt sich der Inhalt nicht mehr zur Überarbeitung öffnen, und die Unterschrift "
        "kann nicht zurückgenommen werden; als Nächstes unterzeichnet die "
        "Gebietskörperschaft.",
        "Unterschrift erfassen"),
    "region": Question(
        "Unterschrift der Gebietskörperschaft erfassen?",
        "Damit ist die Zielvereinbarung unterzeichnet: das Dokument (oder der hochgeladene "
        "Scan) wird einmal gespeichert und nie mehr überschrieben. Änderungen sind danach nur "
        "noch als neue Fassung möglich.",
        "Unterschrift erfassen"),
}
