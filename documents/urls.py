from django.urls import path

from documents import views

app_name = "documents"

urlpatterns = [
    path("registration/manage/<str:token>/letter.pdf", views.letter, name="letter"),
    path("registration/manage/<str:token>/certificate.pdf", views.certificate, name="certificate"),
    path("verify/", views.verify_form, name="verify_form"),
    path("verify/<str:code>/", views.verify, name="verify"),
]
