from django.urls import path

from mfa import views

app_name = "mfa"

urlpatterns = [
    path("verify/", views.verify, name="verify"),
    path("enrol/", views.enrol, name="enrol"),
    path("recovery-codes/", views.recovery_codes, name="recovery_codes"),
    path("step-up/", views.step_up, name="step_up"),
    path("devices/", views.devices, name="devices"),
]
