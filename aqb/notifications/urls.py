from django.urls import path

from . import views

urlpatterns = [
    path("benachrichtigungen/", views.inbox, name="inbox"),
    path("benachrichtigungen/<int:pk>/oeffnen/", views.notification_open, name="open"),
    path("benachrichtigungen/<int:pk>/gelesen/", views.notification_read, name="read"),
    path("benachrichtigungen/alle-gelesen/", views.all_read, name="all_read"),
    path("konto/benachrichtigungen/", views.preferences, name="preferences"),
    path("konto/kalender/erneuern/", views.calendar_renew, name="calendar_renew"),
    path("konto/kalender/loeschen/", views.calendar_delete, name="calendar_delete"),
    path("kalender/<str:token>/fristen.ics", views.feed, name="feed"),
]
