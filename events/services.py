"""Business rules for conferences: saving with a date history, enquiries, cloning a
conference as its next edition."""

import datetime as dt
import itertools
import re
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from modeltranslation.utils import build_localized_fieldname

from events import page_cache, programme
from events import translation as content_translation
from events.models import (
    Anniversary,
    Conference,
    ConferenceOrganisation,
    DateChange,
    Enquiry,
    Goal,
    Room,
    Session,
    Topic,
)
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
    """Mails the organisers in the site's working language (LANGUAGE_CODE), whichever
    language's page the visitor wrote from."""
    conference = enquiry.conference
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(
            "emails/enquiry.txt",
            {"enquiry": enquiry, "conference": conference, "SITE_URL": settings.SITE_URL},
        )
        subject = _("Request for information from %(name)s") % {"name": enquiry.name}
        # Visitor input never reaches a header unfolded.
        subject = one_line(f"[{conference.title}] {subject}")
    EmailMessage(
        subject=subject,
        body=body,
        to=[conference.contact_email],
        reply_to=[enquiry.email],
    ).send()


# --- Cloning a conference as its next edition -----------------------------------------
# The next edition starts at least this far ahead, so there is time to register.
NEXT_EDITION_LEAD = dt.timedelta(weeks=8)
DAYS_PER_YEAR = 365.2425


@dataclass(frozen=True)
class EditionPlan:
    """Where a clone lands: every moment moved by `shift` on the venue's wall clock (whole
    weeks keep weekdays and local times; dates an organiser asks for move by their own
    difference), titled with its year, and the slug it gets when that is free."""

    shift: dt.timedelta
    old_start: dt.datetime  # local, at the venue
    new_start: dt.datetime
    new_end: dt.datetime
    title: str
    slug: str

    @property
    def weeks(self):
        return self.shift.days // 7

    @property
    def old_year(self):
        return str(self.old_start.year)

    @property
    def new_year(self):
        return str(self.new_start.year)


def _with_year(text, old_year, new_year):
    """`text` with the old edition's year made the new one's, or the new year added."""
    if old_year in text:
        return _replace_year(text, old_year, new_year)
    return f"{text} {new_year}"


def _replace_year(text, old_year, new_year):
    # Digits around the year would make it another number; letters may touch it ("2022年").
    return re.sub(rf"(?<!\d){old_year}(?!\d)", new_year, text)


# The label `make try` gives its copy of the seed conference (clone_conference --label with
# no text): each language's title gets it in that language.
DEMO_LABEL = gettext_lazy("demo edition")


def label_in(label, language):
    """A clone's label as the title in `language` carries it. `label` is a text kept as
    given in every language, a translatable (lazy) text rendered in each, or a mapping
    {language code: text} whose missing languages take the default language's entry."""
    if not label:
        return ""
    if isinstance(label, dict):
        return label.get(language) or label.get(settings.LANGUAGE_CODE) or ""
    with translation.override(language):
        return str(label)


