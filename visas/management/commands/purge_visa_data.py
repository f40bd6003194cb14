"""Keeps the privacy notice's promise on visa data (run daily, e.g. from cron): passport
data and official invitations are deleted a set number of days after the conference ends
(VisaSettings.purge_after_days, 30 unless the organisers chose otherwise). The officers'
export files (background jobs) are deleted a day after they were made."""

from django.core.management.base import BaseCommand

from audit.services import record_destruction
from jobs import services as jobs
from visas import runners, services


class Command(BaseCommand):
    help = "Deletes passport data and invitations of visa requests past their conference's limit."

    def handle(self, *args, **options):
        purged = services.purge()
        self.stdout.write(f"Visa requests purged: {purged}")
        exports = jobs.purge(kind_names=list(runners.KINDS), days=runners.KEEP_DAYS)
        record_destruction(
            rule=f"retention: exports of visa requests after {runners.KEEP_DAYS} day",
            categories={"spreadsheets of visa requests": exports},
        )
        self.stdout.write(f"Visa exports deleted: {exports}")
