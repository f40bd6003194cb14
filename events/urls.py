from django.urls import path

from events import programme_views, views

app_name = "events"

urlpatterns = [
    path("", views.home, name="home"),
    path("events/", views.conference_list, name="conference_list"),
    path("events/<slug:slug>/", views.conference_detail, name="conference_detail"),
    path("events/<slug:slug>/calendar.ics", views.conference_calendar, name="conference_calendar"),
    path("events/<slug:slug>/contact/", views.enquiry, name="enquiry"),
    path("events/<slug:slug>/contact/sent/", views.enquiry_sent, name="enquiry_sent"),
    # Programme, speakers and calendar feeds (events/programme_views.py).
    path("events/<slug:slug>/programme/", programme_views.programme_page, name="programme"),
    path("events/<slug:slug>/programme.ics", programme_views.programme_ics, name="programme_ics"),
    path(
        "events/<slug:slug>/programme/<slug:session_slug>/",
        programme_views.session_page,
        name="session_detail",
    ),
    path(
        "events/<slug:slug>/programme/<slug:session_slug>.ics",
        programme_views.session_ics,
        name="session_ics",
    ),
    path("events/<slug:slug>/speakers/", programme_views.speakers_page, name="speakers"),
    path(
        "events/<slug:slug>/live-from-your-region/",
        programme_views.regions_page,
        name="programme_regions",
    ),
]
