"""What a visitor reads on the public conference pages."""

import datetime as dt
import json
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from events.models import Conference
from tests.factories import (
    ConferenceFactory,
    ConferenceOrganisationFactory,
    DateChangeFactory,
    GoalFactory,
    SessionFactory,
    SpeakerFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


def text_of(response):
    """The page's visible text with tags removed and whitespace collapsed."""
    html = response.content.decode()
    html = re.sub(r"<script.*?</script>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def json_ld_of(response):
    match = re.search(
        r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S
    )
    return json.loads(match.group(1))


def test_home_shows_the_featured_conference(client, tpu_conference):
    response = client.get("/")
    assert response.status_code == 200
    assert response.context["conference"] == tpu_conference
    assert "Science and Technology Bridge Continents" in text_of(response)


def test_home_without_conferences_says_so(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "No conference has been announced yet" in text_of(response)


def test_event_page_shows_dates_in_tomsk_and_the_three_regions(client, tpu_conference):
    text = text_of(client.get(tpu_conference.get_absolute_url()))
    # The seed's times are local Tomsk time, UTC+7: one line, the event's zone named.
    assert "When Mon 16 May 2022, 19:00 – Fri 20 May 2022, 22:00 (Tomsk, UTC+7)" in text
    assert "Beijing : Mon 16 May 2022, 20:00 – Fri 20 May 2022, 23:00 (UTC+8)" in text
    assert "Moscow : Mon 16 May 2022, 15:00 – Fri 20 May 2022, 18:00 (UTC+3)" in text
    assert "Brussels : Mon 16 May 2022, 14:00 – Fri 20 May 2022, 17:00 (UTC+2)" in text
    assert "Your time" not in text
    assert "Where Tomsk, Russia" in text
    assert "How Hybrid: in person and online" in text


def test_event_page_shows_the_visitors_chosen_zone_beside_the_events(client, tpu_conference):
    url = tpu_conference.get_absolute_url()
    response = client.get(f"{url}?tz=Europe/Brussels")
    text = text_of(response)
    assert "(Tomsk, UTC+7)" in text
    assert "Your time: Mon 16 May 2022, 14:00 – Fri 20 May 2022, 17:00 (Brussels, UTC+2)" in text
    # Chosen here, remembered for the programme too; the next visit (cached) follows it.
    assert response.cookies["programme_tz"].value == "Europe/Brussels"
    assert "Your time: Mon 16 May 2022, 14:00" in text_of(client.get(url))
    # An unknown zone: a message and the event's zone, never an error page.
    response = client.get(f"{url}?tz=Mars/Olympus")
    assert response.status_code == 200
    assert "is not a time zone we know" in text_of(response)
    assert "Your time" not in text_of(response)


def test_event_page_explains_the_postponement(client, tpu_conference):
    text = text_of(client.get(tpu_conference.get_absolute_url()))
    assert "Postponed from September 2021 to 16 May 2022" in text
    assert "unclear what the conditions for international travelling" in text


def test_event_page_names_host_and_co_organisers_with_links(client, tpu_conference):
    response = client.get(tpu_conference.get_absolute_url())
    html = response.content.decode()
    assert response.context["hosts"][0].organisation.acronym == "TPU"
    assert [role.organisation.acronym for role in response.context["co_organisers"]] == [
        "ASRTU",
        "CESAER",
        "AEER",
    ]
    assert '<a href="https://tpu.ru/">Tomsk Polytechnic University</a>' in html
    assert '<a href="https://www.cesaer.org/">CESAER</a>' in html
    assert "Association for Engineering Education of Russia" in html
    assert "Association of Sino-Russian Technical Universities" in html


def test_event_page_lists_goals_anniversaries_and_the_ten_topics(client, tpu_conference):
    response = client.get(tpu_conference.get_absolute_url())
    text = text_of(response)
    assert "125 years of Tomsk Polytechnic University" in text
    assert "10 years of Association of Sino-Russian Technical Universities" in text
    assert "30 years of CESAER" in text
    assert "10 discussion topics" in text
    assert "Open Science and European Open Science Cloud (EOSC) in global context" in text
    assert "Upskilling and lifelong learning of professional engineers" in text
    assert "Establish sustainable links between rectors" in text
    assert (
        len(
            re.findall(
                r"<ol aria-labelledby=\"topics-heading\">.*?</ol>", response.content.decode(), re.S
            )
        )
        == 1
    )


def test_event_page_says_who_may_attend_how_and_in_which_language(client, tpu_conference):
    text = text_of(client.get(tpu_conference.get_absolute_url()))
    assert "In person Members of ASRTU and CESAER and selected guests." in text
    assert "Online Anyone interested, worldwide." in text
    assert "Working language English" in text
    assert "Hybrid: in person at Tomsk Polytechnic University" in text
    assert "and online for participants worldwide" in text


def test_event_page_offers_calendar_and_the_contact_page(client, tpu_conference):
    response = client.get(tpu_conference.get_absolute_url())
    html = response.content.decode()
    assert 'href="/events/science-and-technology-bridge-continents/calendar.ics"' in html
    contact = '<a href="/events/science-and-technology-bridge-continents/contact/">'
    assert f"{contact}Ask the organisers</a>" in html


def test_event_page_meta_tags(client, tpu_conference):
    html = client.get(tpu_conference.get_absolute_url()).content.decode()
    url = "https://conference.example.org/events/science-and-technology-bridge-continents/"
    assert f'<link rel="canonical" href="{url}">' in html
    assert f'<meta property="og:url" content="{url}">' in html
    assert '<meta property="og:title" content="Science and Technology Bridge Continents">' in html
    assert '<meta name="description" content="Tomsk Polytechnic University (TPU) will host' in html


def test_json_ld_describes_the_rescheduled_hybrid_event(client, tpu_conference):
    data = json_ld_of(client.get(tpu_conference.get_absolute_url()))
    assert data["@type"] == "Event"
    assert data["name"] == "Science and Technology Bridge Continents"
    assert data["startDate"] == "2022-05-16T19:00:00+07:00"
    assert data["endDate"] == "2022-05-20T22:00:00+07:00"
    assert data["eventStatus"] == "https://schema.org/EventRescheduled"
    assert data["previousStartDate"] == "2021-09"
    assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert data["inLanguage"] == "en"
    place, virtual = data["location"]
    assert place["@type"] == "Place"
    assert place["address"] == {
        "@type": "PostalAddress",
        "streetAddress": "30 Lenin Avenue",
        "postalCode": "634050",
        "addressLocality": "Tomsk",
        "addressCountry": "RU",
    }
    assert virtual["@type"] == "VirtualLocation"
    assert [org["name"] for org in data["organizer"]] == [
        "Tomsk Polytechnic University",
        "Association of Sino-Russian Technical Universities",
        "CESAER",
        "Association for Engineering Education of Russia",
    ]


@pytest.mark.parametrize(
    ("status", "mode", "schema_status", "schema_mode"),
    [
        ("postponed", "hybrid", "EventPostponed", "MixedEventAttendanceMode"),
        ("cancelled", "hybrid", "EventCancelled", "MixedEventAttendanceMode"),
        ("moved_online", "hybrid", "EventMovedOnline", "OnlineEventAttendanceMode"),
        ("scheduled", "in_person", "EventScheduled", "OfflineEventAttendanceMode"),
    ],
)
def test_json_ld_status_follows_the_conference(client, status, mode, schema_status, schema_mode):
    conference = ConferenceFactory(status=status, attendance_mode=mode)
    data = json_ld_of(client.get(conference.get_absolute_url()))
    assert data["eventStatus"] == f"https://schema.org/{schema_status}"
    assert data["eventAttendanceMode"] == f"https://schema.org/{schema_mode}"
    assert "previousStartDate" not in data


def test_json_ld_cannot_be_broken_out_of_by_content(client):
    conference = ConferenceFactory(title="</script><script>alert(1)</script>")
    response = client.get(conference.get_absolute_url())
    assert "<script>alert(1)" not in response.content.decode()
    assert json_ld_of(response)["name"] == "</script><script>alert(1)</script>"


@pytest.mark.parametrize(
    ("status", "notice"),
    [
        ("cancelled", "This conference has been cancelled."),
        ("postponed", "This conference has been postponed. New dates will be announced."),
        ("moved_online", "This conference has moved online."),
    ],
)
def test_event_page_shows_the_status_notice(client, status, notice):
    conference = ConferenceFactory(status=status)
    assert notice in text_of(client.get(conference.get_absolute_url()))


def test_conference_list_separates_upcoming_and_past(client):
    now = timezone.now()
    ConferenceFactory(title="Future forum", starts_at=now + dt.timedelta(days=30))
    ConferenceFactory(title="Old forum", starts_at=now - dt.timedelta(days=300))
    response = client.get(reverse("events:conference_list"))
    assert [c.title for c in response.context["upcoming"]] == ["Future forum"]
    assert [c.title for c in response.context["past"]] == ["Old forum"]
    assert "Future forum" in text_of(response)


def test_back_to_overview_links_to_the_list(client, tpu_conference):
    html = client.get(tpu_conference.get_absolute_url()).content.decode()
    assert '<a href="/events/">&larr; All conferences</a>' in html


def test_unknown_conference_is_a_designed_404(client):
    response = client.get("/events/no-such-conference/")
    assert response.status_code == 404
    assert "Page not found" in text_of(response)
    assert 'href="/static/vendor/bootstrap/bootstrap.min.css"' in response.content.decode()


def test_healthz_is_plain_ok_without_touching_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"] == "text/plain; charset=utf-8"


def test_robots_txt_points_at_the_sitemap_and_hides_private_pages(client):
    response = client.get("/robots.txt")
    lines = response.content.decode().splitlines()
    assert "Disallow: /admin/" in lines
    assert "Disallow: /registration/manage/" in lines
    assert "Sitemap: https://conference.example.org/sitemap.xml" in lines


def test_sitemap_lists_conference_pages(client, tpu_conference):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert b"/events/science-and-technology-bridge-continents/</loc>" in response.content


def test_sitemap_lists_programme_and_speakers_of_conferences_with_sessions(client):
    from tests.factories import SessionFactory

    with_sessions = SessionFactory().conference
    without = ConferenceFactory()
    body = client.get("/sitemap.xml").content.decode()
    assert f"/events/{with_sessions.slug}/programme/</loc>" in body
    assert f"/events/{with_sessions.slug}/speakers/</loc>" in body
    assert f"/events/{without.slug}/programme/</loc>" not in body


def test_favicon_is_served(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == "/static/img/favicon.svg"
    html = client.get("/events/").content.decode()
    assert '<link rel="icon" href="/static/img/favicon.svg" type="image/svg+xml">' in html


def test_every_page_has_a_skip_link_and_landmarks(client, tpu_conference):
    html = client.get(tpu_conference.get_absolute_url()).content.decode()
    assert '<a class="visually-hidden-focusable skip-link" href="#main">' in html
    assert '<main id="main"' in html
    assert "<header" in html
    assert "<footer" in html


def _fill_conference(conference, size):
    for index in range(size):
        ConferenceOrganisationFactory(conference=conference)
        GoalFactory(conference=conference)
        TopicFactory(conference=conference)
        DateChangeFactory(conference=conference)
        # Sessions over several days, each with a speaker: the programme at a glance.
        starts = conference.starts_at + dt.timedelta(days=index % 4, hours=index % 8)
        session = SessionFactory(
            conference=conference, starts_at=starts, ends_at=starts + dt.timedelta(hours=1)
        )
        session.speakers.add(SpeakerFactory())


@pytest.mark.parametrize("prefix", ["", "/zh-hans"])
@pytest.mark.parametrize("size", [1, 40])
def test_event_page_queries_do_not_grow_with_content(
    client, django_assert_max_num_queries, size, prefix
):
    """In Chinese too, where each untranslated session title is marked lang="en"."""
    conference = ConferenceFactory(status=Conference.Status.RESCHEDULED)
    _fill_conference(conference, size)
    with django_assert_max_num_queries(12):
        response = client.get(f"{prefix}{conference.get_absolute_url()}")
    assert response.status_code == 200
    assert len(response.context["co_organisers"]) == size
    glance = response.context["glance"]
    assert sum(day.session_count for day in glance.days) == size
    assert glance.speaker_count == size
    highlights = [item for day in glance.days for item in day.highlights]
    assert len(highlights) == min(size, 4 * 3)  # up to three on each of the four days
    if prefix:
        assert f'lang="en">{highlights[0].title}</a>' in response.content.decode()


@pytest.mark.parametrize("size", [1, 40])
def test_conference_list_queries_do_not_grow(client, django_assert_max_num_queries, size):
    ConferenceFactory.create_batch(size)
    with django_assert_max_num_queries(4):
        response = client.get("/events/")
    assert len(response.context["upcoming"]) == size


def test_footer_links_to_the_privacy_page(client):
    html = client.get("/events/").content.decode()
    assert '<a href="/privacy/">Privacy</a>' in html
