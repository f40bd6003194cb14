"""Programme pages: the programme, one session, the speakers, the live-from-your-region view
and the programme feed. Times are rendered on the server in the zone the visitor chose with
`?tz=` (remembered in a cookie), so the pages work without JavaScript.
"""

import re
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta

from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.template import Context
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import condition, require_safe

from events import calendar, page_cache, programme, timezones
from events.models import Conference, DeletedSession, Session
from events.page_cache import cache_public_page
from events.templatetags.content_language import fallback_lang

SLUG = re.compile(r"[-a-zA-Z0-9_]+")
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


@dataclass(frozen=True)
class ProgrammeSession:
    """What the programme page shows of a session whatever the visitor's zone, in flat
    attributes, with its card rendered but for its place in the grid and its time
    (`card_parts`). Worked out once per content version and language (`programme_page_sessions`):
    a page in a zone nobody asked for before then costs no session query, no per-row
    template and no per-row translation lookup, only the zone conversion of each time."""

    pk: int
    slug: str
    starts_at: datetime  # as stored (UTC)
    ends_at: datetime
    status: str
    is_provisional: bool
    title: str
    title_lang: str  # ' lang="en"' where the title is the English fallback, else ''
    url: str
    kind: str
    format: str
    room: str
    room_lang: str
    topic: str
    topic_lang: str
    speakers: tuple  # (name, link to the speaker on the speakers page)
    kind_value: str = ""  # Session.Kind's value, for the card's class
    room_name: str = ""  # the room's column in the grid ("" for none)
    topic_pk: int | None = None
    spans_rooms: bool = False  # a break, plenary or ceremony: across every room when alone
    event_time: str = ""  # the time in the conference's zone, with the zone's name
    # The rendered card around its grid position and its time: part, position, part, time,
    # part (programme_page's cards).
    card_parts: tuple = ()

    @property
    def is_cancelled(self):
        return self.status == Session.Status.CANCELLED


@dataclass(frozen=True)
class ProgrammeRow:
    """A session's row in the chosen zone: its time, and "now" and "next" while the
    conference runs."""

    entry: programme.ProgrammeEntry
    time: str
    position: str = ""  # the grid's classes (events.programme.GridPlacement)

    @property
    def session(self):
        return self.entry.session

    @property
    def is_now(self):
        return self.entry.is_now

    @property
    def is_next(self):
        return self.entry.is_next

    @property
    def row_class(self):
        if self.entry.is_now:
            return "is-now"
        if self.entry.is_next:
            return "is-next"
        if self.entry.is_cancelled:
            return "is-cancelled"
        return ""


# Stand in for the time and the grid position while a card is rendered once for every
# zone: safe markup, which no escaped session text can contain.
TIME_SLOT = mark_safe("<!--programme-time-->")
POSITION_SLOT = mark_safe("programme-position-slot")
ROW_TEMPLATE = "events/includes/programme_row.html"
SPANNING_KINDS = {Session.Kind.BREAK, Session.Kind.PLENARY, Session.Kind.CEREMONY}


def _render_row(template, row):
    context = Context({"row": row, "session": row.session}, autoescape=True)
    return template.template.render(context)


