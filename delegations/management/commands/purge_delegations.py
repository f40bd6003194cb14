"""Keeps the privacy notice's promises on delegations (run daily, e.g. from cron, beside
purge_registration_data): see delegations.services.purge."""

from django.core.management.base import BaseCommand

from delegations import services


class Command(BaseCommand):
    help = "Deletes delegation data that the privacy notice says we no longer keep."

    def handle(self, *args, **options):
        delegations, people = services.purge()
        self.stdout.write(f"Deleted {delegations} delegations and {people} people's rows.")
