"""URLs of the conferences app (namespace "conferences", under /tagungen/)."""

from django.urls import path

from . import views, views_practice

urlpatterns = [
    path("", views.index, name="index"),
    path("neu/", views.create, name="create"),
    path("<int:conference>/", views.detail, name="detail"),
    path("<int:conference>/bearbeiten/", views.edit, name="edit"),
    path("<int:conference>/programm/", views.programme, name="programme"),
    path("<int:conference>/anmelden/", views.register, name="register"),
    path("<int:conference>/anmeldung-eintragen/", views.register_other,
         name="register_other"),
    path("<int:conference>/teilnahme/", views.attendance, name="attendance"),
    path("<int:conference>/dokumente/neu/", views.document_add, name="document_add"),
    path("dokumente/<int:document>/", views.document, name="document"),
    path("anmeldungen/<int:pk>/stornieren/", views.cancel, name="cancel"),
    path("praxis/", views_practice.practice_index, name="practice_index"),
    path("praxis/neu/<str:ags>/", views_practice.practice_create, name="practice_create"),
    path("praxis/<int:pk>/", views_practice.practice_detail, name="practice_detail"),
    path("praxis/<int:pk>/veroeffentlichen/", views_practice.practice_publish,
         name="practice_publish"),
    path("gute-praxis/", views_practice.public_practice, name="public_practice"),
    path("gute-praxis/<int:pk>/", views_practice.public_practice_detail,
         name="public_practice_detail"),
]
