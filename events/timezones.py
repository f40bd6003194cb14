"""Time-zone conversion and display: one module for every page that shows a time."""

import functools
import zoneinfo
from dataclasses import dataclass
from datetime import datetime, time

from babel import Locale, UnknownLocaleError
from babel.dates import get_timezone_location
from django.conf import settings
from django.utils import translation
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join


def audience_zone_names(conference=None):
    """The zones a conference's audience lives in, most important first: its own
    `audience_time_zones`, else settings.AUDIENCE_TIME_ZONES (the fallback). Names this
    system does not know are left out (the admin refuses them; old rows may hold one)."""
    names = list(getattr(conference, "audience_time_zones", None) or [])
    if not names:
        names = list(settings.AUDIENCE_TIME_ZONES)
    return [name for name in dict.fromkeys(names) if get_zone(name) is not None]


# China keeps one zone and calls it Beijing time; CLDR names Asia/Shanghai after Shanghai.
# The one city we spell differently from CLDR, in each language the site speaks: a fact
# of the zone database's naming, true whichever conference shows it (no conference's place).
CITY_OVERRIDES = {
    "Asia/Shanghai": {"en": "Beijing", "ru": "Пекин", "zh-hans": "北京"},
}


@functools.cache
def _babel_locale(language):
    """Babel's locale for a Django language code ('zh-hans' -> zh_Hans), English when
    Babel does not know it."""
    try:
        return Locale.parse(translation.to_locale(language))
    except (ValueError, UnknownLocaleError):
        return Locale.parse("en")


@functools.cache
def city_name(zone_name, language):
    """The city a zone is named after, in `language` ('Париж' for Europe/Paris in Russian),
    from CLDR's exemplar cities through Babel ('UTC' for UTC and zones with no city)."""
    override = CITY_OVERRIDES.get(zone_name, {})
    if language in override:
        return override[language]
    if zone_name == "UTC" or "/" not in zone_name:
        return zone_name
    try:
        city = get_timezone_location(zone_name, locale=_babel_locale(language), return_city=True)
    except LookupError:
        city = zone_name
    # Where CLDR knows no city, Babel returns the name's path ('Argentina/Buenos Aires').
    return city.rsplit("/", 1)[-1].replace("_", " ")


