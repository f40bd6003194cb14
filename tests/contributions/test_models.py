import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from contributions.models import Call, Contribution
from tests.contributions.factories import CallFactory, ContributionFactory
from tests.factories import ConferenceFactory

pytestmark = pytest.mark.django_db


def test_one_call_per_conference_in_the_database_and_in_clean(call):
    second = Call(conference=call.conference, opens_at=call.opens_at, closes_at=call.closes_at)
    with pytest.raises(ValidationError) as error:
        second.full_clean()
    assert "This conference has a call already." in error.value.message_dict["conference"]
    with pytest.raises(IntegrityError), transaction.atomic():
        second.save()


def test_a_call_closes_after_it_opens(call):
    conference = ConferenceFactory()
    backwards = Call(
        conference=conference,
        opens_at=call.closes_at,
        closes_at=call.closes_at - dt.timedelta(minutes=1),
    )
    with pytest.raises(ValidationError) as error:
        backwards.full_clean()
    assert error.value.message_dict["closes_at"] == ["The call must close after it opens."]
    with pytest.raises(IntegrityError), transaction.atomic():
        backwards.save()


def _contribution(call, **fields):
    values = {
        "call": call,
        "track": call.tracks.first(),
        "format": call.formats.first(),
        "submitter_email": "a@example.org",
        "fingerprint": "x" * 64,
        "original_language": "en",
        "title_en": "Title",
        "abstract_en": "Abstract",
    }
    values.update(fields)
    return Contribution(**values)


@pytest.mark.parametrize(
    "fields, field, message",
    [
        (
            {"original_language": "ru"},
            "original_language",
            "Give the title and abstract in the original language.",
        ),
        (
            {"title_en": "", "abstract_en": "", "original_language": "en"},
            "original_language",
            "Give the title and abstract in the original language.",
        ),
        (
            {"title_zh_hans": "标题"},
            "abstract_zh_hans",
            "In each language, give both the title and the abstract, or neither.",
        ),
        (
            {"status": "submitted", "email_confirmed": False},
            "status",
            "A contribution is submitted only once its address is confirmed.",
        ),
    ],
)
def test_contribution_rules_in_clean_and_in_the_database(call, fields, field, message):
    contribution = _contribution(call, **fields)
    with pytest.raises(ValidationError) as error:
        contribution.full_clean()
    assert error.value.message_dict[field] == [message]
    with pytest.raises(IntegrityError), transaction.atomic():
        contribution.save()


def test_a_good_contribution_passes_both(call):
    contribution = _contribution(call, title_ru="Заголовок", abstract_ru="Аннотация")
    contribution.full_clean()
    contribution.save()
    assert contribution.texts()[0][:3] == ("en", "English", "Title")


def test_the_track_must_be_of_the_same_call(call):
    other = CallFactory()
    from tests.contributions.factories import TrackFactory

    contribution = _contribution(call, track=TrackFactory(call=other))
    with pytest.raises(ValidationError) as error:
        contribution.full_clean()
    assert error.value.message_dict["track"] == ["Choose a track of this call."]


def test_one_submitter_and_an_author_once(call):
    from contributions.models import Author

    contribution = ContributionFactory(call=call)
    Author.objects.create(
        contribution=contribution,
        name="A",
        institution="I",
        country="RU",
        email="a@x.org",
        is_submitter=True,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Author.objects.create(
            contribution=contribution,
            name="B",
            institution="I",
            country="RU",
            email="b@x.org",
            is_submitter=True,
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Author.objects.create(
            contribution=contribution,
            name="A again",
            institution="I",
            country="RU",
            email="a@x.org",
        )
