"""Public files of a conference's look: its stylesheet (the colour as a CSS custom
property, so no page carries inline CSS) and its social preview image per language."""

import hashlib

from django.conf import settings
from django.core.cache import caches
from django.http import Http404, HttpResponse, HttpResponseNotModified
from django.shortcuts import get_object_or_404
from django.utils import translation
from django.utils.http import http_date, parse_http_date_safe, quote_etag
from django.utils.translation import gettext
from django.views.decorators.http import require_safe

from branding import og
from branding.models import DEFAULT_COLOUR, Branding
from events.models import Conference

THEME_MAX_AGE = 24 * 60 * 60
OG_MAX_AGE = 60 * 60


def _etag_matches(request, etag):
    sent = request.headers.get("If-None-Match", "")
    return any(tag.strip().removeprefix("W/") == etag for tag in sent.split(","))


def _not_modified_since(request, modified):
    since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
    return since is not None and int(modified.timestamp()) <= since


def _conditional(request, body, content_type, etag, modified, max_age):
    if _etag_matches(request, etag) or (
        "If-None-Match" not in request.headers and _not_modified_since(request, modified)
    ):
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(body, content_type=content_type)
    response["ETag"] = etag
    response["Last-Modified"] = http_date(modified.timestamp())
    response["Cache-Control"] = f"public, max-age={max_age}"
    return response


@require_safe
def theme_css(request, slug):
    branding = get_object_or_404(
        Branding.objects.only("primary_colour", "updated_at"), conference__slug=slug
    )
    colour = branding.primary_colour.lower()
    body = f":root{{--brand:{colour}}}\n"
    etag = quote_etag(hashlib.sha256(body.encode()).hexdigest()[:16])
    return _conditional(
        request, body, "text/css; charset=utf-8", etag, branding.updated_at, THEME_MAX_AGE
    )


def _generated(conference, branding, language):
    stamp = max(filter(None, [conference.updated_at, branding and branding.updated_at]))
    colour = branding.primary_colour if branding else DEFAULT_COLOUR
    key = (
        "branding-og:"
        + hashlib.sha256(
            f"{conference.pk}|{stamp.isoformat()}|{colour}|{language}".encode()
        ).hexdigest()
    )
    cache = caches["default"]
    body = cache.get(key)
    if body is None:
        with translation.override(language):
            body = og.render_png(
                title=conference.title,
                dates=og.date_span(conference, language),
                city=conference.venue_city,
                colour=colour,
                site_name=gettext("TPU Conferences"),
            )
        cache.set(key, body, timeout=7 * 24 * 60 * 60)
    return body, stamp


@require_safe
def og_image(request, slug, language):
    if language not in dict(settings.LANGUAGES):
        raise Http404
    conference = get_object_or_404(Conference, slug=slug)
    branding = Branding.objects.filter(conference=conference).first()
    if branding and branding.og_image:
        with branding.og_image.open("rb") as file:
            body = file.read()
        content_type = "image/png" if body.startswith(b"\x89PNG") else "image/jpeg"
        stamp = branding.updated_at
    else:
        body, stamp = _generated(conference, branding, language)
        content_type = "image/png"
    etag = quote_etag(hashlib.sha256(body).hexdigest()[:16])
    return _conditional(request, body, content_type, etag, stamp, OG_MAX_AGE)
