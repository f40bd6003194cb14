from django.urls import path

from attending import join_views, views

app_name = "attending"

urlpatterns = [
    path("checkin/", views.desk_home, name="home"),
    path("checkin/login/", views.login, name="login"),
    path("checkin/<slug:slug>/", views.desk, name="desk"),
    # Personal links of confirmed participants (attending/joins.py): never in public pages.
    path("join/<int:session_id>/<str:token>/", join_views.join_session, name="join"),
    path(
        "join/<int:session_id>/<str:token>/<int:option_id>/",
        join_views.join_session,
        name="join_option",
    ),
    path("join/<int:session_id>/<str:token>/slides/", join_views.slides, name="slides"),
]
