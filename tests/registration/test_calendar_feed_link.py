"""The personal calendar feed has its own read-only, revocable link: not the manage link
(issue 17, finding 12). Every .ics is parsed back."""

import datetime as dt
import re

import icalendar
import pytest
from django.core import mail
from django.utils import translation

from events.models import Session
from registration import services as registration_services
from tests.factories import JoinOptionFactory, RegistrationFactory, SessionFactory

pytestmark = pytest.mark.django_db

SITE = "https://conference.example.org"


@pytest.fixture
def online(conference):
    session = SessionFactory(
        conference=conference,
        title="Open Science",
        slug="open-science",
        format=Session.Format.ONLINE,
        starts_at=dt.datetime(2099, 5, 17, 7, 0, tzinfo=dt.UTC),
        ends_at=dt.datetime(2099, 5, 17, 8, 30, tzinfo=dt.UTC),
    )
    JoinOptionFactory(session=session, url="https://meet.example.org/secret", for_china=True)
    return session


@pytest.fixture
def person(conference):
    return RegistrationFactory(conference=conference, attendance_mode="online", status="confirmed")


def feed_path(registration):
    return f"/registration/feed/{registration.feed_token}/calendar.ics"


def manage_path(registration):
    return f"/registration/manage/{registration.manage_token}/"


def events_of(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return {
        str(event["SUMMARY"]): event
        for event in icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    }


def test_the_feed_has_its_own_link_and_serves_the_programme(client, conference, person, online):
    assert person.feed_token != person.manage_token
    assert person.feed_token[32:] != person.manage_token[32:]
    response = client.get(feed_path(person))
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert response["Referrer-Policy"] == "same-origin"
    events = events_of(response)
    assert sorted(events) == ["Open Science", conference.title]
    assert str(events["Open Science"]["UID"]).startswith("session-")
    assert "Registered: " in str(events[conference.title]["DESCRIPTION"])
    # Nothing in the feed opens the manage page.
    assert person.manage_token not in response.content.decode()


def test_the_old_manage_link_feed_serves_no_calendar(client, person, online):
    response = client.get(f"{manage_path(person)}calendar.ics")
    assert response.status_code == 404
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert "This link is not valid" in response.content.decode()
    assert b"BEGIN:VCALENDAR" not in response.content


def test_a_feed_link_opens_nothing_but_the_feed(client, person):
    feed = person.feed_token
    for path in ["", "cancel/", "erase/", "confirm/", "details/"]:
        assert client.get(f"/registration/manage/{feed}/{path}").status_code == 404
    assert client.post(f"/registration/manage/{feed}/cancel/", {"confirm": "True"}).status_code == (
        404
    )
    person.refresh_from_db()
    assert person.status == "confirmed"


@pytest.mark.parametrize("status", ["pending_email", "waiting_list", "cancelled", "declined"])
def test_no_feed_before_or_after_a_confirmed_place_and_no_way_to_the_manage_page(
    client, conference, status
):
    person = RegistrationFactory(conference=conference, status=status)
    response = client.get(feed_path(person))
    assert response.status_code == 404
    assert "Location" not in response
    assert person.manage_token not in response.content.decode()


def test_forged_and_malformed_feed_links_are_404(client, person):
    good = person.feed_token
    forged = good[:32] + ("0" if good[32] != "0" else "1") + good[33:]
    for token in [forged, "x", "0" * 96, good[:-1], good + "a", person.manage_token]:
        response = client.get(f"/registration/feed/{token}/calendar.ics")
        assert response.status_code == 404, token


def test_the_manage_page_shows_the_feed_and_resets_it_alone(client, person, online):
    page = client.get(manage_path(person)).content.decode()
    assert f'value="{SITE}{feed_path(person)}"' in page
    assert f'href="{SITE}{feed_path(person)}"' in page
    assert f'action="{manage_path(person)}calendar-feed/reset/"' in page
    old_feed = feed_path(person)
    old_manage = manage_path(person)

    assert client.get(f"{old_manage}calendar-feed/reset/").status_code == 405
    response = client.post(f"{old_manage}calendar-feed/reset/", {"confirm": "True"})
    assert response.status_code == 302
    assert response["Location"] == old_manage
    person.refresh_from_db()
    page = client.get(old_manage)
    assert page.status_code == 200
    assert (
        "Your calendar feed has a new link: subscribe to it again. The previous link no "
        "longer works."
    ) in page.content.decode()
    assert f'value="{SITE}{feed_path(person)}"' in page.content.decode()
    assert client.get(old_feed).status_code == 404
    assert events_of(client.get(feed_path(person)))["Open Science"]
    assert manage_path(person) == old_manage


def test_a_reset_needs_the_manage_link_and_the_button(client, person):
    feed = person.feed_token
    assert client.post(f"/registration/manage/{feed}/calendar-feed/reset/", {}).status_code == 404
    client.post(f"{manage_path(person)}calendar-feed/reset/", {})  # no confirmation: no change
    person.refresh_from_db()
    assert person.feed_token == feed


def test_a_new_manage_link_keeps_the_feed_and_erasing_ends_both(client, person, online):
    feed = feed_path(person)
    person.revoke_token()
    person.save()
    assert events_of(client.get(feed))["Open Science"]
    registration_services.erase_personal_data(registration=person)
    assert client.get(feed).status_code == 404


def test_mails_carry_the_feed_link_never_the_manage_link_as_feed(
    conference, person, online, django_capture_on_commit_callbacks
):
    from registration import notifications

    with django_capture_on_commit_callbacks(execute=True):
        message = notifications.mailing_content(
            conference=conference, about="sessions", sessions=[online], note=""
        ).message_for(person)
    body = message.body
    assert f"{SITE}{feed_path(person)}" in body
    assert f"{manage_path(person)}calendar.ics" not in body
    assert re.findall(r"https://\S+calendar\.ics", body) == [f"{SITE}{feed_path(person)}"]
    html, _type = message.alternatives[0]
    assert f'href="{SITE}{feed_path(person)}"' in html


def test_the_feed_link_follows_the_language(client, conference, online):
    person = RegistrationFactory(conference=conference, status="confirmed", language="ru")
    with_prefix = f"/zh-hans{feed_path(person)}"
    for path in (feed_path(person), with_prefix):
        events = events_of(client.get(path))
        assert str(events["Open Science"]["LOCATION"]) == "Онлайн"
    from registration import links

    with translation.override("ru"):  # mails build it in the person's language
        assert links.calendar_feed_url(person) == f"{SITE}/ru{feed_path(person)}"
    assert mail.outbox == []


def test_feed_links_never_reach_the_log(client, conference, caplog):
    cancelled = RegistrationFactory(conference=conference, status="cancelled")
    with caplog.at_level("WARNING", logger="django.request"):
        assert client.get(feed_path(cancelled)).status_code == 404
        assert client.post(feed_path(cancelled)).status_code == 405
    messages = [record.getMessage() for record in caplog.records]
    assert "Not Found: /registration/feed/[redacted]/calendar.ics" in messages
    assert "Method Not Allowed (POST): /registration/feed/[redacted]/calendar.ics" in messages
    assert cancelled.feed_token[:32] not in caplog.text


def test_robots_txt_keeps_crawlers_off_the_feeds_in_every_language(client):
    lines = client.get("/robots.txt").content.decode().splitlines()
    assert [line for line in lines if "registration/feed" in line] == [
        "Disallow: /registration/feed/",
        "Disallow: /ru/registration/feed/",
        "Disallow: /zh-hans/registration/feed/",
    ]
