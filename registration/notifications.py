"""Telling confirmed attendees that the programme or the conference changed.

When organisers move or cancel sessions, or change the conference's dates or status, an
admin action (see registration/notification_admin.py) calls these functions: every
confirmed attendee gets one email saying what changed, with their updated personal .ics
attached (same UIDs, higher SEQUENCE, so their calendar updates the entries in place). The
mails go through the mail queue after the transaction commits.
"""

import logging
from dataclasses import dataclass

from django.core.mail import get_connection
from django.db import transaction

from events import calendar as events_calendar
from events import timezones
from events.models import Conference, Session
from events.programme import programme_sessions
from registration.calendar import attendee_description, receives_join_links
from registration.emails import compose_message
from registration.models import Registration

logger = logging.getLogger(__name__)


def confirmed_attendees(conference):
    return Registration.objects.filter(
        conference=conference, status=Registration.Status.CONFIRMED
    ).select_related("conference")


@dataclass(frozen=True)
class SessionNews:
    """One session as the mail describes it: cancelled, or its (new) time."""

    session: Session
    cancelled: bool
    starts_at: object  # in the conference's zone
    ends_at: object
    regional: list

    @property
    def time_label(self):
        return (
            f"{self.starts_at:%a %d %b %Y}, {self.starts_at:%H:%M}–{self.ends_at:%H:%M} "
            f"{timezones.utc_offset_label(self.starts_at)}"
        )


def session_news(session):
    zone = session.conference.zone
    return SessionNews(
        session=session,
        cancelled=session.status == Session.Status.CANCELLED,
        starts_at=session.starts_at.astimezone(zone),
        ends_at=session.ends_at.astimezone(zone),
        regional=timezones.regional_spans(session.starts_at, session.ends_at),
    )


@dataclass(frozen=True)
class ConferenceNews:
    """The conference's status and dates now, and what they were (from the date history)."""

    conference: Conference
    starts_at: object
    ends_at: object
    previous: object  # the latest DateChange, or None

    @property
    def status_label(self):
        return self.conference.get_status_display()


def conference_news(conference):
    zone = conference.zone
    return ConferenceNews(
        conference=conference,
        starts_at=conference.starts_at.astimezone(zone),
        ends_at=conference.ends_at.astimezone(zone),
        previous=conference.date_changes.order_by("-recorded_at", "-id").first(),
    )


def build_change_message(registration, *, sessions, news, conference_news=None, note=""):
    """One attendee's email: what changed, and their personal .ics with the whole programme.

    `sessions` is the conference's full programme (loaded once for every attendee), `news`
    the SessionNews of the sessions that changed.
    """
    conference = registration.conference
    ics = events_calendar.attendee_calendar(
        conference=conference,
        sessions=sessions,
        include_join_links=receives_join_links(registration),
        extra_description=attendee_description(registration),
    )
    return compose_message(
        registration,
        "emails/registration/programme_changed",
        {"sessions": news, "conference_news": conference_news, "note": note},
        ics=ics,
    )


def _queue_after_commit(conference_id, build):
    """Builds and queues every message once the surrounding transaction has committed, from
    the committed rows. Returns nothing; failures are logged, never raised at organisers."""

    def send():
        conference = Conference.objects.get(pk=conference_id)
        messages = build(conference)
        if not messages:
            return
        try:
            get_connection().send_messages(messages)
        except Exception:
            logger.exception("Could not queue the programme change emails for %s", conference)

    transaction.on_commit(send)


def notify_session_changes(*, conference, sessions, note=""):
    """Queues a mail to every confirmed attendee of `conference` about `sessions` (moved or
    cancelled). Returns how many attendees will be mailed."""
    session_ids = [session.pk for session in sessions if session.conference_id == conference.pk]
    recipients = confirmed_attendees(conference).count()
    if not session_ids or not recipients:
        return 0

    def build(conference):
        programme = list(programme_sessions(conference))
        news = [session_news(s) for s in programme if s.pk in session_ids]
        return [
            build_change_message(registration, sessions=programme, news=news, note=note)
            for registration in confirmed_attendees(conference)
        ]

    _queue_after_commit(conference.pk, build)
    return recipients


def notify_conference_change(*, conference, note=""):
    """Queues a mail to every confirmed attendee about the conference's dates or status."""
    recipients = confirmed_attendees(conference).count()
    if not recipients:
        return 0

    def build(conference):
        programme = list(programme_sessions(conference))
        about = conference_news(conference)
        return [
            build_change_message(
                registration, sessions=programme, news=[], conference_news=about, note=note
            )
            for registration in confirmed_attendees(conference)
        ]

    _queue_after_commit(conference.pk, build)
    return recipients
