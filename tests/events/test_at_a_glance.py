"""The programme at a glance on the event page: its days in the shown zone, a few
highlights each (plenaries first, no breaks, no cancelled session), the speakers."""

import datetime as dt
import zoneinfo

import pytest

from events.at_a_glance import programme_at_a_glance
from events.models import Session
from tests.factories import ConferenceFactory, SessionFactory, SpeakerFactory

pytestmark = pytest.mark.django_db

TOMSK = zoneinfo.ZoneInfo("Asia/Tomsk")
DAY_ONE = dt.datetime(2030, 5, 16, 2, 0, tzinfo=dt.UTC)  # 09:00 in Tomsk


def session(conference, title, hours, kind=Session.Kind.PLENARY, **fields):
    starts = DAY_ONE + dt.timedelta(hours=hours)
    return SessionFactory(
        conference=conference,
        title=title,
        kind=kind,
        starts_at=starts,
        ends_at=starts + dt.timedelta(minutes=45),
        **fields,
    )


def test_days_highlights_and_speakers(django_assert_num_queries):
    conference = ConferenceFactory(time_zone="Asia/Tomsk")
    session(conference, "Coffee", 1, kind=Session.Kind.BREAK)
    session(conference, "Workshop A", 2, kind=Session.Kind.WORKSHOP)
    session(conference, "Panel", 3, kind=Session.Kind.PANEL)
    session(conference, "Opening", 0).speakers.add(SpeakerFactory(name="Rector", slug="rector"))
    session(conference, "Keynote", 4)
    session(conference, "Cancelled plenary", 5, status=Session.Status.CANCELLED)
    session(conference, "Day two", 24)

    with django_assert_num_queries(2):
        glance = programme_at_a_glance(conference, TOMSK)

    one, two = glance.days
    assert one.day == dt.date(2030, 5, 16)
    assert one.session_count == 5  # the cancelled one is left out
    # Plenaries first, then the panel; shown in time order; no break, no workshop (3 shown).
    assert [item.title for item in one.highlights] == ["Opening", "Panel", "Keynote"]
    assert one.highlights[0].starts_at.hour == 9
    assert (
        one.highlights[0].url
        == f"/events/{conference.slug}/programme/{one.highlights[0].session.slug}/"
    )
    assert [item.title for item in two.highlights] == ["Day two"]
    assert [s.name for s in glance.speakers] == ["Rector"]
    assert glance.speakers[0].url == f"/events/{conference.slug}/speakers/#speaker-rector"


def test_a_session_late_in_the_evening_sits_on_its_day_in_the_visitors_zone():
    conference = ConferenceFactory(time_zone="Asia/Tomsk")
    session(conference, "Opening", 0)  # 09:00 Tomsk, 02:00 UTC, 22:00 the day before in New York
    glance = programme_at_a_glance(conference, zoneinfo.ZoneInfo("America/New_York"))
    assert [day.day for day in glance.days] == [dt.date(2030, 5, 15)]


def test_no_sessions_no_days():
    glance = programme_at_a_glance(ConferenceFactory(), TOMSK)
    assert glance.days == ()
    assert glance.speakers == ()
