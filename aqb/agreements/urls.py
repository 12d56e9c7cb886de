from django.urls import path

from . import views

urlpatterns = [
    path("", views.agreement_index, name="index"),
    path("entwuerfe/", views.agreement_drafts, name="drafts"),
    path("entwuerfe/zuweisungen/", views.agreement_take_allocations, name="take_allocations"),
    path("einlesen/", views.agreement_import, name="import"),
    path("zip/", views.agreement_zip_start, name="zip"),
    path("vorlage/<int:year>/", views.template_edit, name="template"),
    path("<int:pk>/", views.agreement_detail, name="detail"),
    path("<int:pk>/dokument.<str:fmt>", views.agreement_download, name="download"),
    path("<int:pk>/unterzeichnet.pdf", views.agreement_signed_file, name="signed_file"),
    path("<int:pk>/haushaltsmittel/", views.agreement_budgets, name="budgets"),
    path("<int:pk>/haushaltsmittel/zuweisung/", views.agreement_take_allocation,
         name="take_allocation"),
    path("<int:pk>/ziele/", views.agreement_targets, name="targets"),
    path("<int:pk>/projekte/neu/", views.agreement_project_add, name="project_add"),
    path("<int:pk>/projekte/<int:entry>/entfernen/", views.agreement_project_remove,
         name="project_remove"),
    path("<int:pk>/schritt/<str:name>/", views.agreement_transition, name="transition"),
    path("<int:pk>/unterschrift/ministerium/", views.agreement_sign_ministry,
         name="sign_ministry"),
    path("<int:pk>/unterschrift/region/", views.agreement_sign_region, name="sign_region"),
    path("<int:pk>/aenderung/", views.agreement_amend, name="amend"),
]
