"""Gives the seed conference (events' load_conference) a TPU-like blue, once: a branding
an organiser has set is left as it is. No logo files: those are the organisers' to upload."""

from django.core.management.base import BaseCommand

from branding import services
from branding.models import Branding
from events.models import Conference

SEED_SLUG = "science-and-technology-bridge-continents"
TPU_BLUE = "#00549f"  # 7.58:1 with white


class Command(BaseCommand):
    help = "Give the seed conference a TPU-like primary colour (once)."

    def handle(self, *args, **options):
        conference = Conference.objects.filter(slug=SEED_SLUG).first()
        if conference is None:
            self.stdout.write("No seed conference: run load_conference first.")
            return
        if Branding.objects.filter(conference=conference).exists():
            self.stdout.write("The seed conference already has its branding; left as it is.")
            return
        services.save_branding(branding=Branding(conference=conference, primary_colour=TPU_BLUE))
        self.stdout.write(f"Seed conference coloured {TPU_BLUE}.")
