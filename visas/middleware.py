"""Passport data the configured keys cannot read (visas.fields.UnreadableVisaData) gets a
plain 503 page instead of a 500: for staff in the admin, saying which setting to check; for
the attendee, that the organisers know and to try later. The error itself is logged once
by visas.fields, not here per request."""

from django.contrib import admin
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from visas.fields import UnreadableVisaData


class UnreadableVisaDataMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, UnreadableVisaData):
            return None
        match = getattr(request, "resolver_match", None)
        if match is not None and match.app_name == admin.site.name:
            context = {
                **admin.site.each_context(request),
                "title": _("Passport data cannot be read"),
            }
            response = render(request, "admin/visas/unreadable.html", context, status=503)
        else:
            response = render(request, "visas/unreadable.html", status=503)
        add_never_cache_headers(response)
        response["X-Robots-Tag"] = "noindex, nofollow"
        response["Retry-After"] = "3600"
        # Logged once by visas.fields; django.request would log every 503 again.
        response._has_been_logged = True
        return response
