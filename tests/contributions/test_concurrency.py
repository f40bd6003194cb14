"""Contributions at the same instant, on a real PostgreSQL (skipped on SQLite: conftest.py).
The same form sent at once makes one contribution and one mail; co-authors added at once
stay within the call's limit."""

import pytest
from django.core import mail

from contributions import services
from contributions.models import Author, Contribution
from tests.conftest import at_once

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _submit(call, title="Same title"):
    return services.submit(
        call=call,
        submitter={"name": "Anna", "email": "anna@tpu.ru", "institution": "TPU", "country": "RU"},
        texts={"title_en": title, "abstract_en": "Text."},
        original_language="en",
        track=call.tracks.first(),
        format=call.formats.first(),
    )


def test_the_same_form_at_once_makes_one_contribution_and_one_mail(call):
    results = at_once([lambda: _submit(call) for _ in range(3)])
    assert all(isinstance(result, tuple) for result in results), results
    assert sorted(created for _contribution, created in results) == [False, False, True]
    assert Contribution.objects.count() == 1
    assert Author.objects.count() == 1
    assert len(mail.outbox) == 1


def test_coauthors_added_at_once_stay_within_the_limit(call):
    contribution, _created = _submit(call)
    results = at_once(
        [
            lambda n=n: services.add_author(
                contribution=contribution,
                data={
                    "name": f"Co {n}",
                    "institution": "TPU",
                    "country": "RU",
                    "email": f"co{n}@tpu.ru",
                },
            )
            for n in range(call.max_coauthors + 2)
        ]
    )
    refused = [r for r in results if isinstance(r, services.ContributionError)]
    assert len(refused) == 2
    assert contribution.authors.filter(is_submitter=False).count() == call.max_coauthors


def test_one_author_cannot_pass_the_per_author_limit_at_once(call):
    titles = [f"Title {n}" for n in range(call.max_contributions_per_author + 2)]
    results = at_once([lambda t=t: _submit(call, t) for t in titles])
    refused = [r for r in results if isinstance(r, services.ContributionError)]
    assert len(refused) == 2
    assert Contribution.objects.count() == call.max_contributions_per_author
