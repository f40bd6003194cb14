from django.urls import path

from events import views

app_name = "events"

urlpatterns = [
    path("", views.home, name="home"),
    path("events/", views.conference_list, name="conference_list"),
    path("events/<slug:slug>/", views.conference_detail, name="conference_detail"),
    path("events/<slug:slug>/calendar.ics", views.conference_calendar, name="conference_calendar"),
    path("events/<slug:slug>/enquiry/", views.enquiry, name="enquiry"),
]
