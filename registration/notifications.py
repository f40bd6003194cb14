"""Telling confirmed attendees that the programme or the conference changed.

Organisers write an attendee mailing in the admin (messaging/attendee_mailing_admin.py): the
conference, what it is about (its dates or status, or chosen sessions) and an optional
note. They see how many people it reaches and a preview, then confirm; `start_mailing`
records it with the confirmed attendees of that moment, and the mail engine
(messaging/engine.py) sends it, as it sends the notice that the conference moved online
(`MovedOnlineContent`).

Every mail carries a small .ics (the conference entry, and the changed sessions if it is
about sessions: same UIDs, higher SEQUENCE, so a calendar updates the entries in place),
built at most once per mailing for each language when it carries no join links (an attendee
who may join a changed session online gets their own, with their personal join links), and
only for those the mailing reaches, and the link to the attendee's personal
calendar feed, which always has the whole programme. Each mail is written in its
attendee's language (registration.emails.compose_message).
"""

import logging
from dataclasses import dataclass, field

from django.core.mail import get_connection
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from mailer.backend import DbBackend
from mailer.models import PRIORITY_LOW, Message

from events import calendar as events_calendar
from events import timezones
from events.models import Conference, Session
from events.programme import programme_sessions
from outbox.sealing import seal
from registration.emails import build_message, compose_message, render_shared
from registration.extensions import join_links_for, join_links_for_many
from registration.models import MailingAbout, Registration

logger = logging.getLogger(__name__)

BATCH_SIZE = 200
# "Mon 16 May 2022": Django's date format, which a language may order its own way.
SESSION_DAY_FORMAT = pgettext_lazy("a session's day in emails (Django date format)", "D j E Y")
TEMPLATE = "emails/registration/programme_changed"
# The part of TEMPLATE that is the same for everyone in one language.
NEWS_TEMPLATE = "emails/registration/programme_changed_news"
CONFIRMED_REASON = _("You receive this email because you are a confirmed attendee of %(title)s.")


def confirmed_attendees(conference):
    """Who a mailing reaches, in the order the task mails them."""
    return (
        Registration.objects.filter(conference=conference, status=Registration.Status.CONFIRMED)
        .select_related("conference")
        .order_by("pk")
    )


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
        """ "Mon 16 May 2022, 09:00–10:30 UTC+07:00", in the active language."""
        day = date_format(self.starts_at, str(SESSION_DAY_FORMAT))
        return (
            f"{day}, {self.starts_at:%H:%M}–{self.ends_at:%H:%M} "
            f"{timezones.utc_offset_label(self.starts_at)}"
        )


