"""Deletes "Request more information" messages six months after they were sent, as the
privacy notice promises (run daily, beside purge_registration_data)."""

from django.core.management.base import BaseCommand

from audit.services import record_destruction
from events import services


class Command(BaseCommand):
    help = "Deletes enquiries older than the privacy notice's retention period (six months)."

    def handle(self, *args, **options):
        deleted = services.purge_enquiries()
        # Recorded here: audit builds on events, so events' services cannot call it.
        record_destruction(
            rule="retention: enquiries after six months",
            categories={"enquiries from conference pages": deleted},
        )
        self.stdout.write(f"Deleted {deleted} enquiries older than six months.")
