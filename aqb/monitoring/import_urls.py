from django.urls import path

from . import import_views as views

urlpatterns = [
    path("projekt/<int:pk>/<int:year>/einlesen/", views.import_page, name="page"),
    path("projekt/<int:pk>/<int:year>/einlesen/uebernehmen/", views.import_take_over,
         name="take_over"),
    path("vorlage/teilnehmende.csv", views.template_csv, name="template_csv"),
    path("vorlage/teilnehmende.xlsx", views.template_xlsx, name="template_xlsx"),
]
