import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command

from events.models import Conference, ConferenceOrganisation, DateChange, Goal, Organisation, Topic

pytestmark = pytest.mark.django_db


def load():
    out = StringIO()
    call_command("load_conference", stdout=out)
    return out.getvalue()


def test_loads_the_tpu_conference_from_the_seed_facts():
    assert "Loaded" in load()
    conference = Conference.objects.get()
    assert conference.title == "Science and Technology Bridge Continents"
    assert conference.time_zone == "Asia/Tomsk"
    assert conference.starts_at == dt.datetime(2022, 5, 16, 12, 0, tzinfo=dt.UTC)
    assert conference.ends_at == dt.datetime(2022, 5, 20, 15, 0, tzinfo=dt.UTC)
    assert conference.status == Conference.Status.RESCHEDULED
    assert conference.attendance_mode == Conference.AttendanceMode.HYBRID
    assert conference.working_language == "English"
    roles = [(r.organisation.acronym, r.role) for r in conference.roles.all()]
    assert roles == [
        ("TPU", ConferenceOrganisation.Role.HOST),
        ("ASRTU", ConferenceOrganisation.Role.CO_ORGANISER),
        ("CESAER", ConferenceOrganisation.Role.CO_ORGANISER),
        ("AEER", ConferenceOrganisation.Role.CO_ORGANISER),
    ]
    assert [(a.organisation.acronym, a.years) for a in conference.anniversaries.all()] == [
        ("TPU", 125),
        ("ASRTU", 10),
        ("CESAER", 30),
    ]
    assert conference.topics.count() == 10
    assert conference.goals.count() == 5
    history = conference.date_changes.get()
    assert history.previous_month == dt.date(2021, 9, 1)
    assert "international travelling between China, the EU and Russia" in history.reason


def test_running_twice_changes_nothing():
    load()
    counts = [m.objects.count() for m in (Conference, Organisation, Goal, Topic, DateChange)]
    assert "nothing changed" in load()
    assert [
        m.objects.count() for m in (Conference, Organisation, Goal, Topic, DateChange)
    ] == counts


def test_never_overwrites_what_organisers_edited():
    load()
    conference = Conference.objects.get()
    conference.title = "Edited by an organiser"
    conference.save()
    conference.topics.first().delete()
    load()
    conference.refresh_from_db()
    assert conference.title == "Edited by an organiser"
    assert conference.topics.count() == 9
