"""The visa deadline reads in the conference's own zone, the zone named, in the page's
language; and the visa texts name the conference's own country."""

import datetime as dt

import pytest
from django.utils import translation

from registration import links
from tests.factories import ConferenceFactory, RegistrationFactory
from visas import services
from visas.models import VisaSettings

pytestmark = pytest.mark.django_db

# 23:30 UTC on 28 February is already 1 March, 06:30 in Tomsk (UTC+7).
DEADLINE = dt.datetime(2099, 2, 28, 23, 30, tzinfo=dt.UTC)


@pytest.fixture
def attendee():
    conference = ConferenceFactory(
        time_zone="Asia/Tomsk",
        venue_city="Tomsk",
        venue_country="RU",
        starts_at=dt.datetime(2099, 5, 1, tzinfo=dt.UTC),
        ends_at=dt.datetime(2099, 5, 4, tzinfo=dt.UTC),
    )
    VisaSettings.objects.create(conference=conference, deadline=DEADLINE)
    return RegistrationFactory(
        conference=conference, attendance_mode="in_person", status="confirmed", language="en"
    )


def test_the_deadline_is_written_in_the_conferences_zone_with_the_zone_named(attendee):
    conference = attendee.conference
    shown = {}
    for language in ("en", "ru", "zh-hans"):
        with translation.override(language):
            shown[language] = services.deadline_display(conference)
    assert shown["en"] == "1 March 2099, 06:30, Tomsk time (UTC+7)"
    assert "1 марта 2099" in shown["ru"] and "Томск" in shown["ru"]
    assert "2099年3月1日" in shown["zh-hans"] and "托木斯克" in shown["zh-hans"]
    assert "28" not in shown["en"], "never the UTC day"


def test_the_manage_page_and_the_form_show_the_deadline_at_the_venue(client, attendee):
    page = client.get(links.manage_path(attendee)).text
    assert "Requests are taken until 1 March 2099, 06:30, Tomsk time (UTC+7)." in page
    form = client.get(f"/registration/manage/{attendee.manage_token}/visa/").text
    assert "1 March 2099, 06:30, Tomsk time (UTC+7)" in form


def test_another_conferences_deadline_reads_in_its_own_zone_and_country(client):
    conference = ConferenceFactory(
        time_zone="America/Sao_Paulo",
        venue_city="Campinas",
        venue_country="BR",
        starts_at=dt.datetime(2099, 5, 1, tzinfo=dt.UTC),
        ends_at=dt.datetime(2099, 5, 4, tzinfo=dt.UTC),
    )
    VisaSettings.objects.create(conference=conference, deadline=DEADLINE)
    person = RegistrationFactory(
        conference=conference, attendance_mode="in_person", status="confirmed", language="en"
    )
    page = client.get(links.manage_path(person)).text
    assert "28 February 2099, 20:30, Sao Paulo time (UTC−3)" in page
    assert "If you need a visa to come to Brazil" in page
    assert "to come to Russia" not in page
