"""The ministry's page of publication: which programme years the public sees (pages, files,
public API, DCAT catalogue), with publishing and taking back (confirmed, audited)."""

from __future__ import annotations

from django.db.models import Count
from django.shortcuts import render
from django.urls import reverse

from aqb.accounts.policy import MINISTRY, access
from aqb.budgets.models import ProgrammeYear
from aqb.budgets.selectors import programme_year_get
from aqb.ui.forms import confirm_page

from . import services
from .models import PublishedYear


@access(MINISTRY)
def year_list(request):
    years = ProgrammeYear.objects.annotate(n_alloc=Count("allocations")).order_by("-year")
    published = {p.programme_year_id: p for p in
                 PublishedYear.objects.select_related("published_by")}
    return render(request, "opendata/admin_years.html", {
        "years": [(py, published.get(py.pk)) for py in years]})


@access(MINISTRY)
def year_toggle(request, year: int):
    py = programme_year_get(year=year)
    publish = not PublishedYear.objects.filter(programme_year=py).exists()
    return confirm_page(
        request, template="confirm.html",
        context={"title": f"Programmjahr {py.year} veröffentlichen" if publish else
                 f"Veröffentlichung des Programmjahrs {py.year} zurücknehmen",
                 "subject": f"Programmjahr {py.year}",
                 "question": (
                     "Danach sind ohne Anmeldung sichtbar: die Zuweisungen je "
                     "Gebietskörperschaft und ihre Änderungen, die geförderten Projekte mit "
                     "Träger und Betrag, bewilligte und ausgezahlte Mittel sowie die "
                     "Teilnehmendenzahlen (kleine Fallzahlen geheim gehalten) – auf den "
                     "öffentlichen Seiten, als Dateien, über die öffentliche Schnittstelle und "
                     "im Datenkatalog (DCAT-AP.de).") if publish else (
                     "Die Daten des Jahres verschwinden von den öffentlichen Seiten, aus den "
                     "Dateien, der öffentlichen Schnittstelle und dem Datenkatalog. Bereits "
                     "heruntergeladene Dateien lassen sich nicht zurückholen."),
                 "confirm_label": "Veröffentlichen" if publish else "Zurücknehmen",
                 "cancel_url": reverse("veroeffentlichung:years")},
        act=(lambda: services.year_publish(actor=request.user, programme_year=py)) if publish
        else (lambda: services.year_withdraw(actor=request.user, programme_year=py)),
        success=f"Programmjahr {py.year} veröffentlicht." if publish else
        f"Veröffentlichung des Programmjahrs {py.year} zurückgenommen.",
        target=reverse("veroeffentlichung:years"))
