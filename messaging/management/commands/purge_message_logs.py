"""Daily: deletes the send logs older than the privacy page says (MESSAGE_LOG_RETENTION_DAYS)."""

from django.core.management.base import BaseCommand

from messaging import services


class Command(BaseCommand):
    help = "Deletes the send logs of messages to attendees older than the retention period."

    def handle(self, *args, **options):
        deleted = services.purge_send_logs()
        self.stdout.write(f"Deleted {deleted} send log entries.")
