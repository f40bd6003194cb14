"""The site's URLs plus MEDIA_URL served, for browser tests of pages that show uploaded
logos (conference_site/urls.py serves media only with DEBUG on)."""

from django.conf import settings
from django.urls import re_path
from django.views.static import serve

from conference_site.urls import *  # noqa: F403
from conference_site.urls import urlpatterns as site_urlpatterns

urlpatterns = [
    re_path(
        rf"^{settings.MEDIA_URL.strip('/')}/(?P<path>.*)$",
        serve,
        {"document_root": settings.MEDIA_ROOT},
    ),
    *site_urlpatterns,
]
