from django.urls import path

from privacy import views

app_name = "privacy"

urlpatterns = [
    path("privacy/consent/", views.consent_document, name="consent_document"),
    path(
        "privacy/consent/<slug:purpose>/<str:version>/",
        views.consent_text,
        name="consent_text",
    ),
    path("registration/manage/<str:token>/my-data/", views.my_data, name="my_data"),
    path("registration/manage/<str:token>/my-data.json", views.my_data_json, name="my_data_json"),
    path(
        "registration/manage/<str:token>/consent/<slug:purpose>/withdraw/",
        views.withdraw,
        name="withdraw",
    ),
    path(
        "registration/manage/<str:token>/consent/<slug:purpose>/give/",
        views.give,
        name="give",
    ),
]
