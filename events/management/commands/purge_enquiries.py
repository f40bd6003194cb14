"""Deletes "Request more information" messages six months after they were sent, as the
privacy notice promises (run daily, beside purge_registration_data)."""

from django.core.management.base import BaseCommand

from events import services


class Command(BaseCommand):
    help = "Deletes enquiries older than the privacy notice's retention period (six months)."

    def handle(self, *args, **options):
        deleted = services.purge_enquiries()
        self.stdout.write(f"Deleted {deleted} enquiries older than six months.")
