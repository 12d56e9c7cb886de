from django.urls import include, path

from aqb.ops import views as ops_views
from aqb.portal import views as portal_views

urlpatterns = [
    path("", portal_views.home, name="home"),
    path("healthz", ops_views.healthz, name="healthz"),
    path("auftraege/", include(("aqb.jobs.urls", "jobs"))),
    path("", include("aqb.accounts.urls")),
    path("", include("aqb.api.urls")),
    path("", include(("aqb.twofactor.urls", "twofactor"))),
    path("", include(("aqb.notifications.urls", "notifications"))),
    path("", include(("aqb.portal.urls", "portal"))),
    path("stammdaten/", include(("aqb.regions.urls", "regions"))),
    path("programmjahre/", include(("aqb.budgets.urls", "budgets"))),
    path("zielvereinbarungen/", include(("aqb.agreements.urls", "agreements"))),
    path("projekte/", include(("aqb.projects.urls", "projects"))),
    path("foerderung/", include(("aqb.funding.urls", "funding"))),
    path("teilnehmende/", include(("aqb.monitoring.urls_records", "records"))),
    path("teilnehmende/", include(("aqb.monitoring.import_urls", "monitoring_import"))),
    path("kennzahlen/", include(("aqb.monitoring.urls_figures", "kennzahlen"))),
    path("steuerung/", include(("aqb.steering.urls", "steering"))),
    path("umfragen/", include(("aqb.surveys.urls", "surveys"))),
    path("tagungen/", include(("aqb.conferences.urls", "conferences"))),
    path("opendata/", include(("aqb.opendata.urls", "opendata"))),
    path("veroeffentlichung/", include(("aqb.opendata.urls_admin", "veroeffentlichung"))),
    path("oeffentlich/", include(("aqb.opendata.urls_pages", "oeffentlich"))),
    path("veroeffentlicht/zielvereinbarungen/",
         include(("aqb.agreements.public_urls", "public"))),
]

handler400 = "aqb.ui.errors.bad_request"
handler403 = "aqb.ui.errors.permission_denied"
handler404 = "aqb.ui.errors.page_not_found"
handler500 = "aqb.ui.errors.server_error"
