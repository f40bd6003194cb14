"""The conference .ics, parsed back with icalendar and, independently, with vobject."""

import datetime as dt

import icalendar
import pytest
import vobject

from events import services
from tests.factories import ConferenceFactory

pytestmark = pytest.mark.django_db

UTC = dt.UTC


def download(client, conference):
    response = client.get(f"/events/{conference.slug}/calendar.ics")
    assert response.status_code == 200
    return response


def only_event(ics_bytes):
    calendar = icalendar.Calendar.from_ical(ics_bytes)
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    return calendar, events[0]


def test_response_is_a_named_utf8_calendar_attachment(client, tpu_conference):
    response = download(client, tpu_conference)
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="science-and-technology-bridge-continents.ics"'
    )


def test_lines_end_in_crlf_and_are_folded_at_75_octets(client, tpu_conference):
    body = download(client, tpu_conference).content
    lines = body.split(b"\r\n")
    assert body.endswith(b"\r\n")
    assert b"\n" not in body.replace(b"\r\n", b"")
    assert max(len(line) for line in lines) <= 75
    assert any(line.startswith(b" ") for line in lines), "long DESCRIPTION is folded"


def test_calendar_header_publishes_with_a_timezone(client, tpu_conference):
    calendar, _ = only_event(download(client, tpu_conference).content)
    assert calendar["METHOD"] == "PUBLISH"
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"] == "-//Conference site//EN"
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Asia/Tomsk"]


def test_event_fields_match_the_conference(client, tpu_conference):
    _, event = only_event(download(client, tpu_conference).content)
    assert event["SUMMARY"] == "Science and Technology Bridge Continents"
    assert event["DTSTART"].dt.astimezone(UTC) == dt.datetime(2022, 5, 16, 12, 0, tzinfo=UTC)
    assert event["DTEND"].dt.astimezone(UTC) == dt.datetime(2022, 5, 20, 15, 0, tzinfo=UTC)
    assert event["DTSTART"].params["TZID"] == "Asia/Tomsk"
    assert event["STATUS"] == "CONFIRMED"
    assert event["SEQUENCE"] == 0
    assert event["URL"] == (
        "https://conference.example.org/events/science-and-technology-bridge-continents/"
    )
    assert event["LOCATION"] == "Tomsk Polytechnic University, Tomsk, Russia"
    assert str(event["ORGANIZER"]) == "mailto:conference@tpu.ru"
    assert event["ORGANIZER"].params["CN"] == "Tomsk Polytechnic University"
    assert "DTSTAMP" in event
    assert event["LAST-MODIFIED"].dt == tpu_conference.updated_at.replace(microsecond=0)
    description = str(event["DESCRIPTION"])
    assert description.startswith("Tomsk Polytechnic University (TPU) will host a conference")
    assert "<" not in description
    assert description.endswith(
        "Details: https://conference.example.org/events/science-and-technology-bridge-continents/"
    )


def test_an_independent_parser_reads_the_same_instants(client, tpu_conference):
    body = download(client, tpu_conference).content.decode()
    parsed = vobject.readOne(body)
    event = parsed.vevent
    assert event.dtstart.value.astimezone(UTC) == dt.datetime(2022, 5, 16, 12, 0, tzinfo=UTC)
    assert event.dtend.value.astimezone(UTC) == dt.datetime(2022, 5, 20, 15, 0, tzinfo=UTC)
    assert event.uid.value == f"conference-{tpu_conference.calendar_uid}@conference-site.tpu.ru"
    assert event.summary.value == "Science and Technology Bridge Continents"
    assert parsed.method.value == "PUBLISH"


def test_uid_is_stable_across_renders_and_edits(client, tpu_conference):
    _, first = only_event(download(client, tpu_conference).content)
    tpu_conference.title = "Bridge Continents 2022"
    tpu_conference.slug = "bridge-2022"
    services.save_conference(conference=tpu_conference)
    _, second = only_event(download(client, tpu_conference).content)
    assert first["UID"] == second["UID"]
    assert second["SUMMARY"] == "Bridge Continents 2022"


def test_sequence_rises_when_the_dates_change(client, tpu_conference):
    tpu_conference.starts_at += dt.timedelta(days=1)
    services.save_conference(conference=tpu_conference, reason="Moved a day.")
    _, event = only_event(download(client, tpu_conference).content)
    assert event["SEQUENCE"] == 1
    assert event["DTSTART"].dt.astimezone(UTC) == dt.datetime(2022, 5, 17, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("status", "ics_status"),
    [
        ("cancelled", "CANCELLED"),
        ("postponed", "TENTATIVE"),
        ("scheduled", "CONFIRMED"),
        ("rescheduled", "CONFIRMED"),
    ],
)
def test_status_follows_the_conference(client, status, ics_status):
    conference = ConferenceFactory(status=status)
    _, event = only_event(download(client, conference).content)
    assert event["STATUS"] == ics_status


def test_unknown_conference_calendar_is_404(client):
    assert client.get("/events/nope/calendar.ics").status_code == 404


# --- what makes an imported entry update -----------------------------------------------


def save(conference, **changes):
    for name, value in changes.items():
        setattr(conference, name, value)
    services.save_conference(conference=conference)