class ProgrammeRows:
    """One conference's sessions as its programme page shows them, reversing each URL
    pattern once."""

    def __init__(self, conference):
        self.speakers_url = reverse("events:speakers", kwargs={"slug": conference.slug})
        self.event_zone = conference.zone
        self.event_zone_label = timezones.zone_label(conference.time_zone)
        self.kinds = {value: str(label) for value, label in Session.Kind.choices}
        self.formats = {value: str(label) for value, label in Session.Format.choices}
        # The session URL with a marker for its slug; slugs need no quoting in a path.
        marker = "session-slug-marker"
        self.session_url = reverse(
            "events:session_detail", kwargs={"slug": conference.slug, "session_slug": marker}
        ).split(marker)

    def url(self, session):
        if len(self.session_url) == 2 and SLUG.fullmatch(session.slug):
            return session.slug.join(self.session_url)
        return session.get_absolute_url()

    def session(self, session):
        """The ProgrammeSession of a Session (with its room, topic and speakers loaded)."""
        return ProgrammeSession(
            pk=session.pk,
            slug=session.slug,
            starts_at=session.starts_at,
            ends_at=session.ends_at,
            status=session.status,
            is_provisional=session.is_provisional,
            title=session.title,
            title_lang=fallback_lang(session, "title"),
            url=self.url(session),
            kind=self.kinds.get(session.kind, session.kind),
            format=self.formats.get(session.format, session.format),
            room=session.room.name if session.room else "",
            room_lang=fallback_lang(session.room, "name"),
            topic=session.topic.title if session.topic else "",
            topic_lang=fallback_lang(session.topic, "title"),
            speakers=tuple(
                (speaker.name, f"{self.speakers_url}#speaker-{speaker.slug}")
                for speaker in session.speakers.all()
            ),
            kind_value=session.kind,
            room_name=session.room.name if session.room else "",
            topic_pk=session.topic_id,
            spans_rooms=session.kind in SPANNING_KINDS,
            event_time=self.event_time(session),
        )

    def event_time(self, session):
        """'Tomsk 19:00–20:30 UTC+7': plain text beside the visitor's <time> elements."""
        starts_at = session.starts_at.astimezone(self.event_zone)
        ends_at = session.ends_at.astimezone(self.event_zone)
        later_day = ""
        if ends_at.date() != starts_at.date():
            later_day = f" ({date_format(ends_at, 'SHORT_DAY_FORMAT')})"
        return format_html(
            '<span class="programme-event-time">{} {}–{}{} {}</span>',
            self.event_zone_label,
            f"{starts_at:%H:%M}",
            f"{ends_at:%H:%M}",
            later_day,
            timezones.utc_offset_label(starts_at),
        )

    def sessions(self, sessions):
        """ProgrammeSessions with their cards rendered around POSITION_SLOT and TIME_SLOT
        (neither now nor next: those few cards are rendered per request)."""
        template = get_template(ROW_TEMPLATE)
        shown = []
        for session in sessions:
            item = self.session(session)
            entry = programme.ProgrammeEntry(
                session=item, starts_at=item.starts_at, ends_at=item.ends_at
            )
            rendered = _render_row(template, ProgrammeRow(entry, TIME_SLOT, POSITION_SLOT))
            before, rest = rendered.split(POSITION_SLOT)
            # The parts of the rendered template, escaped there: still safe markup.
            parts = (before, *rest.split(TIME_SLOT))
            shown.append(replace(item, card_parts=tuple(mark_safe(p) for p in parts)))  # noqa: S308
        return tuple(shown)


def programme_page_sessions(conference):
    """The conference's ProgrammeSessions in time order, in the active language: computed
    once per content version (a save of this conference's content, or of what conferences
    share, makes new ones) and kept in the process
    (events.page_cache.remember_in_process)."""
    return page_cache.remember_in_process(
        f"programme-sessions:{conference.pk}:{translation.get_language()}",
        lambda: ProgrammeRows(conference).sessions(programme.programme_sessions(conference)),
        slug=conference.slug,
    )


def webcal_url(path):
    url = f"{settings.SITE_URL}{path}"
    return "webcal://" + url.split("://", 1)[1]


def _render(request, template, context, choice):
    response = render(request, template, context)
    return apply_zone_choice(request, response, choice)


@dataclass(frozen=True)
class GridRoom:
    name: str
    lang: str  # ' lang="en"' where the name is the English fallback


@dataclass
class ShownDay:
    """A day of the programme page: its cards, and how a wide screen lays them out."""

    date: date
    cards: str  # safe markup
    count: int
    rooms: list  # GridRoom, a column each; empty when the day is a list
    ticks: list  # (row line, "09:00" in the chosen zone)
    is_grid: bool

    @property
    def iso(self):
        return self.date.isoformat()


