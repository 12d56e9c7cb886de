from django.urls import include, path

from . import views

# User management of the ministry, namespaced "accounts:" (aqb/urls.py includes this module
# without a namespace, for the login names).
management = ([
    path("", views.user_list, name="user_list"),
    path("neu/", views.user_create, name="user_create"),
    path("<int:pk>/", views.user_detail, name="user_detail"),
    path("<int:pk>/bearbeiten/", views.user_edit, name="user_edit"),
    path("<int:pk>/passwort/", views.user_password, name="user_password"),
    path("<int:pk>/status/", views.user_status, name="user_status"),
    path("<int:pk>/mitgliedschaften/neu/", views.membership_add, name="membership_add"),
    path("<int:pk>/mitgliedschaften/<int:membership>/entfernen/", views.membership_remove,
         name="membership_remove"),
    path("traeger/", views.provider_list, name="provider_list"),
    path("traeger/neu/", views.provider_edit, name="provider_create"),
    path("traeger/<int:pk>/", views.provider_edit, name="provider_edit"),
], "accounts")

urlpatterns = [
    path("anmelden/", views.login, name="login"),
    path("abmelden/", views.logout, name="logout"),
    path("konto/passwort/", views.password_change, name="password_change"),
    path("benutzerkonten/", include(management)),
]
