"""registration.extensions.join_links_for: registration shows the join links an app above it
provides (attending, from its AppConfig.ready()) and, with none provided, no join links at
all: registration works without attending."""

import icalendar
import pytest
from django.apps import apps
from django.urls import reverse

from attending import joins
from registration import extensions
from registration.calendar import attendee_calendar
from tests.factories import JoinOptionFactory, RegistrationFactory, SessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def without_provider():
    extensions.set_join_links(None)
    yield
    apps.get_app_config("attending").ready()  # registers attending's provider again


def descriptions(body):
    return [str(e["description"]) for e in icalendar.Calendar.from_ical(body).walk("VEVENT")]


def test_attending_provides_the_join_links(conference):
    session = SessionFactory(conference=conference, format="online")
    JoinOptionFactory(session=session)
    registration = RegistrationFactory(conference=conference, attendance_mode="online")
    token = joins.pass_for(registration).token
    assert extensions.join_links_for(registration) == {session.pk: f"/join/{session.pk}/{token}/"}
    assert extensions.join_links_for(registration, absolute=True) == {
        session.pk: f"https://conference.example.org/join/{session.pk}/{token}/"
    }


def test_the_links_of_chosen_sessions_only(conference, django_assert_num_queries):
    first, second, in_hall = (
        SessionFactory(conference=conference, format=f) for f in ("online", "online", "in_person")
    )
    for session in (first, second, in_hall):
        JoinOptionFactory(session=session)
    registration = RegistrationFactory(conference=conference, attendance_mode="online")
    token = joins.pass_for(registration).token
    with django_assert_num_queries(2):  # the joinable sessions among them, the pass
        links = extensions.join_links_for(
            registration, session_ids=[second.pk, in_hall.pk], absolute=True
        )
    assert links == {second.pk: f"https://conference.example.org/join/{second.pk}/{token}/"}


def test_without_a_provider_nobody_gets_join_links(client, conference, without_provider):
    session = SessionFactory(conference=conference, format="online")
    JoinOptionFactory(session=session, url="https://meet.example.org/secret")
    registration = RegistrationFactory(conference=conference, attendance_mode="online")
    assert extensions.join_links_for(registration) == {}
    body = attendee_calendar(registration)
    assert [d for d in descriptions(body) if "Join online" in d] == []
    manage = reverse("registration:manage", kwargs={"token": registration.manage_token})
    html = client.get(manage).content.decode()
    assert ">Join online</a>" not in html
    assert "meet.example.org" not in html