class RowsInZone:
    """Per request: each entry's card in the chosen zone. Sessions in parallel share their
    times, so each distinct time is formatted once. `with_event_time`: the visitor's zone
    is not the conference's, so each card says the conference's time too."""

    def __init__(self, *, with_event_time=False):
        self.times = {}
        self.template = None
        self.with_event_time = with_event_time

    def time(self, entry):
        key = (entry.starts_at, entry.ends_at)
        shown = self.times.get(key)
        if shown is None:
            shown = self.times[key] = timezones.time_span_html(*key)
        if self.with_event_time:
            return shown + entry.session.event_time
        return shown

    def row(self, entry, position=""):
        return ProgrammeRow(entry, self.time(entry), position)

    def day(self, day):
        """The day's cards, placed in its grid when it has one, as a ShownDay."""
        grid = programme.day_grid(
            day.entries,
            column_of=lambda entry: entry.session.room_name or None,
            spans_rooms=lambda entry: entry.session.spans_rooms,
        )
        parts = []
        for entry in day.entries:
            position = grid.placements[id(entry)].css_class if grid else ""
            if entry.is_now or entry.is_next:
                self.template = self.template or get_template(ROW_TEMPLATE)
                parts.append(_render_row(self.template, self.row(entry, position)))
            else:
                before, after_position, after_time = entry.session.card_parts
                parts += (before, position, after_position, self.time(entry), after_time)
        rooms, ticks = [], []
        if grid:
            langs = {e.session.room_name: e.session.room_lang for e in day.entries}
            rooms = [
                GridRoom(name, langs[name]) if name else GridRoom(_("Room to be announced"), "")
                for name in grid.columns
            ]
            ticks = [(line, f"{moment:%H:%M}") for line, moment in grid.ticks]
        return ShownDay(
            date=day.date,
            # Rendered templates, time_span_html and class names: each part is safe markup.
            cards=mark_safe("".join(parts)),  # noqa: S308
            count=len(day.entries),
            rooms=rooms,
            ticks=ticks,
            is_grid=grid is not None,
        )


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


@require_safe
@cache_filtered_programme_page
def programme_page(request, slug):
    conference = get_object_or_404(Conference, slug=slug)
    choice = choose_zone(request, conference)
    schedule = programme.build_programme(
        conference=conference,
        zone=choice.zone,
        sessions=programme_page_sessions(conference),
        now=timezone.now(),
    )
    filters = programme_filters(request, schedule)
    feed_path = reverse("events:programme_ics", kwargs={"slug": conference.slug})
    path = reverse("events:programme", kwargs={"slug": conference.slug})
    rows = RowsInZone(with_event_time=choice.name != conference.time_zone)
    days = []
    for day in schedule.days:
        if filters.day and day.date.isoformat() != filters.day:
            continue
        entries = [entry for entry in day.entries if filters.keeps(entry)]
        if entries:
            days.append(rows.day(programme.ProgrammeDay(date=day.date, entries=entries)))
    context = {
        "conference": conference,
        "programme": schedule,
        "days": days,
        "filters": filters,
        "shown_count": sum(day.count for day in days),
        "total_count": sum(len(day.entries) for day in schedule.days),
        "now_rows": [rows.row(entry) for entry in schedule.now],
        "next_rows": [rows.row(entry) for entry in schedule.next],
        "feed_url": feed_path,
        "webcal_url": webcal_url(feed_path),
        "canonical_url": f"{settings.SITE_URL}{path}",
        **zone_context(request, conference, choice),
    }
    return _render(request, "events/programme.html", context, choice)


@require_safe
@cache_programme_page
def session_page(request, slug, session_slug):
    try:
        session = programme.session_for_page(conference_slug=slug, session_slug=session_slug)
    except Session.DoesNotExist:
        raise Http404(_("No such session.")) from None
    conference = session.conference
    choice = choose_zone(request, conference)
    context = {
        "conference": conference,
        "session": session,
        "starts_at": session.starts_at.astimezone(choice.zone),
        "ends_at": session.ends_at.astimezone(choice.zone),
        "event_starts_at": session.starts_at.astimezone(conference.zone),
        "event_ends_at": session.ends_at.astimezone(conference.zone),
        "regional_spans": timezones.regional_spans(session.starts_at, session.ends_at, conference),
        **zone_context(request, conference, choice),
    }
    return _render(request, "events/session_detail.html", context, choice)


