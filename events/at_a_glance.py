"""What the event page shows of the programme and its speakers: each day with a few
highlights, and the speakers' names. Two queries whatever the size of the programme
(the event page's query budget, tests/events/test_pages.py)."""

from dataclasses import dataclass
from datetime import date, datetime

from django.urls import reverse

from events import timezones
from events.models import Session, Speaker

HIGHLIGHTS_PER_DAY = 3
SPEAKERS_SHOWN = 12
# Sessions worth naming on the event page, most telling first; breaks and social events never.
HIGHLIGHT_KINDS = (
    Session.Kind.PLENARY,
    Session.Kind.CEREMONY,
    Session.Kind.PANEL,
    Session.Kind.WORKSHOP,
)


@dataclass(frozen=True)
class Highlight:
    title: str
    url: str
    starts_at: datetime  # in the zone the page shows
    session: Session  # for |fallback_lang


@dataclass(frozen=True)
class GlanceDay:
    day: date
    session_count: int
    highlights: tuple


@dataclass(frozen=True)
class GlanceSpeaker:
    name: str
    url: str


@dataclass(frozen=True)
class Glance:
    days: tuple
    speakers: tuple
    speaker_count: int


def _highlights(sessions):
    ranked = sorted(
        (s for s in sessions if s.kind in HIGHLIGHT_KINDS),
        key=lambda s: (HIGHLIGHT_KINDS.index(s.kind), s.starts_at),
    )[:HIGHLIGHTS_PER_DAY]
    return sorted(ranked, key=lambda s: (s.starts_at, s.title))


def programme_at_a_glance(conference, zone):
    """The conference's days in `zone` (a ZoneInfo), each with its number of sessions and up
    to HIGHLIGHTS_PER_DAY of them (plenaries first, cancelled ones left out), and the first
    SPEAKERS_SHOWN speakers by name."""
    sessions = list(
        Session.objects.filter(conference=conference)
        .exclude(status=Session.Status.CANCELLED)
        # Only what the page shows (modeltranslation adds each language's title column).
        .only("slug", "title", "kind", "starts_at", "conference_id")
        .order_by("starts_at", "title")
    )
    days = []
    for day, items in timezones.group_by_day(sessions, zone):
        highlights = []
        for session in _highlights(items):
            session.conference = conference
            highlights.append(
                Highlight(
                    title=session.title,
                    url=session.get_absolute_url(),
                    starts_at=session.starts_at.astimezone(zone),
                    session=session,
                )
            )
        days.append(GlanceDay(day=day, session_count=len(items), highlights=tuple(highlights)))

    names = list(
        Speaker.objects.filter(sessions__conference=conference)
        .distinct()
        .order_by("name")
        .values_list("name", "slug")
    )
    speakers_url = reverse("events:speakers", kwargs={"slug": conference.slug})
    speakers = tuple(
        GlanceSpeaker(name=name, url=f"{speakers_url}#speaker-{slug}")
        for name, slug in names[:SPEAKERS_SHOWN]
    )
    return Glance(days=tuple(days), speakers=speakers, speaker_count=len(names))
