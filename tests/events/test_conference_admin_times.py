"""The conference's start, end and registration window are typed and shown in its own time
zone, named beside each field, as session times are."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from events.models import Conference
from tests.events.conftest import change_url, form_data
from tests.factories import ConferenceFactory, team_member, utc

pytestmark = pytest.mark.django_db


def shown_value(page, name):
    """The value of the input called `name` in the rendered page."""
    tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', page).group(0)
    return re.search(r'value="([^"]*)"', tag).group(1)


@pytest.fixture
def tomsk_conference():
    return ConferenceFactory(
        slug="bridge-continents-2030",
        time_zone="Asia/Tomsk",
        starts_at=utc(2030, 5, 16, 2, 0),  # 09:00 in Tomsk (UTC+7)
        ends_at=utc(2030, 5, 20, 11, 0),  # 18:00
        registration_opens_at=utc(2030, 3, 1, 1, 0),  # 08:00
        registration_closes_at=utc(2030, 5, 10, 16, 59),  # 23:59
    )


def test_the_change_form_shows_the_moments_in_the_conference_zone(admin_client, tomsk_conference):
    page = admin_client.get(change_url(tomsk_conference)).text

    assert [
        (shown_value(page, f"{name}_0"), shown_value(page, f"{name}_1"))
        for name in ["starts_at", "ends_at", "registration_opens_at", "registration_closes_at"]
    ] == [
        ("2030-05-16", "09:00:00"),
        ("2030-05-20", "18:00:00"),
        ("2030-03-01", "08:00:00"),
        ("2030-05-10", "23:59:00"),
    ]
    zone_named = (
        "In Asia/Tomsk, the conference’s time zone (a zone changed above reads these times "
        "in the new zone)."
    )
    assert page.count(zone_named) == 4


def test_times_typed_on_the_change_form_are_read_in_the_conference_zone(
    admin_client, tomsk_conference
):
    response = admin_client.post(
        change_url(tomsk_conference),
        form_data(
            starts_at=("2030-05-16", "09:00"),
            ends_at=("2030-05-20", "18:00"),
            registration_opens_at=("2030-03-01", "08:00"),
            registration_closes_at=("2030-05-10", "23:59"),
            title_en="Retitled",
        ),
    )

    assert response.status_code == 302
    stored = Conference.objects.get(pk=tomsk_conference.pk)
    assert (
        stored.title,
        stored.starts_at,
        stored.ends_at,
        stored.registration_opens_at,
        stored.registration_closes_at,
    ) == (
        "Retitled",
        utc(2030, 5, 16, 2, 0),
        utc(2030, 5, 20, 11, 0),
        utc(2030, 3, 1, 1, 0),
        utc(2030, 5, 10, 16, 59),
    )
    # The same moments as before: the dates did not move, so no date history entry.
    assert stored.date_changes.count() == 0
    assert stored.calendar_sequence == 0


def test_typing_09_00_in_tomsk_stores_02_00_utc(admin_client, tomsk_conference):
    admin_client.post(
        change_url(tomsk_conference),
        form_data(starts_at=("2030-05-17", "09:00"), date_change_reason="One day later."),
    )

    stored = Conference.objects.get(pk=tomsk_conference.pk)
    assert stored.starts_at == utc(2030, 5, 17, 2, 0)
    assert stored.date_changes.get().previous_starts_at == utc(2030, 5, 16, 2, 0)


def test_a_conference_being_added_reads_its_times_in_the_zone_chosen_on_the_same_form(
    admin_client,
):
    response = admin_client.post(
        reverse("admin:events_conference_add"),
        form_data(
            time_zone="Europe/Moscow",
            starts_at=("2030-05-16", "09:00"),
            ends_at=("2030-05-20", "18:00"),
            registration_opens_at=("2030-03-01", "00:00"),
            registration_closes_at=("2030-05-15", "12:00"),
        ),
    )

    assert response.status_code == 302
    added = Conference.objects.get(slug="bridge-continents-2030")
    assert (
        added.starts_at,
        added.ends_at,
        added.registration_opens_at,
        added.registration_closes_at,
    ) == (
        utc(2030, 5, 16, 6, 0),
        utc(2030, 5, 20, 15, 0),
        utc(2030, 2, 28, 21, 0),
        utc(2030, 5, 15, 9, 0),
    )


def test_the_add_form_names_the_default_zone(admin_client, settings):
    settings.CONFERENCE_TIME_ZONE = "Asia/Tomsk"  # the fallback a deployment chose
    page = admin_client.get(reverse("admin:events_conference_add")).text
    assert page.count("In Asia/Tomsk, the conference’s time zone") == 4


def test_a_zone_changed_in_the_same_save_reads_the_times_in_the_new_zone(
    admin_client, tomsk_conference
):
    response = admin_client.post(
        change_url(tomsk_conference),
        form_data(
            time_zone="Europe/Brussels",
            starts_at=("2030-05-16", "09:00"),
            ends_at=("2030-05-20", "18:00"),
            registration_opens_at=("2030-03-01", "08:00"),
            registration_closes_at=("2030-05-10", "23:59"),
            date_change_reason="The conference moves to Brussels.",
        ),
        follow=True,
    )

    stored = Conference.objects.get(pk=tomsk_conference.pk)
    assert (
        stored.time_zone,
        stored.starts_at,
        stored.ends_at,
        stored.registration_opens_at,
        stored.registration_closes_at,
    ) == (
        "Europe/Brussels",
        utc(2030, 5, 16, 7, 0),  # CEST, UTC+2
        utc(2030, 5, 20, 16, 0),
        utc(2030, 3, 1, 7, 0),  # CET, UTC+1
        utc(2030, 5, 10, 21, 59),
    )
    assert "the calendar entry is now at version 1" in response.text
    page = admin_client.get(change_url(tomsk_conference)).text
    assert (shown_value(page, "starts_at_0"), shown_value(page, "starts_at_1")) == (
        "2030-05-16",
        "09:00:00",
    )
    assert "In Europe/Brussels, the conference’s time zone" in page


def test_an_unknown_zone_is_a_form_error_and_nothing_is_stored(admin_client, tomsk_conference):
    response = admin_client.post(
        change_url(tomsk_conference),
        form_data(time_zone="Mars/Olympus_Mons", starts_at=("2030-05-17", "09:00")),
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["time_zone"] == [
        "“Mars/Olympus_Mons” is not a known time zone. Use an IANA name such as Europe/Paris."
    ]
    stored = Conference.objects.get(pk=tomsk_conference.pk)
    assert (stored.time_zone, stored.starts_at) == ("Asia/Tomsk", utc(2030, 5, 16, 2, 0))
    # The form comes back in the stored zone, with what was typed.
    assert shown_value(response.text, "starts_at_1") == "09:00"


def test_a_time_the_clocks_skip_is_a_form_error_not_a_guess(admin_client):
    conference = ConferenceFactory(
        time_zone="Europe/Brussels",
        starts_at=utc(2030, 3, 30, 8, 0),
        ends_at=utc(2030, 4, 2, 16, 0),
    )

    response = admin_client.post(
        change_url(conference),
        form_data(
            time_zone="Europe/Brussels",
            slug=conference.slug,
            starts_at=("2030-03-31", "02:30"),  # clocks jump from 02:00 to 03:00
            ends_at=("2030-04-02", "18:00"),
        ),
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["starts_at"] == [
        "2030-03-31 02:30:00 couldn’t be interpreted in time zone Europe/Brussels; it may be "
        "ambiguous or it may not exist."
    ]
    assert Conference.objects.get(pk=conference.pk).starts_at == utc(2030, 3, 30, 8, 0)


def test_the_conference_list_shows_start_and_end_in_conference_time(admin_client, tomsk_conference):
    response = admin_client.get(reverse("admin:events_conference_changelist"))

    assert response.status_code == 200
    row = response.text
    assert "Thu 16 May 2030 09:00 UTC+7" in row
    assert "Mon 20 May 2030 18:00 UTC+7" in row


def test_registration_managers_read_the_conference_times_in_its_zone(tomsk_conference):
    manager = get_user_model().objects.create_user(username="manager", is_staff=True)
    team_member("Registration managers", user=manager)
    client = Client()
    client.force_login(manager)

    response = client.get(change_url(tomsk_conference))

    assert response.status_code == 200
    assert '<div class="readonly">May 16, 2030, 9 a.m.</div>' in response.text
    assert "Asia/Tomsk" in response.text
