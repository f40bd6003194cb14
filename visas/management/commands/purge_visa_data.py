"""Keeps the privacy notice's promise on visa data (run daily, e.g. from cron): passport
data and official invitations are deleted a set number of days after the conference ends
(VisaSettings.purge_after_days, 30 unless the organisers chose otherwise)."""

from django.core.management.base import BaseCommand

from visas import services


class Command(BaseCommand):
    help = "Deletes passport data and invitations of visa requests past their conference's limit."

    def handle(self, *args, **options):
        purged = services.purge()
        self.stdout.write(f"Visa requests purged: {purged}")
