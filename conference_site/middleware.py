"""Middleware of the whole site."""

import re

from django.conf import settings
from django.shortcuts import render

from events.spam import is_trusted_proxy

# The admin, in any language (/admin/, /ru/admin/, /zh-hans/admin/).
ADMIN_PATH = re.compile(r"^/(?:[a-z]{2}(?:-[a-z]+)?/)?admin/")


class ForwardedProtoFromProxiesMiddleware:
    """X-Forwarded-Proto (SECURE_PROXY_SSL_HEADER, set by BEHIND_TLS_PROXY) says whether the
    client spoke HTTPS; only the proxy may say it. From any other peer (one that reaches
    gunicorn directly) the header is dropped, so that request.is_secure() stays false and
    the HTTPS redirect, secure cookies and CSRF origin checks hold. First in MIDDLEWARE."""

    HEADER = "HTTP_X_FORWARDED_PROTO"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self.HEADER in request.META and not is_trusted_proxy(
            request.META.get("REMOTE_ADDR", "")
        ):
            del request.META[self.HEADER]
        return self.get_response(request)


# A contribution's PDF upload (contributions/urls.py): the file and the form around it.
CONTRIBUTION_UPLOAD_PATH = re.compile(
    r"^/(?:[a-z]{2}(?:-[a-z]+)?/)?contribution/[0-9a-f]{96}/attachment/$"
)
CONTRIBUTION_UPLOAD_OVERHEAD = 64 * 1024


class RequestSizeLimitMiddleware:
    """Refuses a request whose Content-Length is over the limit with 413 and a page, before
    anything reads its body: no proxy may stand in front to do it. REQUEST_MAX_BYTES
    everywhere (no public form takes a file but a contribution's PDF, which may be
    CONTRIBUTION_PDF_MAX_BYTES with its form); ADMIN_REQUEST_MAX_BYTES for signed-in staff
    in the admin, where slides and visa invitations are uploaded. Placed after the
    authentication middleware, which reads the session, never the body."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # Django reads such a body as empty
        if length > settings.REQUEST_MAX_BYTES:
            limit = settings.REQUEST_MAX_BYTES
            if ADMIN_PATH.match(request.path_info) and request.user.is_staff:
                limit = settings.ADMIN_REQUEST_MAX_BYTES
            elif CONTRIBUTION_UPLOAD_PATH.match(request.path_info):
                limit = settings.CONTRIBUTION_PDF_MAX_BYTES + CONTRIBUTION_UPLOAD_OVERHEAD
            if length > limit:
                return render(request, "413.html", {"limit": limit}, status=413)
        return self.get_response(request)
