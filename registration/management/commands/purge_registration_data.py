"""Keeps the privacy notice's promises on retention (run daily, e.g. from cron):

- registrations whose address was never confirmed: deleted after 30 days;
- registrations of conferences that ended more than 180 days ago: personal data erased
  (the anonymous row stays, so counts remain true);
- copies of sent mail in django-mailer's log: deleted after 90 days;
- Excel exports of registrations made in the admin: deleted after 7 days.
"""

import datetime as dt

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from mailer.models import RESULT_FAILURE, RESULT_SUCCESS, MessageLog

from registration import services
from registration.models import Registration, RegistrationExport

UNCONFIRMED_DAYS = 30
AFTER_CONFERENCE_DAYS = 180
MAIL_LOG_DAYS = 90
EXPORT_KEEP_DAYS = 7


class Command(BaseCommand):
    help = "Deletes or erases registration data that the privacy notice says we no longer keep."

    def handle(self, *args, **options):
        now = timezone.now()
        with transaction.atomic():
            stale = Registration.objects.filter(
                status=Registration.Status.PENDING_EMAIL,
                created_at__lt=now - dt.timedelta(days=UNCONFIRMED_DAYS),
            )
            unconfirmed, _by_model = stale.delete()
        ended = Registration.objects.filter(
            erased_at__isnull=True,
            conference__ends_at__lt=now - dt.timedelta(days=AFTER_CONFERENCE_DAYS),
        )
        erased = 0
        for registration in ended.iterator():
            services.erase_personal_data(registration=registration, now=now)
            erased += 1
        logs = MessageLog.objects.purge_old_entries(
            MAIL_LOG_DAYS, result_codes=[RESULT_SUCCESS, RESULT_FAILURE]
        )
        self.stdout.write(
            f"Deleted {unconfirmed} unconfirmed registrations, erased {erased} after their "
            f"conference, deleted {logs} mail log entries."
        )
        exports, _by_model = RegistrationExport.objects.filter(
            created_at__lt=now - dt.timedelta(days=EXPORT_KEEP_DAYS)
        ).delete()
        self.stdout.write(f"Deleted {exports} exports of registrations.")
