"""The conference .ics, the programme feed and a session's .ics exist in every language, at
the address of the page they are linked from: SUMMARY and DESCRIPTION in that language, the
same UIDs in all of them (a person who switches language updates their entries instead of
duplicating them), and a cache and ETag per language."""

import icalendar
import pytest
from django.urls import reverse
from django.utils import translation
from icalendar import Calendar

from events import calendar, ical_writer, programme
from events.models import Session
from tests.catalogue import compile_catalogue
from tests.factories import SessionFactory, utc

pytestmark = pytest.mark.django_db

SITE = "https://conference.example.org"
PREFIXES = {"en": "", "ru": "/ru", "zh-hans": "/zh-hans"}


@pytest.fixture
def russian(tmp_path, settings):
    """Our own Russian for a few of the phrases calendar files write (the project's
    catalogue may word them differently)."""
    compile_catalogue(
        tmp_path,
        "ru",
        {
            "CANCELLED": "ОТМЕНЕНО",
            "Online": "Онлайн",
            "Details: %(url)s": "Подробнее: %(url)s",
            "%(title)s: programme": "%(title)s: программа",
            "Provisional programme: the time and content may still change.": (
                "Предварительная программа: время и содержание могут измениться."
            ),
        },
    )
    settings.LOCALE_PATHS = [tmp_path]


@pytest.fixture
def sessions(conference):
    opening = SessionFactory(
        conference=conference,
        title="Opening",
        slug="opening",
        format=Session.Format.HYBRID,
        starts_at=utc(2022, 5, 16, 12, 0),
        ends_at=utc(2022, 5, 16, 13, 30),
    )
    panel = SessionFactory(
        conference=conference,
        title="Open Science",
        slug="open-science",
        format=Session.Format.ONLINE,
        is_provisional=True,
        starts_at=utc(2022, 5, 17, 7, 0),
        ends_at=utc(2022, 5, 17, 8, 30),
    )
    return opening, panel


def get(client, language, name, **kwargs):
    with translation.override(language):
        url = reverse(name, kwargs=kwargs)
    assert url.startswith(f"{PREFIXES[language]}/events/")
    return client.get(url)


def events_of(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return {str(e["UID"]): e for e in Calendar.from_ical(response.content).walk("VEVENT")}


@pytest.mark.parametrize("language", ["ru", "zh-hans"])
def test_every_file_has_the_english_uids_and_links_to_its_own_language(
    client, conference, sessions, language
):
    prefix = PREFIXES[language]
    for name, kwargs in [
        ("events:conference_calendar", {"slug": conference.slug}),
        ("events:programme_ics", {"slug": conference.slug}),
        ("events:session_ics", {"slug": conference.slug, "session_slug": "open-science"}),
    ]:
        english = events_of(get(client, "en", name, **kwargs))
        translated = events_of(get(client, language, name, **kwargs))
        assert set(translated) == set(english)
        for uid, event in translated.items():
            assert str(event["URL"]) == str(english[uid]["URL"]).replace(SITE, SITE + prefix)
            assert str(event["URL"]).startswith(f"{SITE}{prefix}/events/bridge-continents/")


def test_the_russian_feed_says_its_fixed_phrases_in_russian(client, conference, sessions, russian):
    feed = get(client, "ru", "events:programme_ics", slug=conference.slug)
    parsed = Calendar.from_ical(feed.content)
    assert str(parsed["X-WR-CALNAME"]) == "Science and Technology Bridge Continents: программа"
    events = {str(e["SUMMARY"]): e for e in parsed.walk("VEVENT")}
    panel = events["Open Science"]
    assert str(panel["LOCATION"]) == "Онлайн"
    description = str(panel["DESCRIPTION"])
    assert "Предварительная программа: время и содержание могут измениться." in description
    assert description.endswith(
        f"Подробнее: {SITE}/ru/events/bridge-continents/programme/open-science/"
    )
    # The iCalendar values are not words to translate.
    assert str(panel["STATUS"]) == "TENTATIVE"

    english = Calendar.from_ical(
        get(client, "en", "events:programme_ics", slug=conference.slug).content
    )
    assert str(english["X-WR-CALNAME"]) == "Science and Technology Bridge Continents: programme"
    english_panel = {str(e["SUMMARY"]): e for e in english.walk("VEVENT")}["Open Science"]
    assert str(english_panel["LOCATION"]) == "Online"
    assert english_panel["UID"] == panel["UID"]


def test_a_cancelled_session_is_cancelled_in_russian_words_and_the_same_status(
    client, conference, russian
):
    SessionFactory(
        conference=conference,
        slug="closing",
        status=Session.Status.CANCELLED,
        starts_at=utc(2022, 5, 20, 12, 0),
        ends_at=utc(2022, 5, 20, 13, 0),
    )
    response = get(client, "ru", "events:session_ics", slug=conference.slug, session_slug="closing")
    (event,) = events_of(response).values()
    assert str(event["DESCRIPTION"]).startswith("ОТМЕНЕНО\n")
    assert str(event["STATUS"]) == "CANCELLED"


def test_the_russian_conference_file_is_cached_apart_from_the_english_one(
    client, conference, russian
):
    english = get(client, "en", "events:conference_calendar", slug=conference.slug)
    russian_file = get(client, "ru", "events:conference_calendar", slug=conference.slug)
    (english_event,) = events_of(english).values()
    (russian_event,) = events_of(russian_file).values()
    assert str(english_event["DESCRIPTION"]).endswith(f"Details: {SITE}/events/bridge-continents/")
    assert str(russian_event["DESCRIPTION"]).endswith(
        f"Подробнее: {SITE}/ru/events/bridge-continents/"
    )
    assert english["ETag"] != russian_file["ETag"]
    again = client.get(
        f"/ru/events/{conference.slug}/calendar.ics",
        headers={"if-none-match": russian_file["ETag"]},
    )
    assert again.status_code == 304


def test_the_feed_etag_is_per_language(client, conference, sessions):
    english = get(client, "en", "events:programme_ics", slug=conference.slug)
    chinese = get(client, "zh-hans", "events:programme_ics", slug=conference.slug)
    assert english["ETag"].endswith('-en"')
    assert chinese["ETag"] == english["ETag"].removesuffix('-en"') + '-zh-hans"'
    # A calendar holding the English file asks for the Chinese one: it gets the Chinese one.
    crossed = client.get(
        f"/zh-hans/events/{conference.slug}/programme.ics",
        headers={"if-none-match": english["ETag"]},
    )
    assert crossed.status_code == 200
    assert f"{SITE}/zh-hans/events/".encode() in crossed.content
    same = client.get(
        f"/zh-hans/events/{conference.slug}/programme.ics",
        headers={"if-none-match": chinese["ETag"]},
    )
    assert same.status_code == 304


def test_the_fast_writer_writes_russian_as_icalendar_does(conference, sessions, russian):
    with translation.override("ru"):
        rows = programme.programme_sessions(conference)
        now = utc(2022, 5, 1, 0, 0)
        events = [calendar.session_properties(session, dtstamp=now) for session in rows]
        fast = ical_writer.write_calendar(
            calendar.new_calendar(name="Программа"), events, vtimezone=calendar._vtimezone
        )
        slow = calendar.finish_calendar(
            ical_writer.slow_calendar(calendar.new_calendar(name="Программа"), events)
        )
    assert fast == slow
    assert "Онлайн".encode() in fast
    assert icalendar.Calendar.from_ical(fast)
