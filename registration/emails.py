"""The emails attendees receive. Each is plain text plus HTML, rendered from
``templates/emails/registration/<kind>.{subject.txt,txt,html}``, carries the secret manage
link and is handed to the mail queue only after the transaction commits, so a failing mail
server never undoes a registration (django-mailer stores it and its worker retries).

Every mail speaks the registration's language (`Registration.language`): its subject, text,
HTML, dates and attached calendar are rendered with that language active, and its links
(confirm, manage, calendar feed: registration/links.py) are that language's addresses, so
they open the pages in it."""

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import pgettext_lazy

from outbox import composition
from outbox.services import take_allowance
from registration import extensions, links
from registration.calendar import attendee_calendar
from registration.links import absolute

logger = logging.getLogger(__name__)

KINDS = {
    # kind: attach the personal .ics?
    "confirm_email": False,
    "link_again": False,
    "registered": True,
    "awaiting_approval": False,
    "approved": True,
    "declined": False,
    "waiting_list": False,
    "seat_available": True,
    "details_changed": False,
    "mode_switched": "if_confirmed",
    "cancelled": False,
    "seat_request": False,
    "moved_online": "if_confirmed",
    "email_change_confirm": False,
    "email_change_notice": False,
    "email_changed": False,
}


# How emails write a date and time: "16 May 2022, 09:00"; with E, Russian gets the genitive
# month ("16 мая 2022, 09:00"); a language whose order differs translates the format.
DATETIME_FORMAT = pgettext_lazy("date and time (Django date format)", "j E Y, H:i")
DATE_FORMAT = pgettext_lazy("date (Django date format)", "j E Y")


def links_for(registration):
    """The mail's links, in the language that is active (compose_message activates the
    registration's): registration/links.py builds the secret ones."""
    return {
        "manage_url": links.manage_url(registration),
        "confirm_url": links.confirm_url(registration),
        "calendar_url": links.calendar_feed_url(registration),
        "conference_url": absolute(registration.conference.get_absolute_url()),
        "privacy_url": absolute(reverse("registration:privacy")),
    }


def shared_context(conference, language):
    """What every mail's templates are given besides the person's own (their registration,
    links and greeting): the same for every recipient in one language."""
    return {
        "conference": conference,
        "SITE_URL": settings.SITE_URL,
        "LANGUAGE_CODE": language,
        "datetime_format": str(DATETIME_FORMAT),
        "date_format": str(DATE_FORMAT),
    }


def render_shared(template, context, *, conference, language):
    """A part of a mail that says the same to everyone in `language` (a mailing's news),
    rendered once for all of them as `compose_message` would render it: in the language,
    in the conference's zone, with `shared_context`. The mail's template puts it in."""
    with translation.override(language), timezone.override(conference.zone):
        return render_to_string(template, {**shared_context(conference, language), **context})


def compose_message(registration, template, context, *, ics=None, reason=None):
    """An attendee email from ``templates/<template>.{subject.txt,txt,html}``: plain text
    plus HTML, the manage links in the context, the personal .ics attached if given. The
    conference's subject prefix, sender, reply-to, signature and the footer saying why the
    person gets it (`reason`, or "you registered") come from outbox/composition.py."""
    conference = registration.conference
    language = registration.mail_language
    # Dates in the emails are the venue's local time, as on the event page; every word, date
    # and link in the registration's language.
    with translation.override(language), timezone.override(conference.zone):
        context = {
            "registration": registration,
            **shared_context(conference, language),
            **links_for(registration),
            **composition.mail_context(conference, reason=reason),
            **context,
        }
        subject = render_to_string(f"{template}.subject.txt", context)
        text = render_to_string(f"{template}.txt", context)
        html = render_to_string(f"{template}.html", context)
        return composition.build(
            conference=conference,
            to=[registration.email],
            language=language,
            subject=subject,
            text=text,
            html=html,
            ics=ics,
            ics_name=f"{conference.slug}.ics",
        )


def build_message(registration, kind, *, extra=None):
    if kind not in KINDS:
        raise ValueError(f"Unknown registration email: {kind}")
    attach = KINDS[kind]
    if attach == "if_confirmed":
        attach = registration.status == registration.Status.CONFIRMED
    return compose_message(
        registration,
        f"emails/registration/{kind}",
        {"attendee_parts": extensions.parts_for(registration, email_kind=kind), **(extra or {})},
        ics=attendee_calendar(registration) if attach else None,
    )


@dataclass(frozen=True)
class MailCap:
    """A cap on one kind of mail per address (outbox.services.take_allowance): at most
    `limit` within `period`, e.g. mails caused by other people's delegations."""

    kind: str
    limit: int
    period: dt.timedelta


def send_after_commit(registration, kind, *, extra=None, again=False, to=None, cap=None):
    """Queues the email once the surrounding transaction has committed.

    `again`: the link is sent again because someone asked for it (the register form with an
    address already registered). However many ask, one address gets at most
    LINK_MAILS_PER_HOUR of these an hour; the count is kept in the database, where no flood
    of cache writes can evict it. `to` replaces the recipient (a new address being
    confirmed). `cap` (a MailCap) limits the mails of its kind to the address as well.
    """
    registration_id = registration.pk

    def send():
        # Render from the committed row so the mail says what the database says.
        from registration.models import Registration

        current = Registration.objects.select_related("conference").filter(pk=registration_id)
        current = current.first()
        if current is None:  # erased in the meantime: nobody to write to
            return
        if cap is not None and not take_allowance(
            kind=cap.kind, address=current.email, limit=cap.limit, period=cap.period
        ):
            logger.info(
                "Mail for registration %s not sent: %d %s mails within %s",
                current.pk,
                cap.limit,
                cap.kind,
                cap.period,
            )
            return
        limit = settings.LINK_MAILS_PER_HOUR
        if again and not take_allowance(kind="link_again", address=current.email, limit=limit):
            logger.info(
                "Link for registration %s not sent again: %d sent within the hour",
                current.pk,
                limit,
            )
            return
        try:
            message = build_message(current, kind, extra=extra)
            if to is not None:
                message.to = [to]
            message.send()
        except Exception:
            # Queueing writes one row; if even that fails, the registration stands and the
            # organisers can resend from the admin. The token never reaches the log.
            logger.exception("Could not queue the %s email for registration %s", kind, current.pk)

    transaction.on_commit(send)
