from django.urls import path

from . import views

urlpatterns = [
    path("<uuid:pk>/", views.job_detail, name="detail"),
    path("<uuid:pk>/wiederholen/", views.job_retry_view, name="retry"),
    path("<uuid:pk>/datei/", views.job_download, name="download"),
]