def session_news(session):
    zone = session.conference.zone
    return SessionNews(
        session=session,
        cancelled=session.status == Session.Status.CANCELLED,
        starts_at=session.starts_at.astimezone(zone),
        ends_at=session.ends_at.astimezone(zone),
        regional=timezones.regional_spans(session.starts_at, session.ends_at, session.conference),
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


@dataclass(frozen=True)
class MailingContent:
    """What every mail of one mailing says, built once: the news (rendered in each
    attendee's language by the templates) and the calendar files. A calendar without join
    links is built once per language; one whose sessions carry the attendee's personal join
    links (registration.extensions) is that attendee's own, only its sessions' entries
    written anew (events.calendar.AttendeeCalendar). `message_for` adds one attendee's
    greeting and links."""

    context: dict
    conference: Conference
    sessions: list
    calendars: dict = field(default_factory=dict)  # language -> .ics bytes without join links
    writers: dict = field(default_factory=dict)  # language -> events.calendar.AttendeeCalendar
    # language -> {"news_text": ..., "news_html": ...}: the news, the note and the calendar
    # lines, the same for every attendee in one language, rendered once (`news_for`).
    news: dict = field(default_factory=dict)
    # registration id -> its join links, fetched for a whole batch at once (`prepare`).
    join_urls: dict = field(default_factory=dict)

    def calendar_for(self, *, language, join_urls=None):
        with translation.override(language):
            if language not in self.writers:
                self.writers[language] = events_calendar.AttendeeCalendar(
                    conference=self.conference, sessions=self.sessions
                )
            if join_urls:
                return self.writers[language].write(join_urls)
            if language not in self.calendars:
                self.calendars[language] = self.writers[language].write()
            return self.calendars[language]

    def prepare(self, registrations):
        """The mail engine's call before a batch: the join links of all of the batch's
        attendees in a few queries, not a few per attendee."""
        self.join_urls.clear()
        if not self.sessions:
            return
        by_language = {}
        for registration in registrations:
            by_language.setdefault(registration.mail_language, []).append(registration)
        session_ids = [s.pk for s in self.sessions]
        for language, group in by_language.items():
            with translation.override(language):
                self.join_urls.update(
                    join_links_for_many(group, session_ids=session_ids, absolute=True)
                )

    def join_urls_for(self, registration):
        """The attendee's join links for this mailing's sessions (none are asked for when
        the mailing is about the conference)."""
        if not self.sessions:
            return {}
        if registration.pk in self.join_urls:
            return self.join_urls[registration.pk]
        with translation.override(registration.mail_language):
            return join_links_for(
                registration, session_ids=[s.pk for s in self.sessions], absolute=True
            )

    def news_for(self, language):
        """{"news_text": ..., "news_html": ...} in `language`, rendered at its first use."""
        if language not in self.news:
            self.news[language] = {
                f"news_{kind}": render_shared(
                    f"{NEWS_TEMPLATE}.{suffix}",
                    self.context,
                    conference=self.conference,
                    language=language,
                )
                for kind, suffix in (("text", "txt"), ("html", "html"))
            }
        return self.news[language]

    def message_for(self, registration):
        return compose_message(
            registration,
            TEMPLATE,
            {**self.context, **self.news_for(registration.mail_language)},
            ics=self.calendar_for(
                language=registration.mail_language,
                join_urls=self.join_urls_for(registration),
            ),
            reason=CONFIRMED_REASON,
        )

    def mail_for(self, registration):
        """The mail engine's question: the mail, or None for someone no longer confirmed
        (cancelled after the mailing was confirmed)."""
        if registration.status != Registration.Status.CONFIRMED:
            return None
        return self.message_for(registration)


class MovedOnlineContent:
    """The notice that the conference moved online, for the mail engine: each active
    registration's own (with the updated calendar once confirmed); one cancelled since is
    not told."""

    def mail_for(self, registration):
        if registration.status not in Registration.ACTIVE_STATUSES:
            return None
        return build_message(registration, "moved_online")


def mailing_content(*, conference, about, sessions=(), note=""):
    if about == MailingAbout.SESSIONS:
        session_ids = {session.pk for session in sessions}
        changed = [s for s in programme_sessions(conference) if s.pk in session_ids]
        context = {"sessions": [session_news(s) for s in changed], "conference_news": None}
    else:
        changed = []
        context = {"sessions": [], "conference_news": conference_news(conference)}
    context["note"] = note
    return MailingContent(context=context, conference=conference, sessions=changed)


@dataclass(frozen=True)
class Preview:
    recipients: int
    registration: Registration | None
    message: object  # the EmailMultiAlternatives the first recipient gets, or None


def preview(*, conference, about, sessions=(), note=""):
    """How many confirmed attendees a mailing reaches and the mail the first of them gets."""
    attendees = confirmed_attendees(conference)
    first = attendees.first()
    if first is None:
        return Preview(recipients=0, registration=None, message=None)
    content = mailing_content(conference=conference, about=about, sessions=sessions, note=note)
    return Preview(
        recipients=attendees.count(), registration=first, message=content.message_for(first)
    )


def queue_at_low_priority(messages):
    """Hands messages to the mail queue. In django-mailer's queue they wait at low priority,
    so the mails a person is waiting for (a confirmation link, a freed seat) are sent before
    the rest of a mailing's thousands; another backend (the tests' outbox, the console)
    gets them as they are."""
    connection = get_connection()
    if isinstance(connection, DbBackend):
        Message.objects.bulk_create(
            [Message(email=seal(message), priority=PRIORITY_LOW) for message in messages]
        )
    else:
        connection.send_messages(messages)
