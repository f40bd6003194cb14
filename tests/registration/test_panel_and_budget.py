"""What the event page shows about registration, and query budgets at two data sizes."""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template
from django.utils import timezone

from tests.factories import RegistrationFactory

pytestmark = pytest.mark.django_db

PANEL = Template("{% load registration_tags %}{% registration_panel conference %}")


def render_panel(conference):
    return " ".join(PANEL.render(Context({"conference": conference})).split())


def test_panel_open_shows_register_and_seats(conference, django_assert_num_queries):
    RegistrationFactory(conference=conference, attendance_mode="in_person")
    with django_assert_num_queries(1):
        html = render_panel(conference)
    assert 'href="/events/bridge-continents/register/">Register</a>' in html
    assert "2 in-person seats left" in html
    assert 'href="/privacy/">How we use your data</a>' in html


def test_panel_links_the_participant_list_when_someone_is_on_it(conference):
    assert "participant" not in render_panel(conference)
    RegistrationFactory.create_batch(2, conference=conference, list_publicly=True)
    RegistrationFactory(conference=conference, list_publicly=True, status="waiting_list")
    html = render_panel(conference)
    assert 'href="/events/bridge-continents/participants/">2 participants listed</a>' in html


def test_panel_full_room(conference):
    RegistrationFactory.create_batch(3, conference=conference, attendance_mode="in_person")
    html = render_panel(conference)
    assert "In-person seats are full: waiting list, or take part online." in html
    assert ">Register</a>" in html


@pytest.mark.parametrize(
    ("change", "text"),
    [
        (
            {"registration_opens_at": dt.datetime(2099, 3, 1, 3, tzinfo=dt.UTC)},
            "Registration opens on 1 March 2099, 10:00 (Asia/Tomsk time).",
        ),
        (
            {"registration_closes_at": timezone.now() - dt.timedelta(seconds=1)},
            "Registration is closed.",
        ),
        ({"status": "cancelled"}, "The conference is cancelled; registration is closed."),
    ],
)
def test_panel_without_form(conference, django_assert_num_queries, change, text):
    if "registration_closes_at" in change:
        conference.registration_opens_at = timezone.now() - dt.timedelta(days=3)
    for field, value in change.items():
        setattr(conference, field, value)
    conference.save()
    with django_assert_num_queries(1):
        html = render_panel(conference)
    assert text in html
    assert ">Register</a>" not in html


def test_panel_without_limit_shows_no_count(conference):
    conference.in_person_capacity = None
    conference.save()
    html = render_panel(conference)
    assert ">Register</a>" in html
    assert "seats left" not in html


def test_event_page_carries_the_panel(client, conference):
    html = " ".join(client.get("/events/bridge-continents/").content.decode().split())
    assert 'href="/events/bridge-continents/register/">Register</a>' in html
    assert "3 in-person seats left" in html


def test_events_templates_do_not_load_registrations_tags():
    """Dependencies point one way: the event page includes a template the registration app
    supplies, and only that template loads registration's tags."""
    templates = Path(settings.BASE_DIR, "templates", "events").rglob("*.html")
    loading = [t.name for t in templates if re.search(r"{% load [^%]*registration", t.read_text())]
    assert loading == []
    panel = Path(settings.BASE_DIR, "templates", "registration", "includes", "event_panel.html")
    assert "{% registration_panel conference %}" in panel.read_text()


@pytest.mark.parametrize("size", [1, 200])
def test_register_page_query_budget(client, conference, django_assert_num_queries, size):
    RegistrationFactory.create_batch(size, conference=conference, attendance_mode="online")
    with django_assert_num_queries(3):  # the conference, the place counts, the questions
        response = client.get("/events/bridge-continents/register/")
    assert response.status_code == 200


@pytest.mark.parametrize("size", [1, 200])
def test_manage_page_query_budget(client, conference, django_assert_num_queries, size):
    RegistrationFactory.create_batch(size, conference=conference, attendance_mode="in_person")
    person = RegistrationFactory(conference=conference)
    # The registration with its conference, place counts, and the programme's sessions
    # (one query, for the "Your programme" list: templatetags/attendee_programme.py); for a
    # confirmed online attendee also what asking for a seat would do (eligibility; not a
    # member, so nobody needs counting); the sessions to join online (attending/joins.py);
    # the programme's join links: the joinable sessions, none here, so no join pass
    # (registration.extensions.join_links_for); the organisers' questions; the person's
    # consents for the "Your data" panel (privacy/panel.py).
    with django_assert_num_queries(8):
        response = client.get(f"/registration/manage/{person.manage_token}/")
    assert response.status_code == 200
