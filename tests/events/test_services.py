import datetime as dt

import pytest
from django.core import mail

from events import services
from events.models import DateChange, Enquiry
from events.signals import conference_changed
from tests.factories import ConferenceFactory

pytestmark = pytest.mark.django_db


def test_moving_the_dates_records_history_and_raises_the_sequence():
    conference = ConferenceFactory()
    old_start, old_end = conference.starts_at, conference.ends_at
    conference.starts_at += dt.timedelta(days=7)
    conference.ends_at += dt.timedelta(days=7)

    change = services.save_conference(conference=conference, reason="Partners asked for it.")

    assert conference.calendar_sequence == 1
    assert change.previous_starts_at == old_start
    assert change.previous_ends_at == old_end
    assert change.reason == "Partners asked for it."
    assert list(conference.date_changes.all()) == [change]


def test_saving_without_moving_the_dates_keeps_the_sequence():
    conference = ConferenceFactory()
    conference.title = "New title"

    change = services.save_conference(conference=conference)

    assert change is None
    conference.refresh_from_db()
    assert conference.title == "New title"
    assert conference.calendar_sequence == 0
    assert DateChange.objects.count() == 0


def test_every_move_raises_the_sequence_again():
    conference = ConferenceFactory()
    for _ in range(3):
        conference.ends_at += dt.timedelta(hours=1)
        services.save_conference(conference=conference)
    conference.refresh_from_db()
    assert conference.calendar_sequence == 3
    assert conference.date_changes.count() == 3


def test_an_enquiry_is_stored_and_mailed_to_the_contact_address(django_capture_on_commit_callbacks):
    conference = ConferenceFactory(contact_email="bridge@tpu.ru", title="Bridge")
    with django_capture_on_commit_callbacks(execute=True):
        enquiry = services.submit_enquiry(
            conference=conference,
            name="Li Wei",
            email="li.wei@example.cn",
            organisation="Harbin Institute of Technology",
            message="Can I present a poster online?",
        )
    assert Enquiry.objects.get() == enquiry
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["bridge@tpu.ru"]
    assert message.reply_to == ["li.wei@example.cn"]
    assert message.subject == "[Bridge] Request for information from Li Wei"
    assert "Can I present a poster online?" in message.body
    assert "Harbin Institute of Technology" in message.body


def test_a_status_change_raises_the_sequence_and_still_tells_listeners():
    conference = ConferenceFactory()
    received = []

    def listener(sender, **kwargs):
        received.append((kwargs["changed"], kwargs["previous"], kwargs["created"]))

    conference_changed.connect(listener)
    try:
        conference.status = "moved_online"
        change = services.save_conference(conference=conference)
    finally:
        conference_changed.disconnect(listener)
    assert change is None  # the dates did not move: no date history
    assert received == [(frozenset({"status"}), {"status": "scheduled"}, False)]
    conference.refresh_from_db()
    assert conference.calendar_sequence == 1
    assert DateChange.objects.count() == 0
