"""Business rules for conferences: saving with a date history, enquiries."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string

from events import programme
from events.models import Conference, DateChange, Enquiry
from events.signals import conference_changed

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

# What the conference's calendar entry shows that an imported copy must apply: a change
# raises its SEQUENCE. All but the dates also change every session's entry (STATUS follows
# a cancelled or postponed conference, LOCATION the venue or the move online).
DATE_FIELDS = ("starts_at", "ends_at")
SESSION_ENTRY_FIELDS = (
    "status",
    "attendance_mode",
    "venue_name",
    "venue_city",
    "venue_country",
)
CALENDAR_FIELDS = (*DATE_FIELDS, *SESSION_ENTRY_FIELDS, "online_url")


@transaction.atomic
def save_conference(*, conference, reason=""):
    """Saves a conference. When its start or end moved, records the old dates in the date
    history. When anything its calendar entry shows changed (CALENDAR_FIELDS: dates, status,
    attendance mode, venue, online address), raises the calendar SEQUENCE so imported
    entries update in place; when the change also shows in the sessions' entries, raises
    theirs too. Sends `conference_changed` (events/signals.py) for the watched fields.

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
    stored = (
        Conference.objects.select_for_update()
        .only(*WATCHED_FIELDS, *CALENDAR_FIELDS)
        .get(pk=conference.pk)
    )
    differs = {
        field
        for field in {*WATCHED_FIELDS, *CALENDAR_FIELDS}
        if getattr(stored, field) != getattr(conference, field)
    }
    previous = {field: getattr(stored, field) for field in WATCHED_FIELDS if field in differs}
    moved = bool(differs & set(DATE_FIELDS))
    entry_changed = bool(differs & set(CALENDAR_FIELDS))
    if entry_changed:
        conference.calendar_sequence = F("calendar_sequence") + 1
    conference.save()
    if entry_changed:
        conference.refresh_from_db(fields=["calendar_sequence"])
    if differs & set(SESSION_ENTRY_FIELDS):
        programme.conference_entries_changed(conference=conference)
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


def _mail_enquiry(enquiry):
    conference = enquiry.conference
    body = render_to_string(
        "emails/enquiry.txt",
        {"enquiry": enquiry, "conference": conference, "SITE_URL": settings.SITE_URL},
    )
    EmailMessage(
        subject=f"[{conference.title}] Request for information from {enquiry.name}",
        body=body,
        to=[conference.contact_email],
        reply_to=[enquiry.email],
    ).send()
