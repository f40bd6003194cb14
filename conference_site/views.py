"""Site-wide endpoints that belong to no app: health check, robots.txt, error pages."""

from django.conf import settings
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.utils import translation
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET


@require_GET
@cache_control(no_store=True)
def healthz(request):
    """For load balancers: the process answers. Touches neither the database nor the cache."""
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    # Personal pages and the admin exist once per language: /registration/manage/,
    # /ru/registration/manage/..., /admin/, /ru/admin/... Calendar feeds, personal join
    # links, a delegation contact's page, verification codes and the check-in desk are never
    # for a crawler either.
    prefixes = [""] + [
        f"/{code}" for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE
    ]
    lines = [
        "User-agent: *",
        *[f"Disallow: {prefix}/admin/" for prefix in prefixes],
        *[
            f"Disallow: {prefix}/{path}/"
            for path in (
                "registration/manage",
                "registration/feed",
                "join",
                "delegation",
                "verify",
                "checkin",
            )
            for prefix in prefixes
        ],
        f"Sitemap: {settings.SITE_URL}{reverse('django.contrib.sitemaps.views.sitemap')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def bad_request(request, exception):
    """A request Django cannot read (e.g. a form posted in another charset than UTF-8).

    Django's own handler asks the CSRF check for a token, which reads the unreadable form
    again and turns the 400 into a 500; this one reads nothing from the request body."""
    return render(request, "400.html", status=400)


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


def server_error(request):
    """The 500 page in the language of the page that failed (LocaleMiddleware has chosen
    it). No context processors, database or URL reversal: the error may be any of them."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    home_url = "/" if language == settings.LANGUAGE_CODE else f"/{language}/"
    context = {"LANGUAGE_CODE": language, "home_url": home_url}
    with translation.override(language):
        return HttpResponseServerError(loader.get_template("500.html").render(context))
