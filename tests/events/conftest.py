import pytest
from django.core.management import call_command

from events.models import Conference


@pytest.fixture
def tpu_conference(db):
    """The seed conference, loaded the way `make run` loads it."""
    call_command("load_conference", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return Conference.objects.get(slug="science-and-technology-bridge-continents")