@pytest.mark.parametrize(
    "changes",
    [
        {"status": "cancelled"},
        {"status": "postponed"},
        {"status": "moved_online"},
        {"attendance_mode": "online"},
        {"attendance_mode": "in_person"},
        {"venue_name": "Main Building"},
    ],
)
def test_sequence_rises_with_every_change_the_entry_shows(client, changes):
    conference = ConferenceFactory(online_url="https://online.example.org/join")
    save(conference, **changes)
    _, event = only_event(download(client, conference).content)
    assert event["SEQUENCE"] == 1
    save(conference, **changes)  # the same save again is no change
    _, event = only_event(download(client, conference).content)
    assert event["SEQUENCE"] == 1


def test_a_new_title_keeps_the_sequence(client):
    conference = ConferenceFactory()
    save(conference, title="Renamed", summary="Another summary.")
    _, event = only_event(download(client, conference).content)
    assert (event["SEQUENCE"], event["SUMMARY"]) == (0, "Renamed")


@pytest.mark.parametrize(
    "changes", [{"status": "moved_online"}, {"attendance_mode": "online"}], ids=str
)
def test_moved_online_the_entry_names_the_online_address_not_the_venue(client, changes):
    conference = ConferenceFactory(
        summary="A conference.", online_url="https://online.example.org/join"
    )
    _, before = only_event(download(client, conference).content)
    assert before["LOCATION"] == "Tomsk Polytechnic University, Tomsk, Russia"
    assert "Hybrid: in person in Tomsk and online." in str(before["DESCRIPTION"])
    save(conference, **changes)
    _, after = only_event(download(client, conference).content)
    assert after["LOCATION"] == "https://online.example.org/join"
    assert str(after["DESCRIPTION"]) == (
        "A conference.\n\nOnline: https://online.example.org/join\n\n"
        f"Details: https://conference.example.org/events/{conference.slug}/"
    )


def test_online_without_an_address_says_online(client):
    conference = ConferenceFactory(attendance_mode="online", online_url="")
    _, event = only_event(download(client, conference).content)
    assert event["LOCATION"] == "Online"
    assert "\n\nOnline.\n\n" in str(event["DESCRIPTION"])


def test_in_person_only_the_entry_names_the_venue(client):
    conference = ConferenceFactory(attendance_mode="in_person", summary="A conference.")
    _, event = only_event(download(client, conference).content)
    assert event["LOCATION"] == "Tomsk Polytechnic University, Tomsk, Russia"
    assert str(event["DESCRIPTION"]).startswith("A conference.\n\nIn person in Tomsk.\n\n")


# --- Served like the programme feed: built once, ETag and 304 -------------------------


def test_a_second_download_costs_no_query(client, tpu_conference, django_assert_num_queries):
    first = download(client, tpu_conference)
    with django_assert_num_queries(0):
        second = download(client, tpu_conference)
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]
    assert second["Cache-Control"] == "no-cache"


def test_a_calendar_that_checks_gets_304_while_nothing_changed(
    client, tpu_conference, django_assert_num_queries
):
    etag = download(client, tpu_conference)["ETag"]
    with django_assert_num_queries(0):
        response = client.get(
            f"/events/{tpu_conference.slug}/calendar.ics", headers={"if-none-match": etag}
        )
    assert response.status_code == 304
    assert response.content == b""


def test_the_same_entry_keeps_its_etag_after_an_unrelated_save(client, tpu_conference):
    """Only what the file says counts, not the moment it was built (DTSTAMP)."""
    etag = download(client, tpu_conference)["ETag"]
    ConferenceFactory()  # another conference: every cached page is rebuilt
    response = client.get(
        f"/events/{tpu_conference.slug}/calendar.ics", headers={"if-none-match": etag}
    )
    assert response.status_code == 304


def test_a_changed_conference_is_served_at_once_with_a_new_etag(client, tpu_conference):
    etag = download(client, tpu_conference)["ETag"]
    tpu_conference.starts_at += dt.timedelta(days=1)
    services.save_conference(conference=tpu_conference, reason="Moved a day.")
    response = client.get(
        f"/events/{tpu_conference.slug}/calendar.ics", headers={"if-none-match": etag}
    )
    assert response.status_code == 200
    assert response["ETag"] != etag
    _, event = only_event(response.content)
    assert event["SEQUENCE"] == 1
    assert event["DTSTART"].dt.astimezone(UTC) == dt.datetime(2022, 5, 17, 12, 0, tzinfo=UTC)


def test_a_renamed_host_changes_the_organizer_and_the_etag(client, tpu_conference):
    etag = download(client, tpu_conference)["ETag"]
    host = tpu_conference.host_roles[0].organisation
    host.name = "Tomsk Polytechnic University (renamed)"
    host.save()
    response = client.get(
        f"/events/{tpu_conference.slug}/calendar.ics", headers={"if-none-match": etag}
    )
    assert response.status_code == 200
    _, event = only_event(response.content)
    assert event["ORGANIZER"].params["CN"] == "Tomsk Polytechnic University (renamed)"


def test_an_unknown_conference_is_404_every_time(client):
    for _ in range(2):
        response = client.get("/events/nope/calendar.ics", headers={"if-none-match": '"x"'})
        assert response.status_code == 404


def test_each_language_has_its_own_file_and_the_first_does_not_answer_for_the_others(
    client, tpu_conference
):
    russian = client.get(f"/ru/events/{tpu_conference.slug}/calendar.ics")
    english = download(client, tpu_conference)
    _, event = only_event(english.content)
    assert event["URL"] == f"https://conference.example.org/events/{tpu_conference.slug}/"
    assert "/ru/" not in english.content.decode()
    _, event = only_event(russian.content)
    assert event["URL"] == f"https://conference.example.org/ru/events/{tpu_conference.slug}/"
    assert only_event(russian.content)[1]["UID"] == only_event(english.content)[1]["UID"]
