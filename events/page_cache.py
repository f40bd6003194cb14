"""Whole-page caching of public pages, invalidated when organisers save anything.

Public pages are the same for every anonymous visitor, so they are rendered once and kept
in the shared cache. Every key carries a content version; saving or deleting any events
model raises the version (see `events.apps`), so an organiser's edit shows at once on
every app server. Figures that change without an organiser (seats left) are at most
PUBLIC_PAGE_SECONDS old; the registration form itself always counts under a lock.
"""

import functools
import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse

VERSION_KEY = "public-pages:version"
PUBLIC_PAGE_SECONDS = 30

# A visitor with any of these cookies may see something personal (a message, the admin).
PERSONAL_COOKIES = (settings.SESSION_COOKIE_NAME, "messages")


def content_version():
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        version = cache.get(VERSION_KEY, 1)
    return version


def invalidate_public_pages(**kwargs):
    """Signal receiver and plain function: every cached public page is stale from now on."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, timeout=None)


def _cache_key(request, vary_on_cookies):
    parts = [request.path, request.GET.urlencode()]
    parts += [f"{name}={request.COOKIES.get(name, '')}" for name in vary_on_cookies]
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    return f"public-pages:{content_version()}:{digest}"


def cache_public_page(view=None, *, vary_on_cookies=()):
    """Serves an anonymous GET from the shared cache; renders and stores it on a miss.

    Only complete 200 responses that set no cookie are stored, so nothing personal
    (a CSRF cookie, a message) is ever handed to another visitor.
    """

    def decorator(view_func):
        @functools.wraps(view_func)
        def wrapper(request, *args, **kwargs):
            if request.method not in ("GET", "HEAD") or any(
                name in request.COOKIES for name in PERSONAL_COOKIES
            ):
                return view_func(request, *args, **kwargs)
            key = _cache_key(request, vary_on_cookies)
            cached = cache.get(key)
            if cached is not None:
                content, content_type = cached
                return HttpResponse(content, content_type=content_type)
            response = view_func(request, *args, **kwargs)
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
            if response.status_code == 200 and not response.cookies and not response.streaming:
                cache.set(key, (response.content, response["Content-Type"]), PUBLIC_PAGE_SECONDS)
            return response

        return wrapper

    return decorator(view) if view is not None else decorator
