import pytest
from django.core.management import call_command

from events.models import Conference
from tests.factories import ConferenceFactory, utc


@pytest.fixture
def tpu_conference(db):
    """The seed conference, loaded the way `make run` loads it."""
    call_command("load_conference", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return Conference.objects.get(slug="science-and-technology-bridge-continents")


@pytest.fixture
def conference(db):
    """A conference shaped like the seed's: Tomsk time, 16-20 May 2022."""
    return ConferenceFactory(
        title="Science and Technology Bridge Continents",
        slug="bridge-continents",
        time_zone="Asia/Tomsk",
        starts_at=utc(2022, 5, 16, 12, 0),
        ends_at=utc(2022, 5, 20, 15, 0),
        venue_name="Tomsk Polytechnic University",
        venue_city="Tomsk",
    )
