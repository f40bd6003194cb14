from django.urls import path

from attending import views

app_name = "attending"

urlpatterns = [
    path("checkin/", views.desk_home, name="home"),
    path("checkin/login/", views.login, name="login"),
    path("checkin/<slug:slug>/", views.desk, name="desk"),
]
