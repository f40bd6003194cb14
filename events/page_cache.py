"""Whole-page caching of public pages, invalidated when organisers save anything.

Public pages are the same for every anonymous visitor, so they are rendered once and kept
in two levels: the shared cache (CACHE_URL, seen by every app server) and a small copy in
each process, so that a hit costs no network round trip at all. Every key carries content
versions kept in the shared cache (see `events.apps` for the saves that raise them):

- the site's version, raised by a save of what many conferences share (an organisation, a
  speaker) and by `invalidate_public_pages`;
- a page's scope version: each conference's own (its pages are those under
  /events/<slug>/), raised by a save of the conference or of anything it owns (its
  sessions, rooms, topics...), so editing one conference never empties another's pages;
  and the lists' (the home page, the list of conferences), raised by every such save, as
  every conference shows there.
 A process looks the version up at most once a VERSION_MEMO_SECONDS,
so an organiser's edit shows on every server within a second, and at once on the server
that saved it. Figures that change without an organiser (seats left, "now" in the
programme) are at most PUBLIC_PAGE_SECONDS old; the registration form itself always
counts under a lock.
"""

import functools
import gzip
import hashlib
import time

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.http import HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers

VERSION_KEY = "public-pages:version"
SCOPE_VERSION_KEY = "public-pages:version:{scope}"
LISTS_SCOPE = "lists"
# Scopes whose versions a process remembers; past this, the memo starts afresh (a visitor
# asking for made-up slugs must not grow it without end).
SCOPE_MEMO_LIMIT = 1000
VERSION_MEMO_SECONDS = 1.0
PUBLIC_PAGE_SECONDS = 30

# Headers a cached copy keeps (the middleware adds the security headers on every answer).
KEPT_HEADERS = (
    "Content-Type",
    "Content-Disposition",
    "Cache-Control",
    "Vary",
    "ETag",
    "Last-Modified",
)

# A visitor with any of these cookies may see something personal (a message, the admin).
PERSONAL_COOKIES = (settings.SESSION_COOKIE_NAME, "messages")

_memo = {"version": None, "until": 0.0}
# Objects derived from the content, kept as they are by `remember_in_process`:
# {name: (content version, monotonic time until which it is kept, object)}.
_derived = {}
_scope_memo = {}  # scope: (version, until)


def conference_scope(slug):
    return f"conference:{slug}"


def _shared():
    return caches["default"]


def _local():
    return caches["process"]


def content_version():
    now = time.monotonic()
    if _memo["version"] is not None and now < _memo["until"]:
        return _memo["version"]
    shared = _shared()
    version = shared.get(VERSION_KEY)
    if version is None:
        shared.add(VERSION_KEY, 1, timeout=None)
        version = shared.get(VERSION_KEY, 1)
    _memo.update(version=version, until=now + VERSION_MEMO_SECONDS)
    return version


def scope_version(scope):
    """The version of one scope's pages (a conference's, or the lists'); 0 until anything
    in it is saved. Reading never writes: a made-up slug leaves nothing in the cache."""
    now = time.monotonic()
    memo = _scope_memo.get(scope)
    if memo is not None and now < memo[1]:
        return memo[0]
    version = _shared().get(SCOPE_VERSION_KEY.format(scope=scope), 0)
    if len(_scope_memo) >= SCOPE_MEMO_LIMIT:
        _scope_memo.clear()
    _scope_memo[scope] = (version, now + VERSION_MEMO_SECONDS)
    return version


def forget_version():
    """The next page looks the content versions up in the shared cache again; what this
    process derived from the content it knew is dropped with it (the version count
    restarts when the shared cache is cleared, as tests do)."""
    _memo.update(version=None, until=0.0)
    _scope_memo.clear()
    _derived.clear()


def _raise(key):
    shared = _shared()
    if shared.add(key, 1, timeout=None):
        return
    try:
        shared.incr(key)
    except ValueError:  # expired between the add and the incr
        shared.set(key, 2, timeout=None)


