"""Programme pages: the programme, one session, the speakers, the live-from-your-region view
and the programme feed. Times are rendered on the server in the zone the visitor chose with
`?tz=` (remembered in a cookie), so the pages work without JavaScript.
"""

from dataclasses import dataclass

from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import condition, require_safe

from events import calendar, page_cache, programme, timezones
from events.models import Conference, DeletedSession, Session
from events.page_cache import cache_public_page
from events.programme_filters import cache_filtered_programme_page, programme_filters
from events.programme_rows import ProgrammeRows, RowsInZone, programme_page_sessions
from events.programme_zone import (
    apply_zone_choice,
    cache_programme_page,
    choose_zone,
    zone_context,
)


def webcal_url(path):
    url = f"{settings.SITE_URL}{path}"
    return "webcal://" + url.split("://", 1)[1]


def _render(request, template, context, choice):
    response = render(request, template, context)
    return apply_zone_choice(request, response, choice)


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
