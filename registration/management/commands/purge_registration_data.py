"""Keeps the privacy notice's promises on retention (run daily, e.g. from cron):

- registrations whose address was never confirmed: deleted after 30 days;
- registrations of conferences that ended more than 180 days ago: personal data erased
  (the anonymous row stays, so counts remain true);
- copies of sent mail in django-mailer's log: deleted after 90 days;
- Excel exports of registrations made in the admin: deleted after 7 days.
"""

import datetime as dt

from django.core.management.base import BaseCommand
from django.utils import timezone
from mailer.models import RESULT_FAILURE, RESULT_SUCCESS, MessageLog

from audit.services import record_destruction
from registration import services
from registration.models import RegistrationExport

UNCONFIRMED_DAYS = 30
AFTER_CONFERENCE_DAYS = 180
MAIL_LOG_DAYS = 90
EXPORT_KEEP_DAYS = 7


class Command(BaseCommand):
    help = "Deletes or erases registration data that the privacy notice says we no longer keep."

    def handle(self, *args, **options):
        """Each step writes a destruction record (audit): the rule, what and how many."""
        now = timezone.now()
        unconfirmed = services.delete_unconfirmed(now=now, days=UNCONFIRMED_DAYS)
        erased = services.erase_after_conferences(now=now, days=AFTER_CONFERENCE_DAYS)
        logs = MessageLog.objects.purge_old_entries(
            MAIL_LOG_DAYS, result_codes=[RESULT_SUCCESS, RESULT_FAILURE]
        )
        record_destruction(
            rule=f"retention: copies of sent mail after {MAIL_LOG_DAYS} days",
            categories={"copies of sent mail": logs},
        )
        self.stdout.write(
            f"Deleted {unconfirmed} unconfirmed registrations, erased {erased} after their "
            f"conference, deleted {logs} mail log entries."
        )
        exports, _by_model = RegistrationExport.objects.filter(
            created_at__lt=now - dt.timedelta(days=EXPORT_KEEP_DAYS)
        ).delete()
        record_destruction(
            rule=f"retention: exports of registrations after {EXPORT_KEEP_DAYS} days",
            categories={"spreadsheets of registrations": exports},
        )
        self.stdout.write(f"Deleted {exports} exports of registrations.")