@dataclass
class SpeakerSession:
    """One of a speaker's sessions as the speakers page lists it, worked out in Python."""

    session: Session
    url: str
    title: str
    day: str  # "Mon 30 Mar" in the chosen zone
    time: str  # {% programme_time %}
    is_cancelled: bool


@require_safe
@cache_programme_page
def speakers_page(request, slug):
    conference = get_object_or_404(Conference, slug=slug)
    choice = choose_zone(request, conference)
    speakers = list(programme.conference_speakers(conference))
    rows = ProgrammeRows(conference)
    for speaker in speakers:
        speaker.programme_sessions = []
        for session in speaker.conference_sessions:
            starts_at = session.starts_at.astimezone(choice.zone)
            speaker.programme_sessions.append(
                SpeakerSession(
                    session=session,
                    url=rows.url(session),
                    title=session.title,
                    day=date_format(starts_at, "SHORT_DAY_FORMAT"),
                    time=timezones.time_span_html(
                        starts_at, session.ends_at.astimezone(choice.zone)
                    ),
                    is_cancelled=session.status == Session.Status.CANCELLED,
                )
            )
    context = {
        "conference": conference,
        "speakers": speakers,
        **zone_context(request, conference, choice),
    }
    return _render(request, "events/speakers.html", context, choice)


@require_safe
@cache_public_page
def regions_page(request, slug):
    conference = get_object_or_404(Conference, slug=slug)
    rows = programme.regional_rows(programme.programme_sessions(conference), conference)
    context = {
        "conference": conference,
        "rows": rows,
        "regions": [region for region, _zone in timezones.regions(conference)],
        "earliest": timezones.EARLIEST,
        "latest": timezones.LATEST,
        "unsuitable_count": sum(1 for row in rows if not row.suits_all),
    }
    return render(request, "events/programme_regions.html", context)


def _feed_state(request, slug):
    # Only organisers' saves change it, and each save raises the content version: a
    # subscribed calendar's check costs no query.
    return page_cache.remember(f"feed-state:{slug}", lambda: programme.feed_state(slug), slug=slug)


def _feed_etag(request, slug):
    state = _feed_state(request, slug)
    return calendar.language_etag(state.etag, translation.get_language()) if state else None


def _feed_last_modified(request, slug):
    state = _feed_state(request, slug)
    return state.last_modified if state else None


@require_safe
@condition(etag_func=_feed_etag, last_modified_func=_feed_last_modified)
@cache_public_page
def programme_ics(request, slug):
    conference = get_object_or_404(Conference, slug=slug)
    sessions = programme.programme_sessions(conference)
    response = calendar.calendar_response(
        calendar.programme_calendar(conference, sessions),
        filename=f"{conference.slug}-programme",
    )
    # Subscribed calendars may keep a copy but must ask (cheaply, with the ETag) each time.
    patch_cache_control(response, no_cache=True)
    return response


@require_safe
def session_ics(request, slug, session_slug):
    try:
        session = programme.session_for_page(conference_slug=slug, session_slug=session_slug)
    except Session.DoesNotExist:
        return _deleted_session_ics(slug, session_slug)
    return calendar.calendar_response(
        calendar.session_calendar(session), filename=f"{slug}-{session.slug}"
    )


def _deleted_session_ics(slug, session_slug):
    # A calendar that imported this file learns that the session is gone, for as long as
    # the feeds announce it (events.models.DeletedSession).
    try:
        deleted = programme.deleted_session_for_page(
            conference_slug=slug, session_slug=session_slug
        )
    except DeletedSession.DoesNotExist:
        raise Http404(_("No such session.")) from None
    return calendar.calendar_response(
        calendar.deleted_session_calendar(deleted), filename=f"{slug}-{session_slug}"
    )
