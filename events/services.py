"""Business rules for conferences: saving with a date history, enquiries."""

import datetime as dt

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone

from events.models import Conference, DateChange, Enquiry
from events.signals import conference_changed
from outbox.addresses import one_line

# Fields whose change other apps may need to act on (see events/signals.py).
WATCHED_FIELDS = (
    "starts_at",
    "ends_at",
    "status",
    "attendance_mode",
    "time_zone",
    "in_person_capacity",
    "online_capacity",
    "registration_opens_at",
    "registration_closes_at",
)


@transaction.atomic
def save_conference(*, conference, reason=""):
    """Saves a conference; when its start or end moved, records the old dates in the date
    history and raises the calendar SEQUENCE so imported calendar entries update in place.

    Returns the DateChange recorded, or None when the dates did not move.
    """
    if conference.pk is None:
        conference.save()
        conference_changed.send(
            sender=Conference,
            conference=conference,
            changed=frozenset(WATCHED_FIELDS),
            previous={},
            created=True,
        )
        return None
    stored = Conference.objects.select_for_update().only(*WATCHED_FIELDS).get(pk=conference.pk)
    previous = {
        field: getattr(stored, field)
        for field in WATCHED_FIELDS
        if getattr(stored, field) != getattr(conference, field)
    }
    moved = (stored.starts_at, stored.ends_at) != (conference.starts_at, conference.ends_at)
    if moved:
        conference.calendar_sequence = F("calendar_sequence") + 1
    conference.save()
    if moved:
        conference.refresh_from_db(fields=["calendar_sequence"])
    if previous:
        conference_changed.send(
            sender=Conference,
            conference=conference,
            changed=frozenset(previous),
            previous=previous,
            created=False,
        )
    if moved:
        return DateChange.objects.create(
            conference=conference,
            previous_starts_at=stored.starts_at,
            previous_ends_at=stored.ends_at,
            reason=reason,
        )
    return None


# The privacy notice promises this (templates/registration/privacy.html).
ENQUIRY_RETENTION = dt.timedelta(days=183)  # six months


def submit_enquiry(*, conference, name, email, organisation, message):
    """Stores a "Request more information" message and mails it to the conference."""
    enquiry = Enquiry.objects.create(
        conference=conference,
        name=name,
        email=email,
        organisation=organisation,
        message=message,
        consent=True,
    )
    transaction.on_commit(lambda: _mail_enquiry(enquiry))
    return enquiry


@transaction.atomic
def purge_enquiries(*, now=None):
    """Deletes enquiries older than the privacy notice's six months, handled or not.
    Returns how many were deleted. Run daily (`manage.py purge_enquiries`)."""
    now = now or timezone.now()
    deleted, _by_model = Enquiry.objects.filter(created_at__lt=now - ENQUIRY_RETENTION).delete()
    return deleted


def _mail_enquiry(enquiry):
    conference = enquiry.conference
    body = render_to_string(
        "emails/enquiry.txt",
        {"enquiry": enquiry, "conference": conference, "SITE_URL": settings.SITE_URL},
    )
    EmailMessage(
        # Visitor input never reaches a header unfolded.
        subject=one_line(f"[{conference.title}] Request for information from {enquiry.name}"),
        body=body,
        to=[conference.contact_email],
        reply_to=[enquiry.email],
    ).send()
