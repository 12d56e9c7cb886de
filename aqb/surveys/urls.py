"""URLs of the surveys app (mounted at /umfragen/, namespace "surveys")."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.index, name="index"),
    path("neu/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/bearbeiten/", views.edit, name="edit"),
    path("<int:pk>/abschnitte/", views.section_add, name="section_add"),
    path("<int:pk>/abschnitte/<int:section>/entfernen/", views.section_delete,
         name="section_delete"),
    path("<int:pk>/abschnitte/<int:section>/verschieben/", views.section_move,
         name="section_move"),
    path("<int:pk>/abschnitte/<int:section>/neue-frage/", views.question_add,
         name="question_add"),
    path("<int:pk>/fragen/<int:question>/", views.question_edit, name="question_edit"),
    path("<int:pk>/fragen/<int:question>/entfernen/", views.question_delete,
         name="question_delete"),
    path("<int:pk>/fragen/<int:question>/verschieben/", views.question_move,
         name="question_move"),
    path("<int:pk>/versenden/", views.send, name="send"),
    path("<int:pk>/fassung-verwerfen/", views.version_discard, name="version_discard"),
    path("<int:pk>/schliessen/", views.close, name="close"),
    path("<int:pk>/ergebnisse/", views.results, name="results"),
    path("<int:pk>/antworten/<str:ags>/", views.response, name="response"),
    path("<int:pk>/antworten/<str:ags>/wiederoeffnen/", views.reopen, name="reopen"),
]