def invalidate_conference_pages(slugs):
    """The cached pages of these conferences, and the lists, are stale from now on; every
    other conference's pages stay."""
    for slug in slugs:
        _raise(SCOPE_VERSION_KEY.format(scope=conference_scope(slug)))
        _scope_memo.pop(conference_scope(slug), None)
    _raise(SCOPE_VERSION_KEY.format(scope=LISTS_SCOPE))
    _scope_memo.pop(LISTS_SCOPE, None)


def changed_conference_slugs(instance):
    """The slugs of the conferences whose pages a saved row shows, or None when the row
    may show on any conference's pages (an organisation, a speaker, anything unknown)."""
    from events.models import Conference

    if isinstance(instance, Conference):
        return {instance.slug}
    conference_id = getattr(instance, "conference_id", None)
    if conference_id is None:
        return None
    field = instance._meta.get_field("conference")
    if field.is_cached(instance):  # no query when the row came with its conference
        return {instance.conference.slug}
    slug = Conference.objects.filter(pk=conference_id).values_list("slug", flat=True).first()
    return {slug} if slug else None


def invalidate_public_pages(**kwargs):
    """Signal receiver and plain function: every cached public page is stale from now on."""
    shared = _shared()
    try:
        shared.incr(VERSION_KEY)
    except ValueError:
        shared.set(VERSION_KEY, 2, timeout=None)
    forget_version()


def content_changed(instance=None, **kwargs):
    """Signal receiver for saved content: stale at once (the saving request's own next page
    shows the change) and again at the commit, so a page another request cached from the
    old rows in between is dropped too. Only the pages of the conference the row belongs
    to (and the lists) go, where it belongs to one."""
    slugs = changed_conference_slugs(instance)
    if slugs is None:
        invalidate_public_pages()
        transaction.on_commit(invalidate_public_pages)
        return
    invalidate_conference_pages(slugs)
    transaction.on_commit(lambda: invalidate_conference_pages(slugs))


def _versions(slug):
    scope = conference_scope(slug) if slug else LISTS_SCOPE
    now = time.monotonic()
    memo = _scope_memo.get(scope)
    if (_memo["version"] is None or now >= _memo["until"]) and (memo is None or now >= memo[1]):
        # Both looked up again: one round trip to the shared cache for the two.
        _prefetch_versions(scope)
    return f"{content_version()}:{scope_version(scope)}"


def _prefetch_versions(scope):
    """The site's and the scope's versions in one `get_many`, into the memos (the site's
    version is made by `content_version` when the shared cache has none)."""
    scope_key = SCOPE_VERSION_KEY.format(scope=scope)
    found = _shared().get_many([VERSION_KEY, scope_key])
    now = time.monotonic()
    if found.get(VERSION_KEY) is not None:
        _memo.update(version=found[VERSION_KEY], until=now + VERSION_MEMO_SECONDS)
    if len(_scope_memo) >= SCOPE_MEMO_LIMIT:
        _scope_memo.clear()
    _scope_memo[scope] = (found.get(scope_key, 0), now + VERSION_MEMO_SECONDS)


def remember(name, compute, *, slug=None):
    """`compute()`, kept in this process until any content changes (or for a while); with
    `slug`, until that conference's content (or the site's shared content) changes.

    For small derived facts that only organisers' saves change, such as a feed's ETag.
    None is not kept.
    """
    if not settings.PUBLIC_PAGE_CACHE:
        return compute()
    key = f"public-pages:{_versions(slug)}:fact:{name}"
    value = _local().get(key)
    if value is None:
        value = compute()
        if value is not None:
            _local().set(key, value, PUBLIC_PAGE_SECONDS)
    return value


def remember_in_process(name, compute, *, slug=None):
    """`compute()`, kept in this process as the very object (no copy, no pickling) until
    any content changes (or for a while). For larger structures every render of a page
    reads, such as a programme's rows (events.programme_rows; with `slug`, until that
    conference's content or the site's shared content changes), where unpickling a copy
    from the process cache would cost a good part of what it saves. The object is shared:
    make it immutable (tuples, frozen dataclasses). None is not kept.

    Not a cached page: kept with PUBLIC_PAGE_CACHE off too, so that the uncached figures
    of `make bench` are those of a page the cache cannot answer (a zone chosen with `?tz=`).
    """
    version = _versions(slug)
    now = time.monotonic()
    kept = _derived.get(name)
    if kept is not None and kept[0] == version and now < kept[1]:
        return kept[2]
    value = compute()
    if value is not None:
        # A copy of the items: another thread of this process may be storing at once.
        for key, (kept_for, *_rest) in list(_derived.items()):
            if kept_for != version:
                _derived.pop(key, None)
        _derived[name] = (version, now + PUBLIC_PAGE_SECONDS, value)
    return value


