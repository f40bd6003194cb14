"""Join links under simultaneous requests, on a real PostgreSQL (skipped on SQLite): every
click is recorded, a revocation and a join at the same moment take turns, and nothing
answers 500."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from attending import joins
from attending.models import JoinPass, SessionJoin
from tests.conftest import at_once
from tests.factories import JoinOptionFactory, RegistrationFactory, SessionFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ZOOM = "https://zoom.example.org/j/opening"


@pytest.fixture
def opening(conference):
    now = timezone.now()
    session = SessionFactory(
        conference=conference,
        format="hybrid",
        starts_at=now + dt.timedelta(minutes=10),
        ends_at=now + dt.timedelta(minutes=100),
    )
    JoinOptionFactory(session=session, url=ZOOM)
    return session


@pytest.fixture
def participant(conference):
    return RegistrationFactory(conference=conference, country="DE")


def follow(url):
    def get():
        response = Client().get(url)
        return response.status_code, response.get("Location", "")

    return get


def join_url(participant, session):
    token = joins.pass_for(participant).token
    return reverse("attending:join", kwargs={"session_id": session.pk, "token": token})


def test_clicks_at_once_are_each_recorded(opening, participant):
    url = join_url(participant, opening)
    results = at_once([follow(url) for _ in range(4)])
    assert results == [(302, ZOOM)] * 4
    assert SessionJoin.objects.filter(registration=participant).count() == 4
    assert SessionJoin.objects.sessions_joined(participant) == 1


def test_revocations_and_joins_at_once_take_turns(conference, opening):
    """Four participants, each following their link while it is revoked: per pair, the
    join either came first (recorded, earlier than the revocation) or is refused as
    revoked; no deadlock, no error."""
    people = [RegistrationFactory(conference=conference, country="DE") for _ in range(4)]
    urls = [join_url(person, opening) for person in people]
    old = [joins.pass_for(person) for person in people]
    calls = []
    for person, url in zip(people, urls, strict=True):
        calls += [follow(url), lambda person=person: joins.revoke(registration=person)]
    results = at_once(calls)
    for n, person in enumerate(people):
        (status, location), revoked = results[2 * n], results[2 * n + 1]
        assert isinstance(revoked, joins.Revoked), revoked
        assert revoked.revoked == old[n]
        old[n].refresh_from_db()
        joined = list(SessionJoin.objects.filter(registration=person))
        if status == 302:  # the join came first: recorded, before the revocation
            assert location == ZOOM
            assert len(joined) == 1
            assert joined[0].at <= old[n].revoked_at
        else:  # the revocation came first: the link says so, nothing recorded
            assert status == 410
            assert joined == []
        assert JoinPass.objects.active().filter(registration=person).get() == revoked.issued
        assert follow(urls[n])()[0] == 410


def test_two_revocations_at_once_leave_one_active_link(participant):
    joins.pass_for(participant)
    results = at_once([lambda: joins.revoke(registration=participant) for _ in range(2)])
    assert all(isinstance(result, joins.Revoked) for result in results)
    assert JoinPass.objects.filter(registration=participant).count() == 3
    assert JoinPass.objects.active().filter(registration=participant).count() == 1


def test_the_first_link_made_at_once_is_one_link(opening, participant):
    manage = reverse("registration:manage", kwargs={"token": participant.manage_token})
    statuses = at_once([lambda: Client().get(manage).status_code for _ in range(4)])
    assert statuses == [200] * 4
    assert JoinPass.objects.filter(registration=participant).count() == 1
