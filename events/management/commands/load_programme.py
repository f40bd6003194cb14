"""Loads the provisional programme of the TPU conference, built from the seed's own material:
an opening with the three anniversaries, one session per discussion topic, and a closing
session on links between rectors.

Every session is marked provisional (the page says "Provisional programme"; organisers
delete them in the admin by filtering on "provisional"). Loaded only while the conference
has no sessions at all, so running it again, or after organisers built their own programme,
changes nothing.

Hours suit all three regions in May: 14:00-20:30 in Tomsk (UTC+7) is 15:00-21:30 in Beijing,
10:00-16:30 in Moscow and 09:00-15:30 in Brussels (CEST); the opening and closing at 19:00
Tomsk are 14:00 in Brussels and 20:00 in Beijing.
"""

import datetime as dt

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import translation
from django.utils.text import slugify

from events import seed_translations, timezones
from events.management.commands.load_conference import ANNIVERSARIES, TOPICS
from events.models import Conference, Session

DEFAULT_SLUG = "science-and-technology-bridge-continents"

# Used when the conference has no topics or anniversaries of its own: the seed's facts.
SEED_ANNIVERSARIES = ANNIVERSARIES
SEED_TOPICS = TOPICS

# (day after the first day, local start in the conference's zone, minutes), for the topics.
TOPIC_SLOTS = [
    (1, dt.time(14, 0), 90),
    (1, dt.time(16, 0), 90),
    (1, dt.time(18, 0), 90),
    (2, dt.time(14, 0), 90),
    (2, dt.time(16, 0), 90),
    (2, dt.time(18, 0), 90),
    (3, dt.time(14, 0), 90),
    (3, dt.time(16, 0), 90),
    (3, dt.time(18, 0), 90),
    (4, dt.time(16, 0), 90),
]
OPENING_SLOT = (0, dt.time(19, 0), 90)
CLOSING_SLOT = (4, dt.time(19, 0), 90)

PROVISIONAL_NOTE = (
    "Part of the provisional programme: the time, title and speakers may still change."
)


def _span(conference, slot):
    day_offset, local_time, minutes = slot
    first_day = conference.starts_at.astimezone(conference.zone).date()
    day = first_day + dt.timedelta(days=day_offset)
    starts_at = dt.datetime.combine(day, local_time, tzinfo=conference.zone)
    return starts_at, starts_at + dt.timedelta(minutes=minutes)


def _anniversary_phrase(conference):
    anniversaries = [
        (item.organisation.short_name, item.years)
        for item in conference.anniversaries.select_related("organisation")
    ] or SEED_ANNIVERSARIES
    return ", ".join(f"{years} years of {name}" for name, years in anniversaries)


def _translated_phrase(conference):
    """The anniversaries phrase in a language, or None (then the opening stays English)."""
    anniversaries = [
        (item.organisation, item.years)
        for item in conference.anniversaries.select_related("organisation")
    ]

    def phrase(language):
        if not anniversaries:
            return None
        return seed_translations.anniversary_phrase(anniversaries, language)

    return phrase


