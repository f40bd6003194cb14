from django.urls import path

from visas import views

app_name = "visas"

urlpatterns = [
    path("registration/manage/<str:token>/visa/", views.visa_request, name="request"),
    path(
        "registration/manage/<str:token>/visa/invitation.pdf",
        views.invitation,
        name="invitation",
    ),
]
