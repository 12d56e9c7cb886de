from django.urls import path

from . import views

urlpatterns = [
    path("anmelden/zweiter-faktor/", views.verify, name="verify"),
    path("konto/zwei-faktor/", views.status, name="status"),
    path("konto/zwei-faktor/einrichten/", views.setup, name="setup"),
    path("konto/zwei-faktor/notfallcodes/", views.codes_renew, name="codes_renew"),
    path("konto/zwei-faktor/ausschalten/", views.disable, name="disable"),
    path("benutzerkonten/<int:pk>/zwei-faktor/zuruecksetzen/", views.reset, name="reset"),
]
