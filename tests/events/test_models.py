import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from events.models import Conference, DateChange
from tests.factories import ConferenceFactory, DateChangeFactory

pytestmark = pytest.mark.django_db


def test_database_refuses_a_conference_that_ends_before_it_starts():
    conference = ConferenceFactory()
    conference.ends_at = conference.starts_at - dt.timedelta(hours=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        conference.save()


def test_clean_explains_an_end_before_the_start():
    conference = ConferenceFactory.build()
    conference.ends_at = conference.starts_at
    with pytest.raises(ValidationError) as error:
        conference.full_clean()
    assert error.value.message_dict["ends_at"] == ["The conference must end after it starts."]


def test_registration_must_close_after_it_opens():
    conference = ConferenceFactory.build()
    conference.registration_opens_at = conference.starts_at
    conference.registration_closes_at = conference.starts_at - dt.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        conference.full_clean()
    assert "registration_closes_at" in error.value.message_dict


def test_slugs_are_unique():
    ConferenceFactory(slug="bridge")
    with pytest.raises(IntegrityError), transaction.atomic():
        ConferenceFactory(slug="bridge")


def test_unknown_time_zone_is_a_validation_error():
    conference = ConferenceFactory.build(time_zone="Mars/Olympus_Mons")
    with pytest.raises(ValidationError) as error:
        conference.full_clean(exclude=["slug"])
    assert "time_zone" in error.value.message_dict


def test_upcoming_lists_conferences_not_yet_ended_soonest_first():
    now = timezone.now()
    later = ConferenceFactory(starts_at=now + dt.timedelta(days=90))
    sooner = ConferenceFactory(starts_at=now + dt.timedelta(days=10))
    running = ConferenceFactory(starts_at=now - dt.timedelta(days=1))
    ConferenceFactory(starts_at=now - dt.timedelta(days=30))
    assert list(Conference.objects.upcoming(now)) == [running, sooner, later]


def test_featured_is_the_next_upcoming_conference():
    now = timezone.now()
    ConferenceFactory(starts_at=now - dt.timedelta(days=400))
    next_one = ConferenceFactory(starts_at=now + dt.timedelta(days=10))
    ConferenceFactory(starts_at=now + dt.timedelta(days=90))
    assert Conference.objects.featured(now) == next_one


def test_featured_falls_back_to_the_latest_past_conference():
    now = timezone.now()
    ConferenceFactory(starts_at=now - dt.timedelta(days=800))
    latest = ConferenceFactory(starts_at=now - dt.timedelta(days=400))
    assert Conference.objects.featured(now) == latest


def test_featured_is_none_without_conferences():
    assert Conference.objects.featured() is None


def test_a_previous_month_gives_an_iso_month_and_each_languages_month_form():
    change = DateChangeFactory(previous_month=dt.date(2021, 9, 1))
    assert change.previous_start_iso == "2021-09"
    shown = {}
    for language in ("en", "ru", "zh-hans"):
        with translation.override(language):
            shown[language] = (change.previous_display, change.previous_from_display)
    assert shown == {
        "en": ("September 2021", "September 2021"),
        "ru": ("Сентябрь 2021 г.", "сентября 2021 г."),
        "zh-hans": ("2021年9月", "2021年9月"),
    }


def test_recorded_previous_dates_are_shown_in_the_conference_zone():
    conference = ConferenceFactory(time_zone="Asia/Tomsk")
    change = DateChange.objects.create(
        conference=conference,
        previous_starts_at=dt.datetime(2021, 9, 20, 3, 0, tzinfo=dt.UTC),
        previous_ends_at=dt.datetime(2021, 9, 24, 15, 0, tzinfo=dt.UTC),
    )
    assert change.previous_start_iso == "2021-09-20T10:00:00+07:00"
    assert change.previous_display == "20 September 2021"


def test_a_date_change_needs_a_previous_start_or_a_label():
    change = DateChangeFactory.build(previous_month=None, conference=ConferenceFactory())
    with pytest.raises(ValidationError):
        change.full_clean()


def test_conference_str_and_url():
    conference = ConferenceFactory(title="Bridge", slug="bridge")
    assert str(conference) == "Bridge"
    assert conference.get_absolute_url() == "/events/bridge/"