def plan_next_edition(*, conference, weeks=None, starts_at=None, ends_at=None, label="", now=None):
    """The next edition's dates, title and slug.

    With `starts_at` (and optionally `ends_at`), the edition starts then and every other
    moment moves by the same difference on the venue's wall clock; else by `weeks`, else
    by the whole number of weeks nearest to a whole number of years that puts the start at
    least NEXT_EDITION_LEAD after `now`. Raises ValueError for an edition that would not
    come later, or that would end before it starts."""
    now = now or timezone.now()
    zone = conference.zone
    old_start = conference.starts_at.astimezone(zone)
    if starts_at is not None:
        shift = starts_at.astimezone(zone).replace(tzinfo=None) - old_start.replace(tzinfo=None)
        if starts_at <= conference.starts_at:
            raise ValueError(_("The next edition must start after this one."))
    else:
        if weeks is not None and weeks < 1:
            raise ValueError(_("A next edition comes later: move it by one week or more."))
        if weeks is None:
            for years in itertools.count(1):
                weeks = round(years * DAYS_PER_YEAR / 7)
                moved = _moved(conference.starts_at, zone, dt.timedelta(weeks=weeks))
                if moved >= now + NEXT_EDITION_LEAD:
                    break
        shift = dt.timedelta(weeks=weeks)
    new_start = _moved(conference.starts_at, zone, shift).astimezone(zone)
    new_end = (ends_at or _moved(conference.ends_at, zone, shift)).astimezone(zone)
    if new_end <= new_start:
        raise ValueError(_("The conference must end after it starts."))
    old_year, new_year = str(old_start.year), str(new_start.year)
    title = _with_year(conference.title_en, old_year, new_year)
    english_label = label_in(label, settings.LANGUAGE_CODE)
    if english_label:
        title = f"{title} ({english_label})"
    if old_year in conference.slug:
        slug = conference.slug.replace(old_year, new_year)
    else:
        slug = f"{conference.slug}-{new_year}"
    if english_label:
        slug = f"{slug}-{slugify(english_label)}"
    max_length = Conference._meta.get_field("slug").max_length - 4  # room for "-999"
    return EditionPlan(
        shift=shift,
        old_start=old_start,
        new_start=new_start,
        new_end=new_end,
        title=title[:200],
        slug=slug[:max_length].strip("-"),
    )


def _moved(moment, zone, shift):
    """`moment` moved by `shift` on the venue's wall clock: 09:00 on a Monday at the venue
    moved by whole weeks stays 09:00 on a Monday, whatever the UTC offset then."""
    if moment is None:
        return None
    local = moment.astimezone(zone).replace(tzinfo=None) + shift
    return local.replace(tzinfo=zone).astimezone(dt.UTC)


# The forms a day or month of the old edition takes in text ("May 2022", "мая 2022 г.",
# "2022年5月"), each replaced by the new edition's in the same language and form.
DATE_FORMS_IN_TEXT = (
    "LONG_DATE_FORMAT",
    "MONTH_YEAR_FROM_FORMAT",
    "MONTH_YEAR_FORMAT",
)


def _carried_text(text, plan, language):
    """A text of the old edition for the new one: its start day and month in `language`'s
    forms moved to the new ones, then any other mention of the old year made the new."""
    if not text:
        return text
    with translation.override(language):
        for name in DATE_FORMS_IN_TEXT:
            old = date_format(plan.old_start, name)
            if old in text:
                text = text.replace(old, date_format(plan.new_start, name))
    if plan.old_year != plan.new_year:
        text = _replace_year(text, plan.old_year, plan.new_year)
    return text


def _carry_translations(source, target, fields, plan, label=""):
    """Copies `fields` of `source` to `target` in every language, dates and years moved
    (titles get the new year, added when they had none); returns the names of the columns
    whose text changed on the way, for the organisers to check."""
    changed = []
    for field in fields:
        for code, _name in settings.LANGUAGES:
            column = build_localized_fieldname(field, code)
            text = getattr(source, column)
            if not text:
                setattr(target, column, text)
                continue
            if field == "title":
                carried = _with_year(text, plan.old_year, plan.new_year)
                in_language = label_in(label, code)
                carried = f"{carried} ({in_language})" if in_language else carried
            else:
                carried = _carried_text(text, plan, code)
            setattr(target, column, carried)
            if carried != text and field != "title":
                changed.append(column)
    return changed


