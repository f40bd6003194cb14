from django.urls import path

from delegations import views

app_name = "delegations"

urlpatterns = [
    path("events/<slug:slug>/delegation/", views.register, name="register"),
    path("events/<slug:slug>/delegation/sent/", views.sent, name="sent"),
    path("delegation/<str:token>/", views.page, name="page"),
    path("delegation/<str:token>/confirm/", views.confirm, name="confirm"),
    path("delegation/<str:token>/add/", views.add, name="add"),
]
