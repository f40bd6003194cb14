"""Seals the queued mail again with the first of MAIL_ENCRYPTION_KEYS (after a new key is
put first), so the old key can be dropped without making queued mail unreadable."""

from django.core.management.base import BaseCommand

from outbox.services import seal_queue


class Command(BaseCommand):
    help = "Seals every queued message with the first of MAIL_ENCRYPTION_KEYS."

    def handle(self, *args, **options):
        count = seal_queue(reseal=True)
        self.stdout.write(f"Sealed {count} queued messages with the first key.")
