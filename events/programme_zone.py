"""The zone a programme page shows times in: chosen with `?tz=` (remembered in a cookie),
else the cookie, else the event's zone; the picker's context; and the page cache keyed on it."""

from dataclasses import dataclass
from datetime import timedelta

from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from events import timezones
from events.page_cache import cache_public_page

ZONE_COOKIE = "programme_tz"
ZONE_COOKIE_MAX_AGE = int(timedelta(days=365).total_seconds())


def zone_cache_key(request):
    """What a cached programme page varies on: the zone its cookie names, when it is a
    zone we know (any other value shows the event's zone, as no cookie does). A request
    choosing a zone with `?tz=` is rendered: it sets or clears the cookie."""
    if "tz" in request.GET:
        return None
    zone = timezones.get_zone(request.COOKIES.get(ZONE_COOKIE))
    return (zone.key if zone else "",)


# Pages differ by the zone a visitor chose, so the cached copy does too.
cache_programme_page = cache_public_page(vary_on=zone_cache_key)


@dataclass(frozen=True)
class ZoneChoice:
    """The zone a page shows times in, and what to do with the visitor's cookie."""

    zone: object  # ZoneInfo
    error: str = ""
    remember: str | None = None  # a zone name to store in the cookie
    forget: bool = False

    @property
    def name(self):
        return self.zone.key

    @property
    def label(self):
        return timezones.zone_label(self.zone.key)


def choose_zone(request, conference):
    """`?tz=` first (empty: back to the event's zone), then the cookie, then the event's zone.
    An unknown zone gets a message and the event's zone, never an error page.
    """
    event_zone = conference.zone
    if "tz" in request.GET:
        requested = request.GET["tz"].strip()
        if not requested:
            return ZoneChoice(zone=event_zone, forget=True)
        zone = timezones.get_zone(requested) or timezones.zone_for_city(requested)
        if zone is None:
            error = _(
                "“%(requested)s” is not a time zone we know. Times are shown in the event’s "
                "zone, %(zone)s. Pick a zone from the list or type an IANA name such as "
                "Europe/Paris."
            ) % {"requested": requested[:64], "zone": event_zone.key}
            return ZoneChoice(zone=event_zone, error=error)
        return ZoneChoice(zone=zone, remember=zone.key)
    zone = timezones.get_zone(request.COOKIES.get(ZONE_COOKIE))
    return ZoneChoice(zone=zone or event_zone)


def apply_zone_choice(request, response, choice):
    if choice.remember:
        response.set_cookie(
            ZONE_COOKIE,
            choice.remember,
            max_age=ZONE_COOKIE_MAX_AGE,
            samesite="Lax",
            secure=request.is_secure(),
            httponly=True,
        )
    elif choice.forget:
        response.delete_cookie(ZONE_COOKIE, samesite="Lax")
    patch_vary_headers(response, ["Cookie"])
    return response


def zone_context(request, conference, choice):
    """What the zone picker needs."""
    short_list = timezones.short_list(conference)
    return {
        "zone": choice,
        "zone_error": choice.error,
        "zone_short_list": short_list,
        "zone_in_short_list": choice.name in dict(short_list),
        "event_zone_name": conference.time_zone,
        "event_zone_label": timezones.zone_label(conference.time_zone),
        "zone_options": timezones.zone_options(translation.get_language()),
    }
