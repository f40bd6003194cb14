"""Deletes badge print runs and their PDFs 30 days after they were made, as the privacy
notice promises (run daily, beside purge_registration_data)."""

from django.core.management.base import BaseCommand

from documents import services


class Command(BaseCommand):
    help = "Deletes badge print runs (PDFs with names) older than 30 days."

    def handle(self, *args, **options):
        deleted = services.purge_badge_runs()
        self.stdout.write(f"Deleted {deleted} badge print runs older than 30 days.")
