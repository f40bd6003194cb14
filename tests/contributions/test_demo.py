import pytest
from django.core.management import CommandError, call_command

from contributions.models import Author, Call, Contribution, Format, Track
from tests.factories import ConferenceFactory

pytestmark = pytest.mark.django_db


def test_the_demo_call_opens_once_with_two_tracks_two_formats_and_submissions(client):
    conference = ConferenceFactory(slug="bridge-2027-demo-edition")
    call_command("load_call_demo")
    call_command("load_call_demo")  # again: nothing more
    call = Call.objects.get(conference=conference)
    assert call.is_open()
    assert Track.objects.filter(call=call).count() == 2
    assert Format.objects.filter(call=call).count() == 2
    assert Contribution.objects.filter(call=call).count() == 3
    assert Author.objects.filter(contribution__call=call).count() == 4
    for contribution in Contribution.objects.all():
        contribution.full_clean()
    body = client.get("/ru/events/bridge-2027-demo-edition/call/").content.decode()
    assert "Материалы и энергетика" in body
    assert "Стендовый доклад" in body


def test_without_a_demo_edition_the_command_says_so():
    with pytest.raises(CommandError, match="No upcoming demo edition"):
        call_command("load_call_demo")
