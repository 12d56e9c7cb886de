from django.urls import path

from . import views, views_audit

urlpatterns = [
    path("regionen/", views.region_list_view, name="region_list"),
    path("regionen/<str:ags>/", views.region_detail, name="region_detail"),
    path("protokoll/", views_audit.audit_log, name="audit_log"),
]
