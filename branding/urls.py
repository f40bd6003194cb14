from django.urls import path, re_path

from branding import views

app_name = "branding"

urlpatterns = [
    path("branding/<slug:slug>/theme.css", views.theme_css, name="theme"),
    re_path(
        r"^branding/(?P<slug>[-\w]+)/og/(?P<language>[a-z]{2}(?:-[a-z]+)?)\.png$",
        views.og_image,
        name="og_image",
    ),
]
