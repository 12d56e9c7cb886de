from django.urls import path

from . import public_views

urlpatterns = [
    path("", public_views.published_index, name="index"),
    path("<int:pk>/", public_views.published_detail, name="detail"),
    path("<int:pk>/unterzeichnet.pdf", public_views.published_pdf, name="pdf"),
]
