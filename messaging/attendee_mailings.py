"""Attendee mailings (messaging.AttendeeMailing: what a mail to every confirmed attendee
is about) sent by the mail engine: started when the organiser confirms, resumed after a
stop. What each mail says is registration's (registration/notifications.py)."""

from django.db import transaction

from audit import services as audit
from messaging import engine
from messaging.models import AttendeeMailing, GroupMessage
from registration.models import Registration
from registration.notifications import confirmed_attendees


def start_mailing(*, conference, about, sessions=(), note="", created_by=None, key):
    """Records a confirmed mailing to the confirmed attendees of this moment and enqueues
    its sending (messaging/engine.py). `key` comes from the confirmation page: the same
    confirmation posted again, even at the same moment, finds the first mailing instead of
    making another. Returns (mailing, created)."""
    with transaction.atomic():
        message, created = engine.start(
            conference=conference,
            kind=GroupMessage.Kind.PROGRAMME,
            registrations=confirmed_attendees(conference),
            key=key,
            created_by=created_by,
            audience={"status": [Registration.Status.CONFIRMED]},
            audience_label=str(AttendeeMailing.About(about).label),
        )
        if not created:
            return AttendeeMailing.objects.get(message=message), False
        mailing = AttendeeMailing.objects.create(
            conference=conference,
            about=about,
            note=note,
            created_by=created_by,
            key=key,
            message=message,
        )
        if about == AttendeeMailing.About.SESSIONS:
            mailing.sessions.set([s for s in sessions if s.conference_id == conference.pk])
        audit.record(
            action=audit.Action.MESSAGE_SEND,
            user=created_by,
            conference=conference,
            subject=mailing,
            detail=f"attendee mailing: {about}",
            count=message.recipient_total,
        )
    return mailing, True


def resume_mailing(*, mailing):
    """Sends the rest of a mailing a worker did not finish (messaging.engine.resume)."""
    return engine.resume(message=mailing.message)
