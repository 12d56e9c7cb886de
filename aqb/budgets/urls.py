from django.urls import path

from . import views

urlpatterns = [
    path("", views.year_list, name="year_list"),
    path("neu/", views.year_create, name="year_create"),
    path("<int:year>/", views.year_detail, name="year_detail"),
    path("<int:year>/bearbeiten/", views.year_edit, name="year_edit"),
    path("<int:year>/zweckbindungen/neu/", views.earmark_create, name="earmark_create"),
    path("<int:year>/strategiedokumente/neu/", views.strategy_document_create,
         name="strategy_document_create"),
]