@transaction.atomic
def clone_as_next_edition(
    *, conference, weeks=None, starts_at=None, ends_at=None, label="", now=None
):
    """Copies a conference as its next edition and returns the new conference.

    Copied: the conference's own fields in every language (titles with the new year, the
    old edition's days, months and year in its texts made the new edition's), its mail
    identity and audience zones, its organisations and their roles, goals, topics,
    anniversaries (their years grown with the calendar years moved), rooms, and the
    sessions as a provisional programme with their rooms, topics and speakers; every date
    moved by the same difference on the venue's wall clock (see `plan_next_edition`). The
    new edition is scheduled, with new calendar identities, and registration opens now and
    closes when it starts. `carried_texts` on the result names the text columns whose
    dates or years were moved, for the organisers to check.
    Not copied: the date history and status note, cancelled sessions, session recording
    links (and join options, which attending keeps per session), and nothing personal
    (registrations, invitation codes, enquiries, mail, messages and documents belong to
    their own edition).
    """
    now = now or timezone.now()
    plan = plan_next_edition(
        conference=conference,
        weeks=weeks,
        starts_at=starts_at,
        ends_at=ends_at,
        label=label,
        now=now,
    )
    zone = conference.zone
    old_pk = conference.pk
    source = Conference.objects.get(pk=old_pk)
    new = Conference.objects.get(pk=old_pk)
    new.pk = new.id = None
    new._state.adding = True
    texts = list(content_translation.translated_fields(Conference))
    carried = _carry_translations(source, new, texts, plan, label)
    new.title_en = plan.title
    new.status = Conference.Status.SCHEDULED
    for code, _name in settings.LANGUAGES:
        setattr(new, build_localized_fieldname("status_note", code), "")
    new.calendar_uid = uuid.uuid4()
    new.calendar_sequence = 0
    new.starts_at = plan.new_start.astimezone(dt.UTC)
    new.ends_at = plan.new_end.astimezone(dt.UTC)
    new.registration_opens_at = now.replace(second=0, microsecond=0)
    new.registration_closes_at = new.starts_at
    _save_with_free_slug(new, plan.slug)

    years = int(plan.new_year) - int(plan.old_year)
    for role in source.roles.all():
        ConferenceOrganisation.objects.create(
            conference=new, organisation_id=role.organisation_id, role=role.role, order=role.order
        )
    for goal in source.goals.all():
        copy = Goal(conference=new, order=goal.order)
        carried += _carry_translations(goal, copy, ["text"], plan)
        copy.save()
    for anniversary in source.anniversaries.all():
        Anniversary.objects.create(
            conference=new,
            organisation_id=anniversary.organisation_id,
            years=anniversary.years + years,
            order=anniversary.order,
        )
    topics = {
        topic.pk: Topic.objects.create(
            conference=new,
            order=topic.order,
            **content_translation.in_every_language(topic, "title"),
        )
        for topic in source.topics.all()
    }
    rooms = {
        room.pk: Room.objects.create(
            conference=new,
            capacity=room.capacity,
            **content_translation.in_every_language(room, "name"),
        )
        for room in source.rooms.all()
    }
    # New sessions of a new conference: no calendar has them yet, so there is no SEQUENCE
    # to raise (what programme.save_session does for existing ones); created in bulk, and
    # the cached public pages are made stale once, after the commit.
    sessions = list(
        source.sessions.exclude(status=Session.Status.CANCELLED).prefetch_related("speakers")
    )
    copies = Session.objects.bulk_create(
        Session(
            conference=new,
            slug=session.slug,
            kind=session.kind,
            format=session.format,
            starts_at=_moved(session.starts_at, zone, plan.shift),
            ends_at=_moved(session.ends_at, zone, plan.shift),
            room=rooms.get(session.room_id),
            topic=topics.get(session.topic_id),
            is_provisional=True,
            **content_translation.in_every_language(session, "title", "description"),
        )
        for session in sessions
    )
    Session.speakers.through.objects.bulk_create(
        Session.speakers.through(session_id=copy.pk, speaker_id=speaker.pk)
        for session, copy in zip(sessions, copies, strict=True)
        for speaker in session.speakers.all()
    )
    transaction.on_commit(lambda: page_cache.invalidate_conference_pages({new.slug}))
    new.carried_texts = carried
    return new


def _save_with_free_slug(conference, slug):
    """Saves a new conference under `slug`, or `slug-2`, `slug-3`... when it is taken; the
    unique constraint decides, so two clones at once cannot take the same one."""
    for number in itertools.count(1):
        candidate = slug if number == 1 else f"{slug}-{number}"
        if Conference.objects.filter(slug=candidate).exists():
            continue
        conference.slug = candidate
        try:
            with transaction.atomic():
                save_conference(conference=conference)
        except IntegrityError:
            if not Conference.objects.filter(slug=candidate).exists():
                raise
            conference.pk = conference.id = None
            conference._state.adding = True
            continue
        return conference
