"""Keeps the privacy notice's promises on retention (run daily, e.g. from cron):

- registrations whose address was never confirmed: deleted after 30 days;
- registrations of conferences that ended more than 180 days ago: personal data erased
  (the anonymous row stays, so counts remain true);
- copies of sent mail in django-mailer's log: deleted after 90 days;
- exports of registrations made in the admin (CSV and Excel): deleted after 7 days;
- the results of decisions on many registrations (names of who was refused): after 30 days.
"""

from django.core.management.base import BaseCommand
from django.utils import timezone
from mailer.models import RESULT_FAILURE, RESULT_SUCCESS, MessageLog

from audit.services import record_destruction
from jobs import services as jobs
from registration import services
from registration.runners import DECISION_KEEP_DAYS, EXPORT_KEEP_DAYS, EXPORT_KINDS

UNCONFIRMED_DAYS = 30
AFTER_CONFERENCE_DAYS = 180
MAIL_LOG_DAYS = 90


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
        exports = jobs.purge(kind_names=EXPORT_KINDS, days=EXPORT_KEEP_DAYS, now=now)
        record_destruction(
            rule=f"retention: exports of registrations after {EXPORT_KEEP_DAYS} days",
            categories={"spreadsheets of registrations": exports},
        )
        decisions = jobs.purge(
            kind_names=["registration.decide", "registration.resend"],
            days=DECISION_KEEP_DAYS,
            now=now,
        )
        record_destruction(
            rule=f"retention: results of decisions on many after {DECISION_KEEP_DAYS} days",
            categories={"results of background decisions": decisions},
        )
        self.stdout.write(f"Deleted {exports} exports of registrations.")
