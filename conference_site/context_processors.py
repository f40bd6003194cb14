from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.functional import SimpleLazyObject


def site(request):
    """Values every page needs: the absolute site URL for canonical and Open Graph links,
    the privacy page the footer links to, and who runs the site (settings.SITE_OPERATOR)."""
    return {
        "SITE_URL": settings.SITE_URL,
        "privacy_url": reverse("registration:privacy"),
        "SITE_OPERATOR": settings.SITE_OPERATOR,
        "SITE_OPERATOR_ADDRESS": settings.SITE_OPERATOR_ADDRESS,
    }


def languages(request):
    """This page in every language, for the language switcher and the `hreflang` links.

    `language_links` is a list of dicts: `code`, `name` (in its own language), `path` (this
    page in that language, for `hreflang`), `url` (the same with a chosen time zone, for the
    switcher, so the zone survives) and `current`. Worked out only when a template asks, so
    the admin and plain-text answers pay nothing.

    Only a known `tz` goes into the links: pages are cached on path, language and zone, so
    anything else a visitor puts in the query string must not reach a cached page.
    """
    from events.timezones import get_zone

    zone = request.GET.get("tz", "")
    query = f"?{urlencode({'tz': zone})}" if get_zone(zone) else ""

    def links():
        current = translation.get_language()
        found = request.resolver_match is not None
        result = []
        for code, _name in settings.LANGUAGES:
            if found:
                path = translate_url(request.path, code)
                url = path + query
            else:
                # An address that resolves to nothing: offer each language's home page.
                with translation.override(code):
                    path = url = reverse("events:home")
            result.append(
                {
                    "code": code,
                    "name": translation.get_language_info(code)["name_local"],
                    "path": path,
                    "url": url,
                    "current": code == current,
                    # hreflang alternates only for a page that exists; English is the default.
                    "alternate": found,
                    "default": code == settings.LANGUAGE_CODE,
                }
            )
        return result

    return {"language_links": SimpleLazyObject(links)}
