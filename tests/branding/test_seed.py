import io

import pytest
from django.core.management import call_command

from branding.contrast import contrast_ratio
from branding.models import Branding
from events.models import Conference

pytestmark = pytest.mark.django_db


def run(name):
    out = io.StringIO()
    call_command(name, stdout=out)
    return out.getvalue()


def test_the_seed_conference_gets_a_tpu_blue_once():
    assert run("load_branding") == "No seed conference: run load_conference first.\n"
    run("load_conference")
    assert run("load_branding") == "Seed conference coloured #00549f.\n"
    branding = Branding.objects.get()
    assert branding.conference == Conference.objects.get()
    assert contrast_ratio(branding.primary_colour, "#ffffff") >= 4.5
    branding.primary_colour = "#0b5d3b"
    branding.save()
    assert "left as it is" in run("load_branding")
    assert Branding.objects.get().primary_colour == "#0b5d3b"
