"""Navigation by role, shown in the page header."""

from django.conf import settings
from django.urls import reverse

from aqb.accounts import policy


def navigation(request):
    user = getattr(request, "user", None)
    p = policy.principal(user)
    items = [("Start", reverse("home"))]
    if p.authenticated:
        items.append(("Programmjahre", reverse("budgets:year_list")))
        if p.sees_all_regions or p.region_ids:
            items.append(("Zielvereinbarungen", reverse("agreements:index")))
            items.append(("Förderanträge", reverse("funding:index")))
        if p.sees_all_regions or p.region_ids or p.provider_ids:
            items.append(("Projekte", reverse("projects:index")))
            items.append(("Weiterleitung", reverse("funding:passon_index")))
            items.append(("Kennzahlen", reverse("kennzahlen:index")))
        if p.sees_all_regions or p.region_ids:
            items.append(("Steuerung", reverse("steering:index")))
            items.append(("Besprechungen", reverse("steering:review_index")))
            items.append(("Tagungen", reverse("conferences:index")))
        if p.ministry or p.region_ids:
            items.append(("Umfragen", reverse("surveys:index")))
        if p.region_ids or p.provider_ids:  # record-level data: never the state
            items.append(("Teilnehmende", reverse("records:index")))
        if p.ministry:
            items.append(("Zugriffe Teilnehmende", reverse("records:access_log")))
            items.append(("Veröffentlichung", reverse("veroeffentlichung:years")))
        if p.sees_all_regions:
            items.append(("Gebietskörperschaften", reverse("portal:region_list")))
            items.append(("Stammdaten", reverse("regions:master_data")))
            items.append(("Protokoll", reverse("portal:audit_log")))
            if p.ministry:
                items.append(("Benutzerkonten", reverse("accounts:user_list")))
        elif p.region_ids:
            from aqb.regions.models import Region

            for region in Region.objects.filter(pk__in=p.region_ids):
                items.append((region.name, reverse("portal:region_detail", args=[region.ags])))
    if p.authenticated:
        items.append(("Mein Konto", reverse("twofactor:status")))
    items.append(("AQB in Zahlen", reverse("oeffentlich:index")))
    items.append(("Veröffentlicht", reverse("public:index")))
    items.append(("Gute Praxis", reverse("conferences:public_practice")))
    path = request.path if request else ""
    # the longest matching entry is the current one ("/tagungen/gute-praxis/" is "Gute
    # Praxis", not also "Tagungen")
    matching = [url for _, url in items if path == url or (url != "/" and path.startswith(url))]
    current = max(matching, key=len, default=None)
    nav = [{"label": label, "url": url, "active": url == current} for label, url in items]
    role_labels = {
        "ministry": "Ministerium", "authority": "Bewilligungsbehörde",
        "region": "Gebietskörperschaft", "provider": "Träger",
    }
    return {
        "nav_items": nav,
        "user_roles": [role_labels[r] for r in p.roles],
        "demo_mode": not getattr(settings, "AQB_PRODUCTION", False) and _demo_loaded(),
    }


def _demo_loaded() -> bool:
    from aqb.budgets.models import ProgrammeYear

    return ProgrammeYear.objects.filter(is_demo=True).exists()