def utc_offset_label(moment: datetime) -> str:
    """'UTC+7', 'UTC+5:30', 'UTC−3' (with a real minus sign), 'UTC±0'."""
    offset = moment.utcoffset()
    total_minutes = int(offset.total_seconds() // 60)
    if total_minutes == 0:
        return "UTC±0"
    sign = "+" if total_minutes > 0 else "−"
    hours, minutes = divmod(abs(total_minutes), 60)
    return f"UTC{sign}{hours}:{minutes:02d}" if minutes else f"UTC{sign}{hours}"


@dataclass(frozen=True)
class ZonedSpan:
    """A start and end shown in one zone."""

    label: str
    zone_name: str
    starts_at: datetime
    ends_at: datetime

    @property
    def start_offset(self):
        return utc_offset_label(self.starts_at)

    @property
    def end_offset(self):
        return utc_offset_label(self.ends_at)


def span_in_zone(starts_at, ends_at, zone_name, label=None):
    zone = zoneinfo.ZoneInfo(zone_name)
    return ZonedSpan(
        label=label or zone_name,
        zone_name=zone_name,
        starts_at=starts_at.astimezone(zone),
        ends_at=ends_at.astimezone(zone),
    )


def span_in_reference_zones(starts_at, ends_at, *, conference=None, exclude=()):
    """The same span in each zone the conference's audience lives in (skipping zones in
    `exclude`), each labelled with its city in the active language."""
    return [
        span_in_zone(starts_at, ends_at, zone_name, zone_label(zone_name))
        for zone_name in audience_zone_names(conference)
        if zone_name not in exclude
    ]


# --- Choosing a zone, grouping by day, waking hours (the programme) -------------------


def short_list(conference=None):
    """[(zone name, its city in the active language)] for the picker's first choices: the
    conference's own zone, the zones its audience lives in, and UTC. Any other IANA name
    works through `?tz=`."""
    names = [getattr(conference, "time_zone", None), *audience_zone_names(conference), "UTC"]
    names = [name for name in dict.fromkeys(names) if name and get_zone(name) is not None]
    return [(name, zone_label(name)) for name in names]


def regions(conference=None):
    """[(city in the active language, zone name)] of each zone the conference's audience
    lives in: the places its programme is timed for."""
    return [(zone_label(name), name) for name in audience_zone_names(conference)]


# A session suits a region when it starts at or after EARLIEST and ends by LATEST, local time.
EARLIEST = time(8, 0)
LATEST = time(22, 0)


@functools.cache
def known_zone_names():
    """Every IANA zone name this system knows (tzdata), as a frozenset."""
    return frozenset(zoneinfo.available_timezones())


def get_zone(name):
    """The ZoneInfo for an IANA name, or None for anything unknown (never raises)."""
    if not isinstance(name, str) or name not in known_zone_names():
        return None
    return zoneinfo.ZoneInfo(name)


def zone_label(zone_name, language=None):
    """A reader's name for a zone: its city in the active language ('Paris', 'Париж',
    '巴黎'; CITY_OVERRIDES' spelling where it has one), 'UTC' for UTC."""
    return city_name(zone_name, language or translation.get_language() or "en")


@functools.cache
def zone_options(language):
    """The <option> of every IANA zone for the picker's datalist in `language`, built once
    per process and language (the zone database only changes with a deploy). IANA names
    are English; where `language` spells the city otherwise, the option carries it as its
    label, so a visitor typing 'Пекин' or '纽约' is offered it (and a city typed and sent
    as it is works too: `zone_for_city`)."""

    def option(name):
        city = city_name(name, language)
        if city == city_name(name, "en"):
            return format_html('<option value="{}">', name)
        return format_html('<option value="{}" label="{}">', name, city)

    return format_html_join("", "{}", ((option(name),) for name in sorted(known_zone_names())))


@functools.cache
def _zones_by_city(language):
    """{city, case-folded: zone name} for every zone's city in `language` and in English.
    Where several zones share a city (an old alias and today's name), the zone named after
    the city wins: 'Kolkata' is Asia/Kolkata, not Asia/Calcutta."""
    found = {}
    for name in sorted(known_zone_names()):
        for city in {city_name(name, language), city_name(name, "en")}:
            key = city.casefold()
            named_after = name.rsplit("/", 1)[-1].replace("_", " ").casefold() == key
            if key not in found or (named_after and not found[key][1]):
                found[key] = (name, named_after)
    return {key: name for key, (name, _named_after) in found.items()}


def zone_for_city(text, language=None):
    """The ZoneInfo for a city typed in the page's language or in English ('Пекин',
    'Нью-Йорк', '纽约', 'new york'), or None."""
    if not isinstance(text, str):
        return None
    language = language or translation.get_language() or "en"
    name = _zones_by_city(language).get(" ".join(text.split()).casefold())
    return zoneinfo.ZoneInfo(name) if name else None


def time_with_offset(moment, zone=None):
    """'19:00 UTC+7': the wall-clock time in `zone` (or its own zone) and the UTC offset."""
    local = moment.astimezone(zone) if zone else moment
    return f"{local:%H:%M} {utc_offset_label(local)}"


def time_span_html(starts_at, ends_at):
    """'19:00–20:30 UTC+7' as two <time> elements, with the end's day when it is a later
    one; both instants already in the zone to show. Pages show it on every programme row,
    so it is one function call, not an include with a dozen template filters."""
    later_day = ""
    if ends_at.date() != starts_at.date():
        later_day = format_html(" ({})", date_format(ends_at, "SHORT_DAY_FORMAT"))
    return format_html(
        '<time datetime="{}">{}</time>–<time datetime="{}">{}</time>{} '
        '<span class="text-body-secondary">{}</span>',
        starts_at.isoformat(),
        f"{starts_at:%H:%M}",
        ends_at.isoformat(),
        f"{ends_at:%H:%M}",
        later_day,
        utc_offset_label(starts_at),
    )


def local_date(moment, zone):
    """The calendar day `moment` falls on in `zone`."""
    return moment.astimezone(zone).date()


def group_by_day(items, zone, *, key=lambda item: item.starts_at):
    """Items grouped by the day their `key` instant falls on in `zone`, in time order.

    Returns [(date, [items...]), ...]. A session starting at 23:30 in the chosen zone sits on
    that day even when it ends after midnight there.
    """
    days = {}
    for item in sorted(items, key=key):
        days.setdefault(local_date(key(item), zone), []).append(item)
    return list(days.items())


def within_waking_hours(starts_at, ends_at, zone):
    """True when the span starts at or after 08:00 and ends by 22:00 on the same local day."""
    start = starts_at.astimezone(zone)
    end = ends_at.astimezone(zone)
    if start.time() < EARLIEST:
        return False
    if end.date() != start.date():
        return False
    return end.time() <= LATEST


@dataclass(frozen=True)
class RegionalSpan:
    """A span shown in one of the audience's zones, and whether it suits people there."""

    region: str
    zone_name: str
    starts_at: datetime
    ends_at: datetime
    suits: bool

    @property
    def start_offset(self):
        return utc_offset_label(self.starts_at)

    @property
    def ends_next_day(self):
        return self.ends_at.date() != self.starts_at.date()


def regional_spans(starts_at, ends_at, conference=None):
    """The span in each zone the conference's audience lives in, each marked when outside
    08:00-22:00 there."""
    spans = []
    for region, zone_name in regions(conference):
        zone = zoneinfo.ZoneInfo(zone_name)
        spans.append(
            RegionalSpan(
                region=region,
                zone_name=zone_name,
                starts_at=starts_at.astimezone(zone),
                ends_at=ends_at.astimezone(zone),
                suits=within_waking_hours(starts_at, ends_at, zone),
            )
        )
    return spans


def unsuitable_regions(starts_at, ends_at, conference=None):
    """Names of the audience's places where the span falls outside 08:00-22:00 local time."""
    return [
        span.region for span in regional_spans(starts_at, ends_at, conference) if not span.suits
    ]
