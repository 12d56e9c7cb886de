"""/steuerung/besprechungen/: the autumn review meetings (Umsetzungsbesprechung)."""

from django.urls import path

from . import views_reviews as v

urlpatterns: list = [
    path("", v.review_index, name="review_index"),
    path("neu/", v.review_schedule, name="review_schedule"),
    path("massnahmen/", v.review_actions, name="review_actions"),
    path("massnahmen/<int:pk>/erledigt/", v.review_action_done, name="review_action_done"),
    path("<int:pk>/", v.review_detail, name="review_detail"),
    path("<int:pk>/termin/", v.review_edit, name="review_edit"),
    path("<int:pk>/absagen/", v.review_cancel, name="review_cancel"),
    path("<int:pk>/schritt/", v.review_act, name="review_act"),
    path("<int:pk>/rueckmeldung/", v.review_feedback, name="review_feedback"),
    path("<int:pk>/protokoll.pdf", v.review_pdf, name="review_pdf"),
]
