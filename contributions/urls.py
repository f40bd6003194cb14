from django.urls import path

from contributions import views

app_name = "contributions"

urlpatterns = [
    path("events/<slug:slug>/call/", views.call_page, name="call"),
    path("events/<slug:slug>/call/sent/", views.sent, name="sent"),
    path("contribution/<str:token>/", views.page, name="page"),
    path("contribution/<str:token>/confirm/", views.confirm, name="confirm"),
    path("contribution/<str:token>/edit/", views.edit, name="edit"),
    path("contribution/<str:token>/authors/", views.add_author, name="add_author"),
    path(
        "contribution/<str:token>/authors/<int:author_id>/remove/",
        views.remove_author,
        name="remove_author",
    ),
    path("contribution/<str:token>/attachment/", views.upload, name="upload"),
    path("contribution/<str:token>/withdraw/", views.withdraw, name="withdraw"),
]
