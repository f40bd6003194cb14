from django.urls import path

from registration import manage_views, views

app_name = "registration"

urlpatterns = [
    path("events/<slug:slug>/register/", views.register, name="register"),
    path("events/<slug:slug>/register/sent/", views.register_sent, name="register_sent"),
    path("events/<slug:slug>/participants/", views.participants, name="participants"),
    path("privacy/", views.privacy, name="privacy"),
    path("registration/manage/<str:token>/", manage_views.manage, name="manage"),
    path(
        "registration/manage/<str:token>/confirm/", manage_views.confirm_email, name="confirm_email"
    ),
    path(
        "registration/manage/<str:token>/details/",
        manage_views.update_details,
        name="update_details",
    ),
    path(
        "registration/manage/<str:token>/answers/",
        manage_views.update_answers,
        name="update_answers",
    ),
    path("registration/manage/<str:token>/switch/", manage_views.switch_mode, name="switch_mode"),
    path(
        "registration/manage/<str:token>/language/",
        manage_views.change_language,
        name="change_language",
    ),
    path("registration/manage/<str:token>/cancel/", manage_views.cancel, name="cancel"),
    path("registration/manage/<str:token>/erase/", manage_views.erase, name="erase"),
    path(
        "registration/manage/<str:token>/calendar-feed/reset/",
        manage_views.reset_calendar_feed,
        name="reset_calendar_feed",
    ),
    # The personal calendar feed has its own read-only link (registration/links.py); the
    # manage link no longer serves it: the old address answers as an unknown link does.
    path("registration/manage/<str:token>/calendar.ics", views.link_invalid),
    path("registration/feed/<str:token>/calendar.ics", views.calendar_feed, name="calendar_feed"),
    path(
        "registration/email/<str:signed>/",
        views.confirm_email_change,
        name="confirm_email_change",
    ),
]
