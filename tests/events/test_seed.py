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


def test_the_seed_conference_has_its_own_mail_identity_and_audience_zones():
    load()
    conference = Conference.objects.get()
    assert conference.audience_time_zones == ["Asia/Shanghai", "Europe/Moscow", "Europe/Brussels"]
    assert (conference.short_name, conference.mail_sender_address) == (
        "STBC 2022",
        "conference@tpu.ru",
    )
    assert conference.mail_sender_name_ru == "Оргкомитет STBC 2022"
    assert conference.venue_city_ru == "Томск"


def test_a_seed_loaded_before_the_identity_gets_it_and_keeps_an_organisers_choice():
    load()
    conference = Conference.objects.get()
    Conference.objects.filter(pk=conference.pk).update(
        audience_time_zones=[], mail_sender_address="", short_name="Our own"
    )
    load()
    conference.refresh_from_db()
    assert conference.audience_time_zones == ["Asia/Shanghai", "Europe/Moscow", "Europe/Brussels"]
    assert conference.mail_sender_address == "conference@tpu.ru"
    assert conference.short_name == "Our own"