def provisional_sessions(conference):
    """The provisional programme as unsaved Session objects, in time order."""
    sessions = []

    def add(slot, title, slug=None, translations=None, **fields):
        starts_at, ends_at = _span(conference, slot)
        session = Session(
            conference=conference,
            title_en=title,
            slug=slug or slugify(title)[:60].rstrip("-") or "session",
            starts_at=starts_at,
            ends_at=ends_at,
            format=Session.Format.HYBRID,
            is_provisional=True,
            **fields,
        )
        # Russian and Chinese where the seed has them (events/seed_translations.py).
        seed_translations.apply_to_session(session, translations or {})
        sessions.append(session)

    phrase = _anniversary_phrase(conference)
    add(
        OPENING_SLOT,
        f"Opening: {phrase}",
        slug="opening-ceremony",
        kind=Session.Kind.CEREMONY,
        description_en=(f"Welcome to the conference, celebrating {phrase}.\n\n{PROVISIONAL_NOTE}"),
        translations=seed_translations.session_translations(
            conference=conference, kind="opening", phrase_for=_translated_phrase(conference)
        ),
    )
    topics = list(conference.topics.all()) or [None] * len(SEED_TOPICS)
    for index, (slot, topic) in enumerate(zip(TOPIC_SLOTS, topics, strict=False)):
        title = topic.title if topic else SEED_TOPICS[index]
        add(
            slot,
            title,
            kind=Session.Kind.PANEL,
            topic=topic,
            description_en=(
                f"Discussion on one of the conference's topics: {title}.\n\n{PROVISIONAL_NOTE}"
            ),
            translations=seed_translations.session_translations(
                conference=conference, kind="topic", topic=topic
            ),
        )
    add(
        CLOSING_SLOT,
        "Closing: sustainable links between rectors and their institutions",
        slug="closing-session",
        kind=Session.Kind.PLENARY,
        translations=seed_translations.session_translations(conference=conference, kind="closing"),
        description_en=(
            "How rectors and their equivalents keep the links made at the conference alive "
            f"between their institutions in China, Europe and Russia.\n\n{PROVISIONAL_NOTE}"
        ),
    )
    # Slugs unique within the conference even if two topics share a title.
    seen = set()
    for session in sessions:
        base, n = session.slug, 2
        while session.slug in seen:
            session.slug = f"{base}-{n}"
            n += 1
        seen.add(session.slug)
    return sessions


@transaction.atomic
def load_provisional_programme(*, conference):
    """Creates the provisional programme unless the conference already has sessions.
    Returns the sessions created (an empty list when nothing was done).
    """
    conference = Conference.objects.select_for_update().get(pk=conference.pk)
    if conference.sessions.exists():
        return []
    # English titles from the English columns, whatever language the caller has active.
    with translation.override(settings.MODELTRANSLATION_DEFAULT_LANGUAGE):
        return Session.objects.bulk_create(provisional_sessions(conference))


@transaction.atomic
def translate_provisional_programme(*, conference):
    """Fills the empty Russian and Chinese titles and descriptions of a provisional
    programme loaded before translations existed, session by session where the English is
    still what this loader wrote; never replaces what organisers typed. Returns how many
    fields were filled."""
    with translation.override(settings.MODELTRANSLATION_DEFAULT_LANGUAGE):
        planned = {session.slug: session for session in provisional_sessions(conference)}
    filled = 0
    for session in conference.sessions.filter(is_provisional=True):
        plan = planned.get(session.slug)
        if plan is None or (session.title_en, session.description_en) != (
            plan.title_en,
            plan.description_en,
        ):
            continue
        wanted = {
            field: {
                code: getattr(plan, seed_translations.column(field, code))
                for code, _name in seed_translations.LANGUAGES
            }
            for field in ("title", "description")
        }
        columns = seed_translations.apply_to_session(session, wanted)
        if columns:
            session.save(update_fields=columns)
            filled += len(columns)
    return filled


class Command(BaseCommand):
    help = (
        "Load the provisional programme (opening, one session per topic, closing) into a "
        "conference that has no sessions yet. Safe to run repeatedly."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", nargs="?", default=DEFAULT_SLUG, help="The conference's slug.")

    def handle(self, *args, slug, **options):
        conference = Conference.objects.filter(slug=slug).first()
        if conference is None:
            raise CommandError(f"No conference “{slug}”: run load_conference first.")
        created = load_provisional_programme(conference=conference)
        if not created:
            filled = translate_provisional_programme(conference=conference)
            if filled:
                self.stdout.write(
                    f"“{conference.title}” already has sessions; added {filled} Russian and "
                    "Chinese texts to its provisional programme for the organisers to review."
                )
            else:
                self.stdout.write(f"“{conference.title}” already has sessions; nothing changed.")
            return
        for session in created:
            if not timezones.within_waking_hours(
                session.starts_at, session.ends_at, conference.zone
            ) or (timezones.unsuitable_regions(session.starts_at, session.ends_at, conference)):
                self.stderr.write(
                    f"Warning: “{session.title}” falls outside 08:00-22:00 somewhere."
                )
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded a provisional programme of {len(created)} sessions "
                f"into “{conference.title}”."
            )
        )
