"""The programme's filters (`?day=2022-05-16&track=3`): the values a conference's programme
can be filtered by, the cache key of a filtered page, and the filters a visitor asked for."""

import re
from dataclasses import dataclass, field
from datetime import UTC, date, timedelta

from django.utils.translation import gettext as _

from events import page_cache
from events.models import Session
from events.page_cache import cache_public_page
from events.programme_zone import zone_cache_key

FILTERS = ("day", "track")
DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
TRACK = re.compile(r"\d{1,9}")


@dataclass(frozen=True)
class FilterValues:
    """What a conference's programme can be filtered by, whatever the visitor's zone: its
    tracks (topic ids) and the dates its sessions start on in UTC, a day either side
    (every zone is within a day of UTC)."""

    tracks: frozenset
    first_day: date
    last_day: date

    def knows(self, day, track):
        if track and int(track) not in self.tracks:
            return False
        if day:
            try:
                wanted = date.fromisoformat(day)
            except ValueError:
                return False
            return self.first_day <= wanted <= self.last_day
        return True


def filter_values(slug):
    """The conference's FilterValues, one query per content version (kept in the process);
    None when it has no session (or no such conference: nothing is kept for a made-up
    slug)."""

    def compute():
        rows = list(Session.objects.filter(conference__slug=slug).values_list("starts_at", "topic"))
        if not rows:
            return None
        days = [starts_at.astimezone(UTC).date() for starts_at, _topic in rows]
        return FilterValues(
            tracks=frozenset(topic for _starts_at, topic in rows if topic is not None),
            first_day=min(days) - timedelta(days=1),
            last_day=max(days) + timedelta(days=1),
        )

    return page_cache.remember_in_process(f"programme-filters:{slug}", compute, slug=slug)


def programme_cache_key(request):
    """The zone (zone_cache_key) and the filters: a filtered page is cached too, but only
    for a day or track the conference may have (anything else, such as a made-up value,
    is rendered with a message and never stored, so a query string cannot fill the
    cache)."""
    zone = zone_cache_key(request)
    if zone is None:
        return None
    day, track = (request.GET.get(name, "").strip() for name in FILTERS)
    if not day and not track:
        return zone
    if (day and not DAY.fullmatch(day)) or (track and not TRACK.fullmatch(track)):
        return None
    values = filter_values(request.resolver_match.kwargs["slug"])
    if values is None or not values.knows(day, track):
        return None
    return (*zone, f"day={day}", f"track={track}")


cache_filtered_programme_page = cache_public_page(vary_on=programme_cache_key)


@dataclass
class ProgrammeFilters:
    """The day and track a visitor asked for (`?day=2022-05-16&track=3`), checked against
    the programme: an unknown one is ignored with a message."""

    days: list  # (value, date) in the chosen zone
    tracks: list  # (value, title, lang)
    day: str = ""
    track: str = ""
    errors: list = field(default_factory=list)

    @property
    def active(self):
        return bool(self.day or self.track)

    def keeps(self, entry):
        return not self.track or str(entry.session.topic_pk) == self.track


def programme_filters(request, schedule):
    days = [(day.date.isoformat(), day.date) for day in schedule.days]
    topics = {}
    for day in schedule.days:
        for entry in day.entries:
            session = entry.session
            if session.topic_pk is not None:
                topics.setdefault(session.topic_pk, (session.topic, session.topic_lang))
    tracks = [(str(pk), title, lang) for pk, (title, lang) in topics.items()]
    tracks.sort(key=lambda track: track[1].casefold())
    filters = ProgrammeFilters(days=days, tracks=tracks)
    day = request.GET.get("day", "").strip()
    if day:
        if day in dict(days):
            filters.day = day
        else:
            filters.errors.append(
                _(
                    "“%(day)s” is not a day of this programme in the zone you chose, so "
                    "every day is shown. Pick a day from the list."
                )
                % {"day": day[:32]}
            )
    track = request.GET.get("track", "").strip()
    if track:
        if track in {value for value, _title, _lang in tracks}:
            filters.track = track
        else:
            filters.errors.append(_("This programme has no such track, so every track is shown."))
    return filters
