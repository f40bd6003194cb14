"""The programme page's rows: each session's card rendered once per content version and
language (`programme_page_sessions`), then per request placed in its day's grid with its time
in the chosen zone (`RowsInZone`)."""

import re
from dataclasses import dataclass, replace
from datetime import date, datetime

from django.template import Context
from django.template.loader import get_template
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from events import page_cache, programme, timezones
from events.models import Session
from events.programme_grid import day_grid
from events.templatetags.content_language import fallback_lang

SLUG = re.compile(r"[-a-zA-Z0-9_]+")


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
    position: str = ""  # the grid's classes (events.programme_grid.GridPlacement)

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
        """'<city> 19:00–20:30 UTC+7': plain text beside the visitor's <time> elements."""
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
        grid = day_grid(
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
