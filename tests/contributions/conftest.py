import datetime as dt

import pytest
from django.utils import timezone

from tests.contributions.factories import CallFactory, FormatFactory, TrackFactory
from tests.factories import ConferenceFactory
from tests.registration.conftest import Browser


@pytest.fixture
def browser(client, django_capture_on_commit_callbacks):
    return Browser(client, django_capture_on_commit_callbacks)


@pytest.fixture
def call(db):
    """An open call of a conference in Asia/Tomsk, with two tracks and two formats."""
    conference = ConferenceFactory(slug="bridge", title="Bridge", time_zone="Asia/Tomsk")
    call = CallFactory(
        conference=conference,
        opens_at=timezone.now() - dt.timedelta(days=1),
        closes_at=timezone.now() + dt.timedelta(days=30),
    )
    TrackFactory(call=call, name="Materials")
    TrackFactory(call=call, name="Energy")
    FormatFactory(call=call, name="Talk", length_minutes=20)
    FormatFactory(call=call, kind="poster", name="Poster", length_minutes=90)
    return call


def form_data(call, **overrides):
    data = {
        "name": "Анна Смирнова",
        "email": "anna@tpu.ru",
        "institution": "Tomsk Polytechnic University",
        "country": "RU",
        "original_language": "ru",
        "title_ru": "Новые материалы",
        "abstract_ru": "Мы изучили новые материалы для энергетики.",
        "title_en": "New materials",
        "abstract_en": "We studied new materials for energy.",
        "track": call.tracks.first().pk,
        "format": call.formats.first().pk,
    }
    data.update(overrides)
    return data
