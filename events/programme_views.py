"""Programme pages: the programme, one session, the speakers, the live-from-your-region view
and the programme feed. Times are rendered on the server in the zone the visitor chose with
`?tz=` (remembered in a cookie), so the pages work without JavaScript.
"""

import re
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.template import Context
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.formats import date_format
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
    attributes, with its table row rendered but for the time (`row_start` + time +
    `row_end`). Worked out once per content version and language (`programme_page_sessions`):
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
    row_start: str = ""
    row_end: str = ""

    @property
    def is_cancelled(self):
        return self.status == Session.Status.CANCELLED


@dataclass(frozen=True)
class ProgrammeRow:
    """A session's row in the chosen zone: its time, and "now" and "next" while the
    conference runs."""

    entry: programme.ProgrammeEntry
    time: str

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
            return "table-success"
        if self.entry.is_next:
            return "table-info"
        if self.entry.is_cancelled:
            return "text-body-secondary"
        return ""


# Stands in for the time while a row is rendered once for every zone: safe markup, which
# no escaped session text can contain.
TIME_SLOT = mark_safe("<!--programme-time-->")
ROW_TEMPLATE = "events/includes/programme_row.html"


def _render_row(template, row):
    context = Context({"row": row, "session": row.session}, autoescape=True)
    return template.template.render(context)


class ProgrammeRows:
    """One conference's sessions as its programme page shows them, reversing each URL
    pattern once."""

    def __init__(self, conference):
        self.speakers_url = reverse("events:speakers", kwargs={"slug": conference.slug})
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
        )

    def sessions(self, sessions):
        """ProgrammeSessions with their rows rendered around TIME_SLOT (neither now nor
        next: those few rows are rendered per request)."""
        template = get_template(ROW_TEMPLATE)
        shown = []
        for session in sessions:
            item = self.session(session)
            entry = programme.ProgrammeEntry(
                session=item, starts_at=item.starts_at, ends_at=item.ends_at
            )
            rendered = _render_row(template, ProgrammeRow(entry, TIME_SLOT))
            # The two parts of the rendered template, escaped there: still safe markup.
            row_start, row_end = (mark_safe(part) for part in rendered.split(TIME_SLOT))  # noqa: S308
            shown.append(replace(item, row_start=row_start, row_end=row_end))
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


class RowsInZone:
    """Per request: each entry's row in the chosen zone. Sessions in parallel share their
    times, so each distinct time is formatted once."""

    def __init__(self):
        self.times = {}
        self.template = None

    def time(self, entry):
        key = (entry.starts_at, entry.ends_at)
        shown = self.times.get(key)
        if shown is None:
            shown = self.times[key] = timezones.time_span_html(*key)
        return shown

    def row(self, entry):
        return ProgrammeRow(entry, self.time(entry))

    def table_rows(self, entries):
        """The <tr> of each entry, as one piece of markup."""
        parts = []
        for entry in entries:
            if entry.is_now or entry.is_next:
                self.template = self.template or get_template(ROW_TEMPLATE)
                parts.append(_render_row(self.template, self.row(entry)))
            else:
                session = entry.session
                parts += (session.row_start, self.time(entry), session.row_end)
        # Rendered templates and time_span_html: each part is safe markup.
        return mark_safe("".join(parts))  # noqa: S308


def webcal_url(path):
    url = f"{settings.SITE_URL}{path}"
    return "webcal://" + url.split("://", 1)[1]


def _render(request, template, context, choice):
    response = render(request, template, context)
    return apply_zone_choice(request, response, choice)


@require_safe
@cache_programme_page
def programme_page(request, slug):
    conference = get_object_or_404(Conference, slug=slug)
    choice = choose_zone(request, conference)
    schedule = programme.build_programme(
        conference=conference,
        zone=choice.zone,
        sessions=programme_page_sessions(conference),
        now=timezone.now(),
    )
    feed_path = reverse("events:programme_ics", kwargs={"slug": conference.slug})
    rows = RowsInZone()
    context = {
        "conference": conference,
        "programme": schedule,
        "days": [(day.date, rows.table_rows(day.entries)) for day in schedule.days],
        "now_rows": [rows.row(entry) for entry in schedule.now],
        "next_rows": [rows.row(entry) for entry in schedule.next],
        "feed_url": feed_path,
        "webcal_url": webcal_url(feed_path),
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
