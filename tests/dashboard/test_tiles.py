"""The dashboard's headline tiles (dashboard/tiles.py): registered, in person, online, seats
left and visas pending of the chosen conference, in the organiser's language, for the
conferences their team serves, in two queries at any size."""

import re

import pytest
from django.test import Client

from dashboard import tiles
from registration.models import Registration
from tests.factories import ConferenceFactory, RegistrationFactory, VisaRequestFactory, team_member

pytestmark = pytest.mark.django_db

TILE = re.compile(
    r'<div class="dashboard-tile" id="tile-(?P<key>[a-z-]+)">\s*<dt>(?P<label>[^<]*)</dt>\s*'
    r'<dd><span class="dashboard-tile-value">(?P<value>[^<]*)</span>'
    r'(?: <span class="dashboard-tile-note">(?P<note>[^<]*)</span>)?</dd>'
)


def tiles_on(response):
    assert response.status_code == 200
    return {
        match["key"]: (match["label"], match["value"], match["note"] or "")
        for match in TILE.finditer(response.content.decode())
    }


def test_the_tiles_count_the_known_registrations(manager, registrations, conference):
    # 3 in person confirmed, 1 + 1 online confirmed, 2 online waiting, 1 online awaiting
    # email confirmation (active: 8); 1 cancelled in person (not counted); 5 seats.
    assert tiles_on(manager.get("/admin/")) == {
        "registered": ("Registered", "8", ""),
        "in-person": ("In person", "3", ""),
        "online": ("Online", "5", ""),
        "seats-left": ("Seats left", "2", "of 5"),
        "visas-pending": ("Visas pending", "0", ""),
    }


def test_visas_pending_are_those_not_yet_sent_or_refused(manager, conference):
    for status in ["requested", "submitted", "issued", "sent"]:
        VisaRequestFactory(registration__conference=conference, status=status)
    VisaRequestFactory(
        registration__conference=conference, status="refused", refusal_reason="Incomplete"
    )
    VisaRequestFactory(status="requested")  # another conference's

    shown = tiles_on(manager.get("/admin/"))

    assert shown["visas-pending"] == ("Visas pending", "3", "")
    assert shown["seats-left"] == ("Seats left", "0", "of 5")


def test_without_a_limit_and_online_only_the_seats_tile_says_so(manager):
    unlimited = ConferenceFactory(in_person_capacity=None, attendance_mode="hybrid")
    online = ConferenceFactory(attendance_mode="online")

    assert tiles_on(manager.get(f"/admin/?conference={unlimited.pk}"))["seats-left"] == (
        "Seats left",
        "no limit",
        "",
    )
    assert tiles_on(manager.get(f"/admin/?conference={online.pk}"))["seats-left"] == (
        "Seats left",
        "—",
        "held online only",
    )


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [
        (
            "/ru",
            {
                "registered": ("Зарегистрировано", "3", ""),
                "in-person": ("Очно", "1", ""),
                "online": ("Онлайн", "2", ""),
                "seats-left": ("Осталось мест", "11\xa0999", "из 12\xa0000"),
                "visas-pending": ("Визы в работе", "0", ""),
            },
        ),
        (
            "/zh-hans",
            {
                "registered": ("已注册", "3", ""),
                "in-person": ("线下参会", "1", ""),
                "online": ("线上参会", "2", ""),
                "seats-left": ("剩余座位", "11999", "共 12000 个"),
                "visas-pending": ("待办签证", "0", ""),
            },
        ),
    ],
)
def test_the_tiles_speak_the_organisers_language(manager, prefix, expected):
    conference = ConferenceFactory(in_person_capacity=12000)
    RegistrationFactory(conference=conference, attendance_mode="in_person", status="confirmed")
    RegistrationFactory.create_batch(2, conference=conference, attendance_mode="online")

    shown = tiles_on(manager.get(f"{prefix}/admin/?conference={conference.pk}"))

    assert shown == expected


def test_a_manager_sees_the_tiles_of_their_own_conference_only():
    mine = ConferenceFactory(title="Mine")
    theirs = ConferenceFactory(title="Theirs")
    RegistrationFactory.create_batch(2, conference=mine)
    RegistrationFactory.create_batch(7, conference=theirs)
    client = Client()
    client.force_login(team_member("registration_manager", mine))

    response = client.get(f"/admin/?conference={theirs.pk}")

    page = response.content.decode()
    assert "There is no such conference; showing the next one." in page
    assert tiles_on(response)["registered"] == ("Registered", "2", "")
    assert "Theirs" not in page


def test_a_content_editor_sees_no_tiles(editor, registrations):
    assert tiles_on(editor.get("/admin/")) == {}


@pytest.mark.parametrize("size", [10, 3000])
def test_the_tiles_cost_two_queries_at_any_size(
    fill_registrations, django_assert_num_queries, size
):
    conference = ConferenceFactory(in_person_capacity=2000, online_capacity=10000)
    fill_registrations(conference, size)
    for n in range(3):
        VisaRequestFactory(
            registration__conference=conference, registration__email=f"visa{n}@example.cn"
        )

    with django_assert_num_queries(2):
        drawn = tiles.headline_tiles(conference)

    active = Registration.objects.filter(conference=conference).active().count()
    assert drawn[0].value == f"{active:,}"
    assert drawn[4].value == "3"