def _cache_key(request, varies, slug=None):
    """The path, the language and what the page says it varies on; nothing else a visitor
    sends (an arbitrary query string, an unknown cookie value) makes a new entry. The
    versions are the site's and those of the page's conference (`slug`), or the lists'."""
    parts = [request.path, translation.get_language() or "", *varies]
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    # "gz": entries hold the gzipped body only (_entry); servers of an earlier release,
    # which stored the plain body too, read and write other keys during a deploy.
    return f"public-pages:{_versions(slug)}:gz:{digest}"


def _from_cache(key):
    cached = _local().get(key)
    if cached is None:
        cached = _shared().get(key)
        if cached is not None:
            _local().set(key, cached, PUBLIC_PAGE_SECONDS)
    return cached


def _entry(response):
    """What the cache keeps: the body gzipped once (browsers all accept gzip, and a
    300-session programme shrinks from 230 KB to a tenth, so storing a page in the shared
    cache moves a tenth of the bytes) and the headers to restore."""
    headers = {name: response[name] for name in KEPT_HEADERS if name in response}
    return (gzip.compress(response.content, compresslevel=6), headers)


def _to_response(request, entry, content=None):
    """The cached page for this request: gzipped where the client accepts it, else plain
    (`content` when the caller has it, else unzipped here)."""
    gzipped, headers = entry
    accepts_gzip = "gzip" in request.META.get("HTTP_ACCEPT_ENCODING", "")
    if not accepts_gzip and content is None:
        content = gzip.decompress(gzipped)
    response = HttpResponse(gzipped if accepts_gzip else content)
    for name, value in headers.items():
        response[name] = value
    patch_vary_headers(response, ["Accept-Encoding"])
    if accepts_gzip:
        response["Content-Encoding"] = "gzip"
        etag = response.get("ETag")
        if etag and not etag.startswith("W/"):
            # The gzipped bytes differ from the plain ones: only a weak match (RFC 9110).
            response["ETag"] = f"W/{etag}"
    return response


def _storable(response):
    """A complete 200 that sets no cookie: nothing personal (a CSRF token, a message, a
    chosen time zone being remembered) is ever handed to another visitor."""
    return response.status_code == 200 and not response.cookies and not response.streaming


def cache_public_page(view=None, *, vary_on=None):
    """Serves an anonymous GET from the cache; renders and stores it on a miss.

    A page is keyed on its path and the active language only. `vary_on(request)` names
    what else it depends on, as strings (the zone a programme is shown in), or returns None
    when this request must be rendered afresh (it changes something, such as a chosen
    zone). The query string is never part of the key: a page that reads a parameter says so
    through `vary_on`. Only responses that `_storable` accepts are kept.
    """

    def decorator(view_func):
        @functools.wraps(view_func)
        def wrapper(request, *args, **kwargs):
            if (
                not settings.PUBLIC_PAGE_CACHE
                or request.method not in ("GET", "HEAD")
                or any(name in request.COOKIES for name in PERSONAL_COOKIES)
            ):
                return view_func(request, *args, **kwargs)
            varies = vary_on(request) if vary_on else ()
            if varies is None:
                return view_func(request, *args, **kwargs)
            key = _cache_key(request, varies, kwargs.get("slug"))
            cached = _from_cache(key)
            if cached is not None:
                return _to_response(request, cached)
            response = view_func(request, *args, **kwargs)
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
            if _storable(response):
                entry = _entry(response)
                _shared().set(key, entry, PUBLIC_PAGE_SECONDS)
                _local().set(key, entry, PUBLIC_PAGE_SECONDS)
                return _to_response(request, entry, response.content)
            return response

        return wrapper

    return decorator(view) if view is not None else decorator
